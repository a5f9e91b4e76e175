"""Live downloads on PostGIS are built by PostgreSQL: CSV written by COPY (exporters/_copy.py),
GeoPackage values made by the query as SQLite stores them (exporters/gpkg.py). Releases and SpatiaLite use
the Python writers from rows. The two ways give the same CSV bytes and the same GeoPackage
content, for the hostile values free text can hold; a download cut short leaves the connection
usable."""

import csv
import io
import sqlite3
import tempfile
import threading
from datetime import date

import pytest
from django.contrib.gis.geos import Point
from django.db import connection
from psycopg.pq import TransactionStatus

from cameramap.cameras.models import Camera
from cameramap.datasets.columns import INDEX, NAMES, camera_rows
from cameramap.datasets.exporters import FORMATS, _copy, gpkg
from cameramap.datasets.filters import cameras_filter
from tests.factories import camera_make

pytestmark = [pytest.mark.django_db, pytest.mark.postgis]

# What volunteers and OpenStreetMap can type: formulas, quotes, separators, line breaks, control
# characters XML forbids (two of them COPY's stand-in delimiter and quote), backslashes, XML's
# specials, non-characters, Cyrillic and emoji.
HOSTILE = [
    '=HYPERLINK("http://evil")', "+1 555", "-2", "@SUM(A1)", "\tTabbed", "\rReturn", "plain, with comma",
    'say "cheese"', "two\nlines", "cr\r\nlf", "ctl\x01\x02\x0b\x1fend", "back\\slash \\. \\N", "a & b <c> 'd'",
    "bad \ufffe\uffff chars", "Градска управа 📷", " leading space", "", "=", "'already quoted",
]


@pytest.fixture
def hostile(db):
    for i, text in enumerate(HOSTILE):
        camera_make(
            lon=20.45 + i * 0.0011, lat=44.81 - i * 0.00007, operator=text, manufacturer=HOSTILE[-1 - i],
            model=text[:3], facial_recognition_evidence=f"https://example.org/{i}?a=1&b=2" if i % 3 else "",
            directions=[i * 20 % 360, 270] if i % 2 else [], height=None if i % 4 else 2.5 + i,
            osm_type="node" if i % 5 == 0 else "", osm_id=1000 + i if i % 5 == 0 else None,
            source="osm" if i % 5 == 0 else "crowd",
        )


def python_bytes(fmt: str, meta: dict) -> bytes:
    return b"".join(FORMATS[fmt].stream(camera_rows(Camera.objects.all()), meta=meta))


def copy_bytes(fmt: str, meta: dict) -> bytes:
    return b"".join(FORMATS[fmt].copy(Camera.objects.all(), meta=meta))


def test_postgresql_writes_the_same_csv_bytes_as_the_python_writer(hostile):
    assert copy_bytes("csv", {}) == python_bytes("csv", {})


def test_the_csv_reads_back_with_every_value_and_every_formula_defused(hostile):
    rows = list(csv.DictReader(io.StringIO(copy_bytes("csv", {}).decode("utf-8"), newline="")))

    assert [r["operator"] for r in rows] == [
        "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text for text in HOSTILE
    ]
    assert rows[1]["directions"] == "20;270" and rows[0]["directions"] == ""
    assert rows[0]["height"] == "2.5" and rows[1]["height"] == ""


@pytest.mark.django_db(transaction=True)
def test_a_download_cut_short_cancels_the_copy_and_the_connection_stays_usable(monkeypatch):
    # Enough rows that PostgreSQL is still sending when the client goes away.
    Camera.objects.bulk_create(
        Camera(location=Point(20.4 + i * 1e-5, 44.8, srid=4326), published=True, operator=f"operator {i}",
               first_seen=date(2026, 1, 10), last_confirmed=date(2026, 1, 10)) for i in range(20_000)
    )
    monkeypatch.setattr(_copy, "CHUNK_BYTES", 100)
    chunks = FORMATS["csv"].copy(Camera.objects.all(), meta={})
    next(chunks), next(chunks)  # the header, and the first of the COPY's chunks
    chunks.close()  # the client went away

    assert connection.connection.info.transaction_status == TransactionStatus.IDLE  # not in a COPY, nor a transaction
    assert Camera.objects.count() == 20_000  # and the connection answers
    with connection.cursor() as cursor:
        cursor.execute("SELECT state FROM pg_stat_activity WHERE pid = pg_backend_pid()")
        assert cursor.fetchone() == ("active",)  # this query, nothing left over


