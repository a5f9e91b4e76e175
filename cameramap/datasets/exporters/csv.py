"""CSV (RFC 4180): UTF-8, a header row, ``lon``/``lat`` columns, directions as a ``;`` list."""

import csv
import io
from collections.abc import Iterable, Iterator
from itertools import islice
from operator import itemgetter

from ..columns import INDEX, NAMES, TEXT, Row

# A spreadsheet runs a cell that starts with one of these as a formula ("CSV injection"). Free
# text comes from volunteers and OpenStreetMap, and the file is opened by journalists in Excel:
# such values get a leading apostrophe, which spreadsheets show as text and hide.
FORMULA_START = frozenset("=+-@\t\r")
_TEXT_INDEXES = tuple(INDEX[name] for name in TEXT)
_texts = itemgetter(*_TEXT_INDEXES)


def defuse(row: Row) -> Row:
    for value in _texts(row):
        if value and value[0] in FORMULA_START:
            row = list(row)
            for j in _TEXT_INDEXES:
                if row[j] and row[j][0] in FORMULA_START:
                    row[j] = "'" + row[j]
            return row
    return row


def stream(rows: Iterable[Row], *, meta: dict | None = None, rows_per_chunk: int = 1000) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(NAMES)
    rows = iter(rows)
    while True:
        chunk = list(islice(rows, rows_per_chunk))
        writer.writerows(map(defuse, chunk))  # the loop in C: a fifth faster than row by row
        yield buffer.getvalue().encode("utf-8")
        buffer.seek(0)
        buffer.truncate()
        if len(chunk) < rows_per_chunk:
            return
