"""GeoPackage (OGC 12-128r18): one ``cameras`` point layer in EPSG:4326, typed fields (integers,
reals, dates, text, and ``verified`` a BOOLEAN: 0 or 1, as GDAL stores one), with its spatial
index. The camera id is the ``id`` field (GDAL numbers the features itself in ``fid``).

A GeoPackage is a SQLite database, so it cannot be sent while it is written: it is written to a
file, then sent. It is made in two steps:

1. GDAL creates the GeoPackage with the layer and no rows (``layer_gdal.py``, through the GDAL
   library GeoDjango has loaded): the GeoPackage tables, the layer's table and fields, the
   coordinate system, the metadata, the spatial index (an empty R*Tree) and the triggers that
   keep the index and the feature count current — the file as GDAL lays it out, which ``ogrinfo``
   and QGIS (through the same GDAL driver) read as their own.
2. SQLite (Python's ``sqlite3``) fills it in bulk, in one transaction: the rows as they are stored
   (integers, reals, booleans as 0 or 1, dates as ISO text, text, and the geometry as a GeoPackage
   blob: an 8-byte header and well-known binary), ten to a statement; then the spatial index
   packed in one go (``_rtree.py``), the layer's extent and feature count. The triggers that would
   update the index and the count row by row are set aside meanwhile and put back, unchanged, at
   the end. A failure midway removes the file (without a journal, SQLite cannot roll back).

GDAL inserting the rows itself was measured far slower than this within the 200 MB a download
may use (GDAL through pyogrio; the figures are in ``benchmarks/RESULTS.md``): GDAL's own insert
path and R*Tree, not the data, were the limit. Tests
hold this writer to what GDAL writes: the same rows and index entries as GDAL appending the same
rows to the same empty layer, and the triggers exactly those GDAL created.

The rows come from a live download on PostGIS as the values themselves (``write_query``: the
query builds the blob and the date text, a second thread reads the next rows while SQLite writes
the current ones), or from the text rows every other writer takes (``write``: releases, SpatiaLite).
"""

import sqlite3
import struct
from collections.abc import Iterable, Iterator
from contextlib import closing
from datetime import UTC, datetime
from itertools import chain, islice
from pathlib import Path

import numpy as np
from django.db import connection

from ..columns import COLUMNS, INDEX, Row, rows_queryset
from ..prefetch import rows_prefetched
from . import _rtree, layer_gdal

LAYER = "cameras"
GEOMETRY = "geom"  # GDAL's default name for a GeoPackage geometry column
INDEX_TABLE = f"rtree_{LAYER}_{GEOMETRY}"
CHUNK_ROWS = 1_000  # rows a chunk (~1.6 kB each as Python objects; a few chunks exist at once)
FIELDS = tuple(c for c in COLUMNS if c.name not in ("lon", "lat"))
_FIELD_TYPES = {"integer": layer_gdal.INTEGER64, "number": layer_gdal.REAL, "date": layer_gdal.DATE,
                "string": layer_gdal.STRING, "boolean": layer_gdal.BOOLEAN}
# A GeoPackage geometry blob (GeoPackage 1.2, 2.1.3): "GP", version 0, flags 1 (little-endian,
# no envelope: a point is its own), SRS id 4326; then the point as little-endian well-known binary.
BLOB_HEADER = b"GP\x00\x01" + struct.pack("<i", 4326)
_POINT = struct.Struct("<BIdd")
_BLOB = np.dtype([("header", "V8"), ("order", "u1"), ("type", "<u4"), ("x", "<f8"), ("y", "<f8")])
_STORED_COLUMNS = ", ".join(f'"{name}"' for name in (GEOMETRY, *(c.name for c in FIELDS)))
_WIDTH = len(FIELDS) + 1  # values a row
# Rows go in ten to a statement: a fifth faster than one by one (a statement's own cost, and
# AUTOINCREMENT's bookkeeping, paid a tenth as often).
_GROUP = 10


