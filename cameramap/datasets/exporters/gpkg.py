"""GeoPackage (OGC 12-128r18) through GDAL (pyogrio): one ``cameras`` point layer in EPSG:4326,
typed fields (integers, reals, dates, text). The camera id is the ``id`` field (GDAL numbers
the features itself in ``fid``: appending chunks cannot set it).

A GeoPackage is a SQLite database, so it cannot be sent while it is written: it is written to a
file in chunks of rows (memory bounded by the chunk, whatever the number of cameras), then sent.
"""

import logging
from collections.abc import Iterable
from itertools import islice
from pathlib import Path

import numpy as np
import pyogrio.raw

from ..columns import COLUMNS, INDEX, Row

logging.getLogger("pyogrio").setLevel(logging.WARNING)  # else one INFO line per chunk written

LAYER = "cameras"
CHUNK_ROWS = 10_000
_FIELDS = tuple(c for c in COLUMNS if c.name not in ("lon", "lat"))


def _points(lon, lat):
    """Well-known binary of each point (little endian, type 1 = Point), vectorised."""
    records = np.empty(len(lon), dtype=np.dtype([("order", "u1"), ("type", "<u4"), ("x", "<f8"), ("y", "<f8")]))
    records["order"], records["type"], records["x"], records["y"] = 1, 1, lon, lat
    raw = records.tobytes()
    size = records.dtype.itemsize
    return np.array([raw[i : i + size] for i in range(0, len(raw), size)], dtype=object)


def _column(values: list, kind: str):
    """Text values → a typed array and its null mask (None when nothing is null)."""
    if kind == "integer":
        mask = np.array([v is None for v in values])
        data = np.array([0 if v is None else int(v) for v in values], dtype=np.int64)
        return data, (mask if mask.any() else None)
    if kind == "number":
        return np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64), None
    if kind == "date":
        return np.array(values, dtype="datetime64[D]"), None
    return np.array(values, dtype=object), None


def _metadata(meta: dict) -> dict:
    return {key.upper(): str(meta[key]) for key in ("title", "version", "licence", "attribution") if meta.get(key)}


def write(rows: Iterable[Row], path: Path, *, meta: dict | None = None, progress=None) -> int:
    rows = iter(rows)
    path = Path(path)
    path.unlink(missing_ok=True)
    written, first = 0, True
    names = [c.name for c in _FIELDS]
    while True:
        chunk = list(islice(rows, CHUNK_ROWS))
        if not chunk and not first:
            break
        columns = list(zip(*chunk)) if chunk else [()] * len(COLUMNS)
        lon = np.array(columns[INDEX["lon"]], dtype=np.float64)
        lat = np.array(columns[INDEX["lat"]], dtype=np.float64)
        data, masks = [], []
        for column in _FIELDS:
            values, mask = _column(list(columns[INDEX[column.name]]), column.type)
            data.append(values)
            masks.append(mask)
        pyogrio.raw.write(
            str(path), _points(lon, lat), data, names, field_mask=masks, layer=LAYER, driver="GPKG",
            geometry_type="Point", crs="EPSG:4326", append=not first,
            # 1.2 rather than GDAL's newest: QGIS and ogrinfo on older GDAL read it without a warning.
            dataset_options={"VERSION": "1.2"} if first else None,
            layer_options={"DESCRIPTION": "Surveillance cameras"} if first else None,
            layer_metadata=_metadata(meta or {}) if first else None,
        )
        first = False
        written += len(chunk)
        if progress is not None and chunk:
            progress(len(chunk))
        if len(chunk) < CHUNK_ROWS:
            break
    return written
