"""GeoJSON (RFC 7946): a FeatureCollection of Points in lon/lat order (WGS 84, no ``crs``
member), one Feature per camera with every column as a property (numbers as numbers, ``verified``
as true or false, directions as an array of degrees, dates as ISO 8601 strings, missing values as
null)."""

import json
from collections.abc import Iterable, Iterator

from ..columns import COLUMNS, INDEX, TEXT, Row
from ._text import Memo, buffered, row_function

_quote = json.encoder.encode_basestring  # the C implementation
# A day as a JSON string, null when none: a few hundred distinct days, each written once.
_day = Memo(lambda value: f'"{value}"' if value else "null")


def _property(column) -> tuple[str, str]:
    """(template piece, Python expression) for one column of row ``r``."""
    i = INDEX[column.name]
    if column.name == "directions":
        return "[%s]", f"r[{i}].replace(';', ',')"
    if column.type in ("integer", "number"):
        return "%s", f"(r[{i}] or 'null')"
    if column.type == "boolean":
        return "%s", f"r[{i}]"  # the database's true or false: JSON's own words
    if column.type == "date":
        return "%s", f"_day[r[{i}]]"
    if column.name in TEXT or column.name == "osm_type":
        return "%s", f"_quote(r[{i}])"
    # The enumerated attributes: the database's CHECK constraints keep them to the vocabulary,
    # plain ASCII words that need no escaping.
    return '"%s"', f"r[{i}]"


def _feature_function():
    # One f-string: the line built in one go, no argument tuple (a tenth faster than %).
    pieces = []
    for column in COLUMNS:
        if column.name in ("lon", "lat"):
            continue
        template, expression = _property(column)
        pieces.append(f'"{column.name}":' + template.replace("%s", "{" + expression + "}"))
    i, x, y = INDEX["id"], INDEX["lon"], INDEX["lat"]
    template = (
        '{{"type":"Feature","id":{r[%d]},"geometry":{{"type":"Point","coordinates":[{r[%d]},{r[%d]}]}},"properties":{{'
        % (i, x, y) + ",".join(pieces) + "}}}}"
    )
    return row_function("geojson_feature", 'f"""' + template + '"""', _quote=_quote, _day=_day)


feature = _feature_function()


def _parts(rows: Iterable[Row], meta: dict) -> Iterator[str]:
    head = {"type": "FeatureCollection", "name": "cameras"}
    for key in ("title", "version", "licence", "attribution"):  # foreign members (RFC 7946 §6.1)
        if meta.get(key):
            head[key] = meta[key]
    yield json.dumps(head, ensure_ascii=False)[:-1] + ',"features":[\n'
    rows = iter(rows)
    first = next(rows, None)
    if first is not None:
        yield feature(first)
        for row in rows:
            yield ",\n" + feature(row)
    yield "\n]}\n"


def stream(rows: Iterable[Row], *, meta: dict | None = None) -> Iterator[bytes]:
    return buffered(_parts(rows, meta or {}))