def _insert(rows: int) -> str:
    values = ", ".join([f"({', '.join('?' * _WIDTH)})"] * rows)
    return f'INSERT INTO "{LAYER}" ({_STORED_COLUMNS}) VALUES {values}'


def _metadata(meta: dict) -> dict:
    return {key.upper(): str(meta[key]) for key in ("title", "version", "licence", "attribution") if meta.get(key)}


def _create(path: Path, meta: dict) -> None:
    """Step 1: GDAL writes the GeoPackage with the layer and no rows."""
    layer_gdal.create(
        path, driver="GPKG", layer=LAYER, srid=4326, geometry_type=layer_gdal.POINT,
        fields=[(c.name, _FIELD_TYPES[c.type]) for c in FIELDS],
        # 1.2 rather than GDAL's newest: QGIS and ogrinfo on older GDAL read it without a warning.
        dataset_options={"VERSION": "1.2"},
        layer_options={"DESCRIPTION": "Surveillance cameras", "GEOMETRY_NAME": GEOMETRY},
        metadata=_metadata(meta),
    )


def _fill(path: Path, chunks: Iterator[list[tuple]], *, progress=None) -> int:
    """Step 2: the rows of ``chunks`` (each a list of tuples in the insert's order: the geometry
    blob, then ``FIELDS``), then the spatial index, extent and feature count, in one SQLite
    transaction."""
    db = sqlite3.connect(path, isolation_level=None)
    try:
        # Written once, by one writer, in a temporary folder, and read only when complete: no
        # journal and no syncing to disk (a crash leaves a file nobody will read).
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        triggers = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?",
                              (LAYER,)).fetchall()
        db.execute("BEGIN")
        for name, _sql in triggers:
            db.execute(f'DROP TRIGGER "{name}"')
        x, y, written = _Points(), _Points(), 0
        grouped, single = _insert(_GROUP), _insert(1)
        for chunk in chunks:
            values = list(chain.from_iterable(chunk))
            whole = len(chunk) - len(chunk) % _GROUP  # rows that go in groups
            step = _GROUP * _WIDTH
            db.executemany(grouped, [values[at:at + step] for at in range(0, whole * _WIDTH, step)])
            db.executemany(single, chunk[whole:])
            points = np.frombuffer(b"".join(values[::_WIDTH]), dtype=_BLOB)
            x.extend(points["x"])
            y.extend(points["y"])
            written += len(chunk)
            if progress is not None:
                progress(len(chunk))
        # A new table numbers its rows 1, 2, … (AUTOINCREMENT): the index takes them so.
        (last,) = db.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", (LAYER,)).fetchone() or (0,)
        if last != written:
            raise RuntimeError(f"GeoPackage rows numbered up to {last}, {written} written")
        x, y = x.values(), y.values()
        _rtree.write_points(db, INDEX_TABLE, 1, x, y)
        extent = (float(x.min()), float(y.min()), float(x.max()), float(y.max())) if written else (None,) * 4
        db.execute("UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ?, last_change = ? "
                   "WHERE table_name = ?", (*extent, _now(), LAYER))
        db.execute("UPDATE gpkg_ogr_contents SET feature_count = ? WHERE table_name = ?", (written, LAYER))
        for _name, sql in triggers:
            db.execute(sql)
        db.execute("COMMIT")
    finally:
        db.close()
    return written


class _Points:
    """A growing array of coordinates, in one block that doubles when full (a block of that size
    is given back to the system when freed, unlike a list of small arrays)."""

    def __init__(self):
        self.block, self.length = np.empty(1 << 16), 0

    def extend(self, values: np.ndarray) -> None:
        if self.length + len(values) > len(self.block):
            self.block = np.resize(self.block, max(2 * len(self.block), self.length + len(values)))
        self.block[self.length:self.length + len(values)] = values
        self.length += len(values)

    def values(self) -> np.ndarray:
        return self.block[:self.length]


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"  # as GeoPackage writes it


