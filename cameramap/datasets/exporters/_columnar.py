"""GeoPackage batches read from PostgreSQL as columns, not rows.

GDAL takes a GeoPackage's rows as Arrow columns (``gpkg.py``). Read as rows, every value of a
million cameras becomes a Python object and then goes into a column: some 27 million objects,
more time than GDAL spends writing the file. Here PostgreSQL builds the columns itself: for each
batch of cameras, one query answers one row whose values are the batch's columns as binary
(``string_agg`` over ``float8send``, ``int8send``, … and the UTF-8 of the text, a NUL between
values), which numpy reads as they are. Python's work is per batch, not per camera.

The batches are read in id order, ``BATCH_ROWS`` at a time after the last id of the previous
one, in one REPEATABLE READ transaction: every batch sees the same snapshot, so the file holds the
cameras as they were when the download started, as a single query would. All the aggregates of a
query read the same rows in the same order, so the columns of a batch line up.

The values are those of ``columns.row_expressions`` (the text exactly as in every other format);
numbers and dates are read typed, a missing one sent as a value no camera can have (the smallest
64-bit integer, NaN for the height, a day in year −5,877,641 for dates) and masked here.
"""

from collections.abc import Iterator

import numpy as np
from django.db import connection
from django.db.models import QuerySet

from ..columns import COLUMNS, rows_queryset
from ._arrow import Column, validity

BATCH_ROWS = 5_000
# A missing value is sent as one no column can hold: the smallest int8 (which SQL can only
# write as an expression), NaN for the height, and a day in year −5,877,641 for dates.
_NO_INTEGER, _NO_INTEGER_SQL, _NO_DAYS = -(2**63), "(-9223372036854775807 - 1)", -2_147_483_647


def _aggregate(column) -> str:
    value = f'r."x_{column.name}"'
    if column.name in ("lon", "lat"):
        return f"string_agg(float8send({value}), '')"
    if column.type == "string":
        return f"string_agg(textsend({value}), '\\x00'::bytea)"  # UTF-8, a NUL between values
    if column.type == "integer":
        return f"string_agg(int8send(coalesce({value}::int8, {_NO_INTEGER_SQL})), '')"
    if column.type == "number":
        return f"string_agg(float8send(coalesce({value}::float8, 'NaN')), '')"
    if column.type == "date":
        return f"string_agg(int4send(coalesce({value} - DATE '1970-01-01', {_NO_DAYS})), '')"
    raise ValueError(column.type)


_SELECT = ", ".join(["count(*)", 'max(r."x_id")', *map(_aggregate, COLUMNS)])


def _batch_sql(rows: QuerySet, after: int) -> tuple[str, tuple]:
    sql, params = rows.filter(id__gt=after)[:BATCH_ROWS].query.sql_with_params()
    return f"SELECT {_SELECT} FROM ({sql}) AS r", params


def _typed(data: bytes, big_endian: str, native: str, missing) -> Column:
    values = np.frombuffer(data, dtype=big_endian)
    present = ~np.isnan(values) if missing is None else values != missing
    bitmap, nulls = validity(present)
    return Column(len(values), nulls, [bitmap, values.astype(native)])


def _columns(values: list, count: int, strings) -> tuple[list[Column], np.ndarray, np.ndarray]:
    """A batch's columns (the fields of ``gpkg.SCHEMA`` but the geometry), and lon, lat."""
    values = iter(values)
    batch, lon, lat = [], None, None
    for column in COLUMNS:
        if column.name == "lon":
            lon = np.frombuffer(next(values), dtype=">f8")
        elif column.name == "lat":
            lat = np.frombuffer(next(values), dtype=">f8")
        elif column.type == "string":
            batch.append(strings(next(values), count))
        elif column.type == "integer":
            batch.append(_typed(next(values), ">i8", "<i8", _NO_INTEGER))
        elif column.type == "number":
            batch.append(_typed(next(values), ">f8", "<f8", None))
        else:  # date
            batch.append(_typed(next(values), ">i4", "<i4", _NO_DAYS))
    return batch, lon, lat


def column_batches(queryset: QuerySet, points, strings) -> Iterator[list[Column]]:
    """The cameras of ``queryset`` as batches of Arrow columns for ``gpkg.SCHEMA``; ``points``
    makes the geometry column from lon and lat arrays, ``strings`` a text column from its values
    joined by NUL. PostgreSQL only, in a REPEATABLE READ transaction (``gpkg.write_query`` reads
    it through ``prefetch.rows_prefetched(…, repeatable_read=True)``)."""
    rows, after = rows_queryset(queryset, typed=True), 0
    with connection.cursor() as cursor:
        # One plan without parallel workers: the rows of a batch in id order, as from the rows.
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        while True:
            cursor.execute(*_batch_sql(rows, after))
            count, last, *values = cursor.fetchone()
            if not count:
                return
            batch, lon, lat = _columns([bytes(v) for v in values], count, strings)
            yield [points(lon, lat), *batch]
            if count < BATCH_ROWS:
                return
            after = last
