"""GeoPackage (OGC 12-128r18) through GDAL (pyogrio): one ``cameras`` point layer in EPSG:4326,
typed fields (integers, reals, dates, text). The camera id is the ``id`` field (GDAL numbers
the features itself in ``fid``).

A GeoPackage is a SQLite database, so it cannot be sent while it is written: it is written to a
file, then sent. The rows go to GDAL as one stream of Arrow record batches of ``CHUNK_ROWS`` rows
(``pyogrio.write_arrow``): one call, one layer, GDAL pulling batch after batch and inserting each
in bulk, with the spatial index built once at the end — several times faster than writing the
features one by one, and only one batch exists at a time, so memory is bounded by the chunk
whatever the number of cameras. From rows (releases, SpatiaLite), each column of text becomes an
Arrow buffer through numpy; for a live download on PostGIS, PostgreSQL hands over the columns
ready-made (``_columnar.py``). The points are written as well-known binary laid end to end.
"""

import functools
import logging
from collections.abc import Iterable, Iterator
from contextlib import closing
from itertools import islice
from pathlib import Path

import numpy as np

from ..columns import COLUMNS, INDEX, Row
from ..prefetch import rows_prefetched
from ._arrow import Column, RecordBatchStream, offsets, validity
from ._text import Memo

logging.getLogger("pyogrio").setLevel(logging.WARNING)

# GDAL builds a new layer's spatial index in memory (by default in a second thread, as the rows
# arrive): 33 MB for a million cameras (59 MB threaded), which the 200 MB an export may use cannot
# spare. Capped, it builds the index within 10 MB whatever the number of rows, at a price: GDAL
# alone writes a million of our rows at 61k/s so, against 115k/s with the index in memory
# (benchmarks/RESULTS.md). The file is written once, in a temporary folder, by one writer, and
# is read only when complete (sent, or copied to a release's storage): SQLite need not sync it to
# disk or journal it (a tenth faster). (Process-wide GDAL settings: only exports write GeoPackages.)
GDAL_OPTIONS = {
    "OGR_GPKG_ALLOW_THREADED_RTREE": "NO", "OGR_GPKG_MAX_RAM_USAGE_RTREE": "10000000",
    "OGR_SQLITE_SYNCHRONOUS": "OFF", "OGR_SQLITE_JOURNAL": "OFF",
}


@functools.cache
def _pyogrio():
    """pyogrio, imported on first use (its own GDAL is ~35 MB a web process need not carry
    until somebody asks for a GeoPackage; see datasets/apps.py for SpatiaLite)."""
    import pyogrio

    pyogrio.set_gdal_config_options(GDAL_OPTIONS)
    return pyogrio


LAYER = "cameras"
GEOMETRY = "geom"  # GDAL's default name for a GeoPackage geometry column
CHUNK_ROWS = 5_000  # rows of text in memory at once (~1.6 kB each as Python objects)
_FIELDS = tuple(c for c in COLUMNS if c.name not in ("lon", "lat"))
# Arrow formats: binary, int64, float64, date32 (days), UTF-8 string.
_FORMATS = {"integer": "l", "number": "g", "date": "tdD", "string": "u"}
SCHEMA = [(GEOMETRY, "z")] + [(c.name, _FORMATS[c.type]) for c in _FIELDS]
# A well-known-binary point: byte order (1, little endian), type (1, Point), x, y.
_WKB_POINT = np.dtype([("order", "u1"), ("type", "<u4"), ("x", "<f8"), ("y", "<f8")])
_NON_EMPTY = np.zeros(1, dtype=np.uint8)  # the data buffer of a column of empty strings


def _points(lon, lat) -> Column:
    n = len(lon)
    records = np.empty(n, dtype=_WKB_POINT)
    records["order"], records["type"] = 1, 1
    records["x"], records["y"] = np.array(lon, dtype=np.float64), np.array(lat, dtype=np.float64)
    steps = np.arange(0, (n + 1) * _WKB_POINT.itemsize, _WKB_POINT.itemsize, dtype=np.int32)
    return Column(n, 0, [None, steps, records.view(np.uint8)])


def _strings(values: tuple) -> Column:
    """UTF-8 data and offsets, found in C: the values are joined with NUL (which text from the
    database never holds) and encoded once; the separators' positions give the offsets."""
    n = len(values)
    bitmap, nulls = None, 0
    if None in values:
        bitmap, nulls = validity(np.fromiter((v is not None for v in values), dtype=bool, count=n))
        values = tuple("" if v is None else v for v in values)
    column = strings_joined("\0".join(values).encode("utf-8"), n)
    if column is None:  # a value holds a NUL after all: measure each one
        data = np.frombuffer("".join(values).encode("utf-8"), dtype=np.uint8)
        steps = offsets(np.fromiter(map(len, map(str.encode, values)), dtype=np.int32, count=n))
        column = Column(n, 0, [None, steps, data if len(data) else _NON_EMPTY])
    column.null_count, column.buffers[0] = nulls, bitmap
    return column