def _write(path: Path, chunks: Iterator[list[tuple]], meta: dict | None, progress=None) -> int:
    path = Path(path)
    path.unlink(missing_ok=True)
    try:
        _create(path, meta or {})
        return _fill(path, chunks, progress=progress)
    except BaseException:
        path.unlink(missing_ok=True)  # never half a file (without a journal, SQLite cannot roll back)
        raise


# From text rows (releases, SpatiaLite): each value made what SQLite stores.

def _blob(lon: str, lat: str) -> bytes:
    return BLOB_HEADER + _POINT.pack(1, 1, float(lon), float(lat))


def _maybe(kind):
    return lambda value: None if value is None else kind(value)


_CONVERT = {"integer": _maybe(int), "number": _maybe(float), "date": None, "string": None,
            "boolean": {"true": 1, "false": 0}.get}  # a BOOLEAN field as GDAL stores it
_AS_STORED = tuple((INDEX[c.name], _CONVERT[c.type]) for c in FIELDS)
_LON, _LAT = INDEX["lon"], INDEX["lat"]


def _stored(row: Row) -> tuple:
    return (_blob(row[_LON], row[_LAT]),
            *(row[i] if convert is None else convert(row[i]) for i, convert in _AS_STORED))


def write(rows: Iterable[Row], path: Path, *, meta: dict | None = None, progress=None) -> int:
    """The GeoPackage of ``rows`` (releases, SpatiaLite)."""
    rows = iter(rows)

    def chunks() -> Iterator[list[tuple]]:
        while chunk := list(islice(rows, CHUNK_ROWS)):
            yield [_stored(row) for row in chunk]

    return _write(path, chunks(), meta, progress)


# From PostgreSQL (live downloads on PostGIS): the query gives the values as they are stored.

def _stored_sql(column) -> str:
    value = f'r."x_{column.name}"'
    if column.type == "date":
        return f"{value}::text"  # ISO 8601, as in every other format
    if column.type == "number":
        return f"{value}::float8"
    if column.type == "boolean":
        return f"{value}::int"  # 0 or 1, as GDAL stores a BOOLEAN field
    return value


_SELECT = ", ".join([
    f"'\\x{BLOB_HEADER.hex()}'::bytea || ST_AsBinary(ST_MakePoint(r.\"x_lon\", r.\"x_lat\"), 'NDR')",
    *map(_stored_sql, FIELDS),
])


def stored_query(queryset) -> tuple[str, tuple]:
    """The SQL (and its parameters) that reads ``queryset``'s cameras as the GeoPackage stores
    them, in the insert's order: the coordinates rounded as in every other format, in id order."""
    sql, params = rows_queryset(queryset, typed=True).query.sql_with_params()
    return f'SELECT {_SELECT} FROM ({sql}) AS r ORDER BY r."x_id"', params


def _fetched(queryset) -> Iterator[list[tuple]]:
    """The rows, ``CHUNK_ROWS`` at a time, through one server-side cursor: one query, so one
    snapshot, however long the file takes to write. In binary: the blob and the numbers come as
    they are (a tenth less work than parsing them from text)."""
    connection.ensure_connection()
    # Django's exceptions, as from any other query.
    with connection.wrap_database_errors, connection.connection.cursor(name="cameramap_gpkg_rows", binary=True) as cursor:
        cursor.execute(*stored_query(queryset))
        while chunk := cursor.fetchmany(CHUNK_ROWS):
            yield chunk


def write_query(queryset, path: Path, *, meta: dict | None = None) -> int:
    """The GeoPackage of ``queryset``'s cameras, read from PostgreSQL by a second thread
    (``prefetch.rows_prefetched``) while SQLite writes (live downloads on PostGIS)."""
    with closing(rows_prefetched(_fetched(queryset), chunk_size=1, depth=2)) as chunks:
        return _write(path, chunks, meta)
