"""The GeoPackage writer on rows made here (no database): chunks, nulls, text and failures, read
back with SQLite itself and with GDAL; the file is GDAL's own layout, its spatial index sound and
kept current by GDAL's triggers after the bulk load."""

import sqlite3
import struct

import numpy as np
import pyogrio
import pytest

from cameramap.datasets.columns import COLUMNS, INDEX, NAMES
from cameramap.datasets.exporters import gpkg


def row(camera_id: int, **values) -> tuple:
    """A row as the database renders it: text, None for missing numbers and dates."""
    defaults = {column.name: ("" if column.type == "string" else None) for column in COLUMNS}
    defaults.update(id=str(camera_id), lon="20.4573123", lat="44.8176456", status="present", confirmations="1",
                    first_seen="2026-01-10", source="crowd", verified="true", verified_on="2026-01-10")
    defaults.update(values)
    return tuple(defaults[name] for name in NAMES)


def read(path, sql: str) -> list[tuple]:
    with sqlite3.connect(path) as connection:
        return connection.execute(sql).fetchall()


def test_rows_over_several_batches_are_all_written_in_order(tmp_path, monkeypatch):
    monkeypatch.setattr(gpkg, "CHUNK_ROWS", 1000)
    rows = [row(i, lon=f"{20 + i / 1e4:.4f}", lat="44.8", osm_id=str(10**10 + i) if i % 2 else None)
            for i in range(1, 2502)]
    reported = []
    written = gpkg.write(iter(rows), tmp_path / "c.gpkg", progress=reported.append)
    assert written == 2501 and reported == [1000, 1000, 501]
    summary = "SELECT count(*), min(id), max(id), sum(osm_id IS NULL) FROM cameras"
    assert read(tmp_path / "c.gpkg", summary) == [(2501, 1, 2501, 1250)]
    assert read(tmp_path / "c.gpkg", "SELECT osm_id FROM cameras WHERE id = 2501") == [(10**10 + 2501,)]
    meta, fids, geometry, fields = pyogrio.raw.read(tmp_path / "c.gpkg", layer="cameras")
    assert list(fields[0][:3]) == [1, 2, 3]
    # GeoPackage blobs read back by GDAL as WKB: little-endian Point, lon then lat.
    assert struct.unpack("<BIdd", geometry[2500]) == (1, 1, 20.2501, 44.8)


def test_missing_numbers_and_dates_are_null_and_text_is_kept_exactly(tmp_path):
    rows = [
        row(1, height="4.5", last_confirmed="2026-02-01", operator='MUP "Srbije" & <Co>', area="Стари град"),
        row(2, height=None, confirmations="0", operator="", area="Žarkovo", directions="0;90"),
        row(3, osm_version="7", operator="=HYPERLINK()", model="X-1"),
    ]
    gpkg.write(rows, tmp_path / "c.gpkg")
    got = read(tmp_path / "c.gpkg", "SELECT id, height, confirmations, first_seen, last_confirmed, osm_version,"
                                    " operator, area, directions, model FROM cameras ORDER BY id")
    assert got == [
        (1, 4.5, 1, "2026-01-10", "2026-02-01", None, 'MUP "Srbije" & <Co>', "Стари град", "", ""),
        (2, None, 0, "2026-01-10", None, None, "", "Žarkovo", "0;90", ""),
        (3, None, 1, "2026-01-10", None, 7, "=HYPERLINK()", "", "", "X-1"),
    ]


def test_text_holding_a_nul_keeps_its_neighbours_in_place(tmp_path):
    # Not from PostgreSQL (its text holds no NUL), but a release's snapshot could.
    rows = [row(1, operator="a\x00b"), row(2, operator="Градска управа"), row(3, operator="c")]
    gpkg.write(rows, tmp_path / "c.gpkg")
    operators = [value for (value,) in read(tmp_path / "c.gpkg", "SELECT operator FROM cameras ORDER BY id")]
    assert operators[1:] == ["Градска управа", "c"] and operators[0].startswith("a")


def test_no_rows_make_an_empty_layer_with_every_field(tmp_path):
    assert gpkg.write(iter(()), tmp_path / "c.gpkg", meta={"title": "Cameras", "version": "2026-03"}) == 0
    info = pyogrio.read_info(tmp_path / "c.gpkg", layer="cameras")
    assert info["features"] == 0 and info["geometry_type"] == "Point" and info["crs"] == "EPSG:4326"
    assert list(info["fields"]) == [c.name for c in COLUMNS if c.name not in ("lon", "lat")]
    assert info["layer_metadata"]["TITLE"] == "Cameras"


def test_an_error_while_reading_rows_is_raised_as_itself(tmp_path, monkeypatch):
    monkeypatch.setattr(gpkg, "CHUNK_ROWS", 100)

    def rows():
        for i in range(1, 151):
            yield row(i)
        raise ConnectionError("database went away")

    with pytest.raises(ConnectionError, match="database went away"):
        gpkg.write(rows(), tmp_path / "c.gpkg")
    assert not (tmp_path / "c.gpkg").exists()  # no half-written file left behind