def strings_joined(joined: bytes, n: int) -> Column | None:
    """The string column of ``n`` UTF-8 values joined by NUL bytes; None if some value holds a
    NUL itself (the separators are then not n - 1)."""
    joined = np.frombuffer(joined, dtype=np.uint8)
    separators = np.flatnonzero(joined == 0)
    if len(separators) != n - 1:
        return None
    data = joined[joined != 0]
    ends = separators - np.arange(len(separators))  # where each value but the last ends in data
    steps = np.concatenate(([0], ends, [len(data)])).astype(np.int32)
    return Column(n, 0, [None, steps, data if len(data) else _NON_EMPTY])


def _days(text: str | None) -> int:
    """ISO date text → days since 1970 (through a Memo: a dataset spans a few thousand days)."""
    return 0 if text is None else int(np.datetime64(text, "D").astype(np.int64))


def _typed(values: tuple, kind: str, days: Memo) -> Column:
    n = len(values)
    bitmap, nulls = None, 0
    if None in values:
        bitmap, nulls = validity(np.fromiter(map(bool, values), dtype=bool, count=n))  # values are non-empty text
    if kind == "date":
        data = np.fromiter(map(days.__getitem__, values), dtype=np.int32, count=n)
    elif kind == "number":
        data = np.array(values, dtype=np.float64)  # None → NaN, masked
    else:
        data = np.array([v or "0" for v in values] if nulls else values, dtype=np.int64)
    return Column(n, nulls, [bitmap, data])


def _batch(chunk: list[Row], days: Memo) -> list[Column]:
    columns = list(zip(*chunk, strict=True))
    batch = [_points(columns[INDEX["lon"]], columns[INDEX["lat"]])]
    for field in _FIELDS:
        values = columns[INDEX[field.name]]
        batch.append(_strings(values) if field.type == "string" else _typed(values, field.type, days))
    return batch


def _metadata(meta: dict) -> dict:
    return {key.upper(): str(meta[key]) for key in ("title", "version", "licence", "attribution") if meta.get(key)}


def write(rows: Iterable[Row], path: Path, *, meta: dict | None = None, progress=None) -> int:
    """The GeoPackage of ``rows`` (releases, SpatiaLite)."""
    rows, days = iter(rows), Memo(_days)

    def batches() -> Iterator[list[Column]]:
        while chunk := list(islice(rows, CHUNK_ROWS)):
            yield _batch(chunk, days)

    return _write_batches(batches(), path, meta=meta, progress=progress)


def write_query(queryset, path: Path, *, meta: dict | None = None) -> int:
    """The GeoPackage of ``queryset``'s cameras, its columns built by PostgreSQL (live downloads
    on PostGIS: see ``_columnar.py``)."""
    from ._columnar import column_batches

    batches = column_batches(queryset, _points, strings_joined)
    with closing(rows_prefetched(batches, chunk_size=1, depth=2, repeatable_read=True)) as batches:
        return _write_batches(batches, path, meta=meta)


def _write_batches(batches: Iterator[list[Column]], path: Path, *, meta: dict | None, progress=None) -> int:
    path = Path(path)
    path.unlink(missing_ok=True)
    written = 0

    def counted() -> Iterator[list[Column]]:
        nonlocal written
        for batch in batches:
            written += batch[0].length
            yield batch
            if progress is not None:
                progress(batch[0].length)

    stream = RecordBatchStream(SCHEMA, counted())
    try:
        _pyogrio().write_arrow(
            stream, str(path), layer=LAYER, driver="GPKG", geometry_name=GEOMETRY, geometry_type="Point",
            crs="EPSG:4326",
            # 1.2 rather than GDAL's newest: QGIS and ogrinfo on older GDAL read it without a warning.
            dataset_options={"VERSION": "1.2"},
            layer_options={"DESCRIPTION": "Surveillance cameras"},
            layer_metadata=_metadata(meta or {}),
        )
    except Exception as error:
        if stream.error is not None:
            raise stream.error from error  # what went wrong while reading the rows, not GDAL's "error in stream"
        raise
    if stream.error is not None:  # GDAL took a failed batch for the end of the stream: never a short file
        raise stream.error
    return written