def test_filters_reach_the_copy_bbox_and_text_with_percent_signs_included(hostile):
    camera_make(lon=20.4501, lat=44.8101, operator="100% police")
    camera_make(lon=21.5, lat=44.8101, operator="100% police, outside the box")
    queryset = cameras_filter(Camera.objects.all(), {"bbox": "20.44,44.80,20.46,44.82", "operator": "100%"})
    body = b"".join(FORMATS["csv"].copy(queryset, meta={})).decode("utf-8")

    assert [r["operator"] for r in csv.DictReader(io.StringIO(body, newline=""))] == ["100% police"]


def test_attribute_filters_reach_the_copy(hostile):
    body = b"".join(FORMATS["csv"].copy(Camera.objects.filter(source="osm"), meta={})).decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(body, newline="")))

    assert [r["operator"] for r in rows] == [HOSTILE[i] if HOSTILE[i][:1] not in "=+-@\t\r" or not HOSTILE[i]
                                              else "'" + HOSTILE[i] for i in range(0, len(HOSTILE), 5)]
    assert {r["osm_id"] for r in rows} == {str(1000 + i) for i in range(0, len(HOSTILE), 5)}
    assert INDEX["operator"] == list(rows[0]).index("operator")


NAMES_GPKG = ("geom", *(name for name in NAMES if name not in ("lon", "lat")))


def gpkg_content(path) -> list[tuple]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT * FROM cameras ORDER BY id").fetchall()
        index = connection.execute("SELECT count(*), min(minx), max(maxx) FROM rtree_cameras_geom").fetchone()
        index += connection.execute("SELECT rtreecheck('rtree_cameras_geom')").fetchone()
        index += connection.execute("SELECT min_x, min_y, max_x, max_y FROM gpkg_contents").fetchone()
        index += connection.execute("SELECT feature_count FROM gpkg_ogr_contents").fetchone()
    return [row[1:] for row in rows], index  # without GDAL's own fid


@pytest.mark.parametrize("chunk_rows", [1_000, 4])  # one chunk; several, the last one short
def test_the_geopackage_from_the_query_holds_what_the_one_from_rows_holds(hostile, tmp_path, monkeypatch, chunk_rows):
    monkeypatch.setattr(gpkg, "CHUNK_ROWS", chunk_rows)
    written = gpkg.write_query(Camera.objects.all(), tmp_path / "columns.gpkg", meta={})
    gpkg.write(camera_rows(Camera.objects.all()), tmp_path / "rows.gpkg", meta={})

    rows, index = gpkg_content(tmp_path / "columns.gpkg")
    assert written == len(HOSTILE) == len(rows) == index[0]
    assert (rows, index) == gpkg_content(tmp_path / "rows.gpkg")  # every value, geometry and the R-tree
    operators = [row[list(NAMES_GPKG).index("operator")] for row in rows]
    assert operators == HOSTILE  # text exactly as typed, control characters and all


def test_a_geopackage_of_no_cameras_is_an_empty_layer(hostile, tmp_path):
    assert gpkg.write_query(Camera.objects.filter(operator="nobody"), tmp_path / "none.gpkg", meta={}) == 0
    assert gpkg_content(tmp_path / "none.gpkg") == ([], (0, None, None, "ok", None, None, None, None, 0))