def test_rows_that_do_not_fill_a_group_of_ten_are_all_written(tmp_path, monkeypatch):
    monkeypatch.setattr(gpkg, "CHUNK_ROWS", 7)  # chunks of 7: no whole group, 2 whole groups and 3 left, …
    for count in (3, 10, 23):
        path = tmp_path / f"c{count}.gpkg"
        assert gpkg.write([row(i, lon=f"{20 + i / 100:.2f}") for i in range(1, count + 1)], path) == count
        assert read(path, "SELECT count(*), sum(id), min(fid), max(fid) FROM cameras") == [(count, count * (count + 1) // 2, 1, count)]


def test_the_layer_is_gdals_own_with_extent_count_and_index_current(tmp_path):
    rows = [row(i, lon=f"{20.3 + (i % 97) / 1000:.7f}", lat=f"{44.7 + (i * 7 % 89) / 1000:.7f}") for i in range(1, 3001)]
    gpkg.write(rows, tmp_path / "c.gpkg", meta={"title": "Cameras"})
    path = tmp_path / "c.gpkg"

    assert read(path, "SELECT min_x, min_y, max_x, max_y, srs_id FROM gpkg_contents WHERE table_name = 'cameras'") == [
        (20.3, 44.7, 20.396, 44.788, 4326)]
    assert read(path, "SELECT feature_count FROM gpkg_ogr_contents") == [(3000,)]
    assert read(path, "SELECT rtreecheck('rtree_cameras_geom')") == [("ok",)]
    assert read(path, "PRAGMA integrity_check") == [("ok",)]
    # The triggers are exactly those GDAL created with the empty layer (index and count kept current).
    gpkg._create(tmp_path / "empty.gpkg", {})
    triggers = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'cameras' ORDER BY name"
    assert read(path, triggers) == read(tmp_path / "empty.gpkg", triggers)
    assert {name for name, _sql in read(path, triggers)} >= {"rtree_cameras_geom_insert", "rtree_cameras_geom_delete"}
    # The index finds exactly the cameras in a box, through GDAL's spatial filter.
    box = (20.31, 44.71, 20.32, 44.73)
    inside = [r for r in rows if box[0] <= float(r[1]) <= box[2] and box[1] <= float(r[2]) <= box[3]]
    _meta, _fids, _geometry, fields = pyogrio.raw.read(path, layer="cameras", bbox=box)
    assert sorted(fields[0]) == sorted(int(r[0]) for r in inside) and inside
    # A later edit by GDAL (QGIS, ogr2ogr -append) keeps the index current (the restored triggers).
    pyogrio.raw.write(path, geometry=np.array([struct.pack("<BIdd", 1, 1, 21.5, 45.5)], dtype=object),
                      field_data=[np.array([9999], dtype=np.int64)], fields=["id"], layer="cameras", driver="GPKG",
                      geometry_type="Point", crs="EPSG:4326", append=True)
    assert read(path, "SELECT feature_count FROM gpkg_ogr_contents") == [(3001,)]
    assert read(path, "SELECT id FROM rtree_cameras_geom WHERE minx > 21.4") == [(3001,)]
    assert read(path, "SELECT rtreecheck('rtree_cameras_geom')") == [("ok",)]


def test_the_rows_and_index_are_those_gdal_writes_for_the_same_rows(tmp_path):
    """The bulk load against GDAL itself: the same rows appended by GDAL (pyogrio) to the same
    empty layer give the same table and the same index entries."""
    rows = [row(i, lon=f"{20.3 + (i % 13) / 100:.7f}", lat=f"{44.7 + (i % 7) / 100:.7f}", height="3.5" if i % 2 else None,
                osm_id=str(10**9 + i) if i % 3 == 0 else None, last_confirmed="2026-02-0%d" % (1 + i % 9) if i % 4 else None,
                operator=["MUP", "Град Београд", 'a "b" & <c>', ""][i % 4],
                **({"verified": "false", "verified_on": None, "source": "osm"} if i % 5 == 0 else {}))
            for i in range(1, 201)]
    gpkg.write(rows, tmp_path / "ours.gpkg")

    gpkg._create(tmp_path / "gdal.gpkg", {})
    names = [c.name for c in gpkg.FIELDS]
    values = {name: [r[INDEX[name]] for r in rows] for name in names}
    data, masks = [], []
    for column in gpkg.FIELDS:
        column_values = values[column.name]
        missing = np.array([v is None for v in column_values])
        if column.type == "integer":
            data.append(np.array([int(v) if v is not None else 0 for v in column_values], dtype=np.int64))
        elif column.type == "number":
            data.append(np.array([float(v) if v is not None else 0.0 for v in column_values]))
        elif column.type == "date":
            data.append(np.array([v or "1970-01-01" for v in column_values], dtype="datetime64[D]"))
        elif column.type == "boolean":
            data.append(np.array([v == "true" for v in column_values], dtype=bool))
        else:
            data.append(np.array(column_values, dtype=object))
        masks.append(missing if missing.any() else None)
    geometry = np.array([struct.pack("<BIdd", 1, 1, float(r[INDEX["lon"]]), float(r[INDEX["lat"]])) for r in rows], dtype=object)
    pyogrio.raw.write(tmp_path / "gdal.gpkg", geometry=geometry, field_data=data, field_mask=masks, fields=names,
                      layer="cameras", driver="GPKG", geometry_type="Point", crs="EPSG:4326", append=True)

    for sql in ("SELECT * FROM cameras ORDER BY fid", "SELECT * FROM rtree_cameras_geom ORDER BY id"):
        assert read(tmp_path / "ours.gpkg", sql) == read(tmp_path / "gdal.gpkg", sql), sql
    # GDAL leaves the count for a reader to recompute after an append (NULL); ours is set.
    assert read(tmp_path / "ours.gpkg", "SELECT feature_count FROM gpkg_ogr_contents") == [(200,)]
