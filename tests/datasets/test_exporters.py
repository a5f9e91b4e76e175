"""Each download format, read back by a reader that is not ours, with exact counts and one
camera checked field by field. The sample has 4 published cameras (one an OSM way, which the
OSM XML leaves out) and 2 that must never appear (unpublished, merged)."""

import csv
import io
import json
import re
import struct
import subprocess

import pyogrio
import pyogrio.raw
import pytest
from django.http import FileResponse, StreamingHttpResponse
from lxml import etree

from cameramap.datasets.exporters import FORMATS

pytestmark = pytest.mark.django_db

EXPECTED_A = {
    "lon": 20.4573123, "lat": 44.8176456, "directions": "90;270", "surveillance": "public",
    "surveillance_type": "camera", "camera_type": "dome", "mount": "pole", "zone": "town", "height": 4.5,
    "operator": 'MUP "Srbije" & <Co>', "operator_type": "police", "manufacturer": "Huawei", "model": "X-1",
    "facial_recognition": "suspected", "facial_recognition_evidence": "https://example.org/evidence",
    "sign_present": "no", "status": "present", "confirmations": 3, "first_seen": "2026-01-10",
    "last_confirmed": "2026-02-01", "source": "crowd", "osm_type": "", "osm_id": None, "osm_version": None,
    "area": "Стари град",
}


def download(client, fmt: str, query: str = "") -> tuple[object, bytes]:
    response = client.get(f"/api/v1/datasets/latest/cameras.{fmt}{query}")
    assert response.status_code == 200, response.content
    body = b"".join(response.streaming_content)
    return response, body


def test_csv_reads_back_with_the_csv_module(client, sample):
    response, body = download(client, "csv")
    assert isinstance(response, StreamingHttpResponse)  # sent while written, never held whole
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="cameramap-cameras-live-' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8"))))
    assert [int(r["id"]) for r in rows] == sorted([sample["a"].id, sample["b"].id, sample["c"].id, sample["way"].id])
    row = next(r for r in rows if int(r["id"]) == sample["a"].id)
    for name, value in EXPECTED_A.items():
        expected = "" if value is None else value
        if isinstance(value, float):
            assert float(row[name]) == pytest.approx(value, abs=1e-9), name
        else:
            assert row[name] == str(expected), name
    # A formula in free text is defused for spreadsheets; Cyrillic survives as UTF-8.
    assert next(r for r in rows if int(r["id"]) == sample["b"].id)["operator"] == "'=HYPERLINK(\"http://evil\")"
    assert next(r for r in rows if int(r["id"]) == sample["c"].id)["operator"] == "Градска управа"


