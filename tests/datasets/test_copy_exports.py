"""Live CSV and KML downloads on PostGIS are written by PostgreSQL (COPY, exporters/_copy.py),
releases and SpatiaLite by the Python writers: the two give the same bytes, for the hostile
values free text can hold, and a download cut short leaves the connection usable."""

import csv
import io

import pytest
from django.db import connection
from lxml import etree

from cameramap.cameras.models import Camera
from cameramap.datasets.columns import INDEX, camera_rows
from cameramap.datasets.exporters import FORMATS, _copy
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


@pytest.mark.parametrize("fmt", ["csv", "kml"])
def test_postgresql_writes_the_same_bytes_as_the_python_writer(hostile, fmt):
    meta = {"title": "Cameras & <friends>", "licence": "ODbL-1.0", "attribution": "© OpenStreetMap"}

    assert copy_bytes(fmt, meta) == python_bytes(fmt, meta)


def test_the_csv_reads_back_with_every_value_and_every_formula_defused(hostile):
    rows = list(csv.DictReader(io.StringIO(copy_bytes("csv", {}).decode("utf-8"), newline="")))

    assert [r["operator"] for r in rows] == [
        "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text for text in HOSTILE
    ]
    assert rows[1]["directions"] == "20;270" and rows[0]["directions"] == ""
    assert rows[0]["height"] == "2.5" and rows[1]["height"] == ""


def test_the_kml_parses_and_keeps_line_breaks_and_drops_what_xml_forbids(hostile):
    root = etree.fromstring(copy_bytes("kml", {}))
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    operators = [p.findtext("k:ExtendedData/k:Data[@name='operator']/k:value", namespaces=ns)
                 for p in root.iterfind(".//k:Placemark", ns)]

    assert len(operators) == len(HOSTILE)
    assert operators[HOSTILE.index("two\nlines")] == "two\nlines"
    assert operators[HOSTILE.index("cr\r\nlf")] == "cr\r\nlf"  # a reference keeps the CR a raw one would lose
    assert operators[HOSTILE.index("ctl\x01\x02\x0b\x1fend")] == "ctlend"
    assert operators[HOSTILE.index("bad \ufffe\uffff chars")] == "bad  chars"
    assert operators[HOSTILE.index("")] is None  # an empty value is left out


def test_a_download_cut_short_cancels_the_copy_and_the_connection_stays_usable(hostile, monkeypatch):
    monkeypatch.setattr(_copy, "CHUNK_BYTES", 100)
    chunks = FORMATS["kml"].copy(Camera.objects.all(), meta={})
    next(chunks), next(chunks)  # the header, and the first of the COPY's chunks
    chunks.close()  # the client went away

    assert Camera.objects.count() == len(HOSTILE)
    assert connection.connection.info.transaction_status in (0, 2)  # idle or in a transaction: not in a COPY


def test_filters_reach_the_copy(hostile):
    body = b"".join(FORMATS["csv"].copy(Camera.objects.filter(source="osm"), meta={})).decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(body, newline="")))

    assert [r["operator"] for r in rows] == [HOSTILE[i] if HOSTILE[i][:1] not in "=+-@\t\r" or not HOSTILE[i]
                                              else "'" + HOSTILE[i] for i in range(0, len(HOSTILE), 5)]
    assert {r["osm_id"] for r in rows} == {str(1000 + i) for i in range(0, len(HOSTILE), 5)}
    assert INDEX["operator"] == list(rows[0]).index("operator")