@pytest.mark.django_db(transaction=True)
def test_a_live_geopackage_reads_one_snapshot_whatever_is_committed_meanwhile(monkeypatch, tmp_path):
    for i in range(12):
        camera_make(lon=20.45 + i * 0.001, operator=f"operator {i}")
    monkeypatch.setattr(gpkg, "CHUNK_ROWS", 5)
    last = list(Camera.objects.order_by("-id").values_list("id", flat=True)[:3])
    fetched, chunks_read = gpkg._fetched, []

    def meanwhile():  # another session, as a volunteer's edit would be
        Camera.objects.filter(pk__in=last).update(operator="changed")
        connection.close()

    def fetched_with_a_change_between(queryset):
        for chunk in fetched(queryset):
            chunks_read.append(1)
            if len(chunks_read) == 1:  # after the first chunk has been read, before the next
                thread = threading.Thread(target=meanwhile)
                thread.start()
                thread.join()
            yield chunk

    monkeypatch.setattr(gpkg, "_fetched", fetched_with_a_change_between)
    assert gpkg.write_query(Camera.objects.all(), tmp_path / "c.gpkg", meta={}) == 12

    rows, _index = gpkg_content(tmp_path / "c.gpkg")
    operators = [row[list(NAMES_GPKG).index("operator")] for row in rows]
    assert len(chunks_read) == 3 and operators == [f"operator {i}" for i in range(12)]  # as when the download began
    assert Camera.objects.filter(operator="changed").count() == 3  # and the change did land


def test_filters_reach_the_geopackage_query(hostile, tmp_path):
    march = date(2026, 3, 1)
    camera_make(lon=20.4501, lat=44.8101, operator="100% police", first_seen=march, last_confirmed=march)
    camera_make(lon=20.4502, lat=44.8102, operator="100% police, seen before")
    camera_make(lon=21.5, lat=44.8101, operator="100% police, outside the box", first_seen=march, last_confirmed=march)
    queryset = cameras_filter(Camera.objects.all(), {"bbox": "20.44,44.80,20.46,44.82", "operator": "100%",
                                                     "first_seen_after": "2026-02-01"})
    assert gpkg.write_query(queryset, tmp_path / "f.gpkg", meta={}) == 1
    rows, index = gpkg_content(tmp_path / "f.gpkg")
    assert [row[list(NAMES_GPKG).index("operator")] for row in rows] == ["100% police"] and index[0] == 1


def test_a_failing_geopackage_download_raises_its_own_error_and_leaves_no_file(hostile, monkeypatch, tmp_path):
    from cameramap.datasets import exports
    from cameramap.datasets.exporters import _rtree

    def fail(*args):
        raise RuntimeError("the index could not be written")

    monkeypatch.setattr(_rtree, "write_points", fail)
    # The temporary files go to this test's own folder: in the machine's /tmp, another test run
    # at the same time has its own downloads' files come and go.
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with pytest.raises(RuntimeError, match="the index could not be written"):
        exports.export_file(FORMATS["gpkg"], Camera.objects.all())
    assert list(tmp_path.glob("cameramap-export-*")) == []
    assert Camera.objects.count() == len(HOSTILE)  # the connection still answers


@pytest.mark.django_db(transaction=True)
def test_an_error_while_writing_a_live_geopackage_leaves_the_connection_usable(monkeypatch, tmp_path):
    for i in range(30):
        camera_make(lon=20.45 + i * 0.001, operator=f"operator {i}")
    monkeypatch.setattr(gpkg, "CHUNK_ROWS", 4)
    extend, calls = gpkg._Points.extend, []

    def extend_then_fail(self, values):
        calls.append(1)
        if len(calls) == 3:  # the second chunk's x, while the reading thread is mid-query
            raise OSError("disk full")
        extend(self, values)

    monkeypatch.setattr(gpkg._Points, "extend", extend_then_fail)
    with pytest.raises(OSError, match="disk full"):
        gpkg.write_query(Camera.objects.all(), tmp_path / "c.gpkg", meta={})

    assert not (tmp_path / "c.gpkg").exists()
    assert connection.connection.info.transaction_status == TransactionStatus.IDLE  # the download's transaction ended
    assert Camera.objects.count() == 30  # and the connection answers
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_cursors")
        assert cursor.fetchone() == (0,)  # the rows' cursor is gone