def _check_rfc7946(collection: dict) -> None:
    assert collection["type"] == "FeatureCollection"
    assert "crs" not in collection  # RFC 7946 §4: WGS 84 always, no crs member
    for feature in collection["features"]:
        assert feature["type"] == "Feature"
        assert set(feature) >= {"type", "geometry", "properties"}
        geometry = feature["geometry"]
        assert geometry["type"] == "Point" and len(geometry["coordinates"]) == 2
        lon, lat = geometry["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_geojson_reads_back_with_json_and_gdal(client, sample, tmp_path):
    response, body = download(client, "geojson")
    assert response["Content-Type"] == "application/geo+json"
    collection = json.loads(body)
    _check_rfc7946(collection)
    assert len(collection["features"]) == 4
    feature = next(f for f in collection["features"] if f["id"] == sample["a"].id)
    assert feature["geometry"]["coordinates"] == [20.4573123, 44.8176456]  # lon, lat
    properties = feature["properties"]
    for name, value in EXPECTED_A.items():
        if name in ("lon", "lat"):
            continue
        assert properties[name] == ([90, 270] if name == "directions" else value), name
    assert "ODbL" in collection["licence"] and "OpenStreetMap" in collection["attribution"]
    # GDAL's GeoJSON driver agrees on the count.
    path = tmp_path / "cameras.geojson"
    path.write_bytes(body)
    assert pyogrio.read_info(path)["features"] == 4


def test_geopackage_reads_back_with_pyogrio_and_ogrinfo(client, sample, tmp_path):
    response, body = download(client, "gpkg")
    assert isinstance(response, FileResponse)
    path = tmp_path / "cameras.gpkg"
    path.write_bytes(body)
    info = pyogrio.read_info(path, layer="cameras")
    assert info["features"] == 4 and info["geometry_type"] == "Point" and info["crs"] == "EPSG:4326"
    meta, _fids, geometry, fields = pyogrio.raw.read(path, layer="cameras")
    columns = dict(zip(meta["fields"], fields))
    at = list(columns["id"]).index(sample["a"].id)
    order, kind, x, y = struct.unpack("<BIdd", geometry[at])  # WKB point, little endian
    assert (order, kind) == (1, 1) and (x, y) == (20.4573123, 44.8176456)
    for name, value in EXPECTED_A.items():
        if name in ("lon", "lat"):
            continue
        got = columns[name][at]
        if name in ("first_seen", "last_confirmed"):
            got = str(got)[:10]
        if value is None:
            assert got is None or got != got or got == 0 and columns[name].dtype.kind == "i", name
        else:
            assert got == value, name
    ogrinfo = subprocess.run(["ogrinfo", "-so", "-al", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Feature Count: 4" in ogrinfo and "Geometry: Point" in ogrinfo and "osm_id: Integer64" in ogrinfo


KML = "{http://www.opengis.net/kml/2.2}"


def test_kml_reads_back_with_lxml(client, sample):
    response, body = download(client, "kml")
    assert response["Content-Type"] == "application/vnd.google-earth.kml+xml"
    root = etree.fromstring(body)
    assert root.tag == f"{KML}kml"
    placemarks = root.findall(f"{KML}Document/{KML}Placemark")
    assert len(placemarks) == 4
    mark = next(p for p in placemarks if p.get("id") == f"camera-{sample['a'].id}")
    lon, lat = mark.findtext(f"{KML}Point/{KML}coordinates").split(",")
    assert (float(lon), float(lat)) == (20.4573123, 44.8176456)
    data = {d.get("name"): d.findtext(f"{KML}value") for d in mark.iter(f"{KML}Data")}
    for name, value in EXPECTED_A.items():
        if name in ("lon", "lat"):
            continue
        if value in (None, ""):
            assert name not in data, name  # empty values are left out
        else:
            assert data[name] == str(value), name


def _opl_text(text: str) -> str:
    """OPL writes special characters as %hex%."""
    return re.sub(r"%([0-9a-fA-F]+)%", lambda m: chr(int(m[1], 16)), text)


def test_osm_xml_reads_back_with_osmium(client, sample, tmp_path):
    response, body = download(client, "osm")
    path = tmp_path / "cameras.osm"
    path.write_bytes(body)
    info = json.loads(subprocess.run(["osmium", "fileinfo", "-e", "-j", str(path)], capture_output=True, text=True, check=True).stdout)
    assert info["data"]["count"]["nodes"] == 3  # the OSM way is not written as a node
    opl = subprocess.run(["osmium", "cat", "-f", "opl", str(path)], capture_output=True, text=True, check=True).stdout
    nodes = {}
    for line in opl.splitlines():
        fields = dict((part[0], part[1:]) for part in line.split(" "))
        tags = dict(map(_opl_text, kv.split("=", 1)) for kv in fields["T"].split(",")) if fields.get("T") else {}
        nodes[int(fields["n"])] = (fields, tags)
    assert set(nodes) == {-sample["a"].id, 123456, -sample["c"].id}  # new cameras: negative ids
    fields, tags = nodes[-sample["a"].id]
    assert (float(fields["x"]), float(fields["y"])) == (20.4573123, 44.8176456)
    assert tags == {
        "man_made": "surveillance", "surveillance": "public", "surveillance:type": "camera", "camera:type": "dome",
        "camera:mount": "pole", "surveillance:zone": "town",
        "operator": 'MUP "Srbije" & <Co>', "manufacturer": "Huawei", "model": "X-1",
        "camera:direction": "90;270", "height": "4.5",
        "cameramap:verified": "yes", "cameramap:verified_on": "2026-01-10",  # ours, in our own namespace
    }
    assert nodes[123456][0]["v"] == "1"  # a linked node keeps its id; version 1 when unknown


def test_every_format_has_a_writer_and_a_route(client, sample):
    for fmt in FORMATS:
        response = client.get(f"/api/v1/datasets/latest/cameras.{fmt}?bbox=20.4,44.8,20.5,44.9")
        assert response.status_code == 200, fmt
        assert response["X-Dataset-Version"] == "live"
