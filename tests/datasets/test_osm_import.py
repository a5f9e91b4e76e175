"""OpenStreetMap import: the real DeFlock fixture, Overpass JSON and OSM XML; re-import never
duplicates; crowd-mapped cameras are linked, not doubled; import → export → import is a no-op."""

import gzip
import io
import json
import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command
from django.forms.models import model_to_dict

from cameramap.cameras.models import Camera
from cameramap.datasets.models import OsmElement
from cameramap.datasets.osm_import import cameras_import
from cameramap.datasets.osm_readers import read_osm
from tests.conftest import ROOT, database_url
from tests.factories import camera_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def fixture_subset(fixture_path, tmp_path):
    """The first n records of the real fixture, as a file in the fixture's own format."""

    def subset(n: int):
        with gzip.open(fixture_path("osm", "alpr-us-2026.json.gz"), "rt", encoding="utf-8") as handle:
            records = json.load(handle)[:n]
        path = tmp_path / f"subset-{n}.json.gz"
        with gzip.open(path, "wt", encoding="utf-8") as handle:
            json.dump(records, handle)
        return path, records

    return subset


def camera_state() -> list[dict]:
    fields = ["id", "location", "directions", "surveillance", "surveillance_type", "camera_type", "mount", "zone",
              "height", "operator", "manufacturer", "model", "source", "osm_type", "osm_id", "area", "published"]
    return [
        {**model_to_dict(c, fields=fields), "location": (c.location.x, c.location.y), "updated_at": c.updated_at}
        for c in Camera.objects.order_by("id")
    ]


def test_fixture_imports_every_camera_and_reimport_changes_nothing(fixture_subset):
    path, records = fixture_subset(2500)

    first = cameras_import(read_osm(path))
    again = cameras_import(read_osm(path))

    assert first == {"created": 2500, "updated": 0, "unchanged": 0, "linked": 0, "skipped": 0}
    assert again == {"created": 0, "updated": 0, "unchanged": 2500, "linked": 0, "skipped": 0}
    assert Camera.objects.count() == 2500
    several = next(r for r in records if r.get("directionCardinal") == "355;175")
    assert Camera.objects.get(osm_type=several["osmType"], osm_id=several["osmId"]).directions == [355, 175]
    record = next(r for r in records if r.get("brand") and r.get("surveillanceZone") == "traffic" and r.get("operator"))
    camera = Camera.objects.get(osm_type=record["osmType"], osm_id=record["osmId"])
    assert (camera.location.x, camera.location.y) == (record["lon"], record["lat"])
    assert camera.source == "osm" and camera.published and camera.surveillance_type == "ALPR"
    assert (camera.manufacturer, camera.zone, camera.operator) == (record["brand"], "traffic", record["operator"])


def test_reimport_updates_a_camera_whose_tags_changed_in_osm(fixture_subset, tmp_path):
    path, records = fixture_subset(50)
    cameras_import(read_osm(path))
    records[0] = {**records[0], "operator": "Sheriff's Office", "lat": records[0]["lat"] + 0.001}
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(records))

    counts = cameras_import(read_osm(changed))

    assert counts == {"created": 0, "updated": 1, "unchanged": 49, "linked": 0, "skipped": 0}
    camera = Camera.objects.get(osm_id=records[0]["osmId"])
    assert camera.operator == "Sheriff's Office"
    assert camera.location.y == pytest.approx(records[0]["lat"], abs=1e-9)


def test_import_export_import_changes_nothing(client, fixture_subset, tmp_path):
    path, _records = fixture_subset(400)
    cameras_import(read_osm(path))
    before = camera_state()
    nodes = Camera.objects.filter(osm_type="node").count()

    response = client.get("/api/v1/datasets/latest/cameras.osm")
    exported = tmp_path / "export.osm"
    exported.write_bytes(b"".join(response.streaming_content))
    counts = cameras_import(read_osm(exported))

    assert counts == {"created": 0, "updated": 0, "unchanged": nodes, "linked": 0, "skipped": 0}
    assert camera_state() == before
    assert not OsmElement.objects.exists()  # "version 1" written for unknown versions is not taken as OSM's


def test_osm_camera_near_a_crowd_camera_is_linked_not_duplicated(tmp_path):
    crowd = camera_make(lon=-84.3880000, lat=33.7490000, directions=[90], operator="APD", operator_type="police")
    far = camera_make(lon=-84.4000000, lat=33.7600000, directions=[90])
    facing_away = camera_make(lon=-84.3700000, lat=33.7300000, directions=[0])
    overpass = {"elements": [
        # 2 m east of the crowd camera, facing about the same way: the same camera
        {"type": "node", "id": 501, "lat": 33.7490000, "lon": -84.3879785, "version": 7,
         "tags": {"man_made": "surveillance", "surveillance:type": "ALPR", "camera:direction": "100", "operator": "Flock"}},
        # 30 m from `far`: a different camera
        {"type": "node", "id": 502, "lat": 33.7602700, "lon": -84.4000000,
         "tags": {"man_made": "surveillance", "camera:direction": "90"}},
        # 1 m from `facing_away` but facing the opposite way: two cameras on one pole
        {"type": "node", "id": 503, "lat": 33.7300090, "lon": -84.3700000,
         "tags": {"man_made": "surveillance", "camera:direction": "S"}},
    ]}
    path = tmp_path / "overpass.json"
    path.write_text(json.dumps(overpass))

    counts = cameras_import(read_osm(path))
    again = cameras_import(read_osm(path))

    assert counts == {"created": 2, "updated": 0, "unchanged": 0, "linked": 1, "skipped": 0}
    assert again == {"created": 0, "updated": 0, "unchanged": 3, "linked": 0, "skipped": 0}
    crowd.refresh_from_db()
    assert (crowd.osm_type, crowd.osm_id, crowd.source) == ("node", 501, "crowd")
    assert (crowd.operator, crowd.operator_type, crowd.directions) == ("APD", "police", [90])  # ours stand
    assert OsmElement.objects.get(camera=crowd).version == 7
    assert Camera.objects.count() == 5
    assert Camera.objects.get(osm_id=502).id != far.id and Camera.objects.get(osm_id=503).directions == [180]
    far.refresh_from_db()
    facing_away.refresh_from_db()
    assert far.osm_id is None and facing_away.osm_id is None


def test_overpass_json_reads_nodes_and_ways_with_a_centre(tmp_path):
    overpass = {"version": 0.6, "elements": [
        {"type": "node", "id": 11, "lat": 44.8, "lon": 20.45, "version": 3, "timestamp": "2025-05-01T10:00:00Z",
         "tags": {"man_made": "surveillance", "surveillance": "public", "camera:type": "dome", "height": "4 m",
                  "camera:direction": "NE;270-330"}},
        {"type": "way", "id": 12, "center": {"lat": 44.81, "lon": 20.46}, "tags": {"man_made": "surveillance"}},
        {"type": "node", "id": 13, "lat": 44.8, "lon": 20.45},  # a way's member node: no tags
        {"type": "node", "id": 14, "lat": 44.8, "lon": 20.45, "tags": {"amenity": "bench"}},
    ]}
    path = tmp_path / "cameras.json"
    path.write_text(json.dumps(overpass))

    counts = cameras_import(read_osm(path))

    assert counts["created"] == 2
    node = Camera.objects.get(osm_type="node", osm_id=11)
    assert (node.surveillance, node.camera_type, node.height, node.directions) == ("public", "dome", 4.0, [45, 300])
    assert OsmElement.objects.get(camera=node).version == 3
    way = Camera.objects.get(osm_type="way", osm_id=12)
    assert (way.location.x, way.location.y) == (20.46, 44.81)


def test_osm_xml_import_keeps_versions_and_skips_new_objects(tmp_path, client):
    xml = """<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="JOSM">
  <node id="77" version="12" timestamp="2024-03-01T00:00:00Z" lat="44.8123456" lon="20.4654321">
    <tag k="man_made" v="surveillance"/><tag k="surveillance:type" v="camera"/>
    <tag k="operator" v="Grad &amp; &quot;MUP&quot;"/><tag k="camera:direction" v="W"/>
  </node>
  <node id="-5" lat="44.8" lon="20.4"><tag k="man_made" v="surveillance"/></node>
  <node id="78" lat="44.9" lon="20.5"><tag k="highway" v="traffic_signals"/></node>
</osm>"""
    path = tmp_path / "josm.osm"
    path.write_text(xml)

    counts = cameras_import(read_osm(path))

    assert counts == {"created": 1, "updated": 0, "unchanged": 0, "linked": 0, "skipped": 1}
    camera = Camera.objects.get(osm_id=77)
    assert (camera.operator, camera.directions) == ('Grad & "MUP"', [270])
    assert OsmElement.objects.get(camera=camera).version == 12
    body = b"".join(client.get("/api/v1/datasets/latest/cameras.osm").streaming_content).decode()
    assert '<node id="77" version="12" lat="44.8123456" lon="20.4654321">' in body


def test_import_command_shows_progress_and_counts(fixture_subset, capsys):
    path, _records = fixture_subset(30)
    out = io.StringIO()
    call_command("osm_import", str(path), stdout=out)
    assert "created 30" in out.getvalue()
    assert "30" in capsys.readouterr().err  # the progress bar


def test_import_command_refuses_a_file_it_cannot_read(tmp_path):
    path = tmp_path / "notes.json"
    path.write_text('"just a string"')
    with pytest.raises(CommandError, match="neither OSM XML, Overpass JSON nor the fixture format"):
        call_command("osm_import", str(path))
    broken = tmp_path / "broken.osm"
    broken.write_text("<osm><node id='1'")
    with pytest.raises(CommandError, match="not well-formed"):
        call_command("osm_import", str(broken))


ELEMENTS = [  # a bare JSON array of OSM elements, as many Overpass-derived exports are written
    {"type": "node", "id": 601, "lat": 44.8123456, "lon": 20.4654321, "version": 4,
     "tags": {"man_made": "surveillance", "surveillance:type": "camera", "camera:direction": "90", "operator": "MUP"}},
    {"type": "way", "id": 602, "center": {"lat": 44.82, "lon": 20.46}, "tags": {"man_made": "surveillance"}},
    {"type": "node", "id": 603, "lat": 44.83, "lon": 20.47, "tags": {"highway": "traffic_signals"}},
]


def run_import(*args) -> str:
    out = io.StringIO()
    call_command("osm_import", *map(str, args), stdout=out, verbosity=0)
    return out.getvalue()


@pytest.mark.parametrize("name", ["elements.json", "elements.json.gz"])
def test_a_json_array_of_osm_elements_is_read_as_overpass_elements(tmp_path, name):
    path = tmp_path / name
    data = json.dumps(ELEMENTS).encode()
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)

    out = run_import(path)
    again = run_import(path, "--format", "overpass")

    assert "created 2, updated 0, unchanged 0, linked 0, skipped 0" in out
    assert "created 0, updated 0, unchanged 2, linked 0, skipped 0" in again
    node = Camera.objects.get(osm_type="node", osm_id=601)
    assert (node.location.x, node.location.y, node.directions, node.operator) == (20.4654321, 44.8123456, [90], "MUP")
    assert OsmElement.objects.get(camera=node).version == 4
    assert Camera.objects.filter(osm_type="way", osm_id=602).exists() and not Camera.objects.filter(osm_id=603).exists()


NO_CAMERA = {
    # file name, content, --format, the formats the message must name
    "auto-array": ("export.json", [{"type": "node", "id": 1, "lat": 44.8, "lon": 20.4, "tags": {"amenity": "bench"}},
                                   {"type": "node", "id": 2, "lat": 44.8, "lon": 20.4}], "auto",
                   ["read as a JSON array of OSM elements", "read as the DeFlock format", "man_made=surveillance"]),
    "overpass": ("overpass.json", {"elements": [{"type": "node", "id": 1, "lat": 44.8, "lon": 20.4}, "a string"]}, "auto",
                 ["read as Overpass JSON", '"elements" array', "man_made=surveillance"]),
    "deflock-without-places": ("deflock.json", [{"osmId": 5, "osmType": "node"}, {"osmId": 6, "lat": "north"}], "auto",
                               ["read as the DeFlock format", "osmId, lat and lon", "read as a JSON array of OSM elements"]),
    "elements-as-fixture": ("elements.json", ELEMENTS[:2], "fixture", ["read as the DeFlock format", "osmId, lat and lon"]),
    "xml": ("roads.osm", '<osm version="0.6"><node id="1" lat="44.8" lon="20.4"/><way id="2"><nd ref="1"/>'
            '<tag k="highway" v="primary"/></way></osm>', "auto", ["read as OSM XML", "man_made=surveillance"]),
}


@pytest.mark.parametrize("case", NO_CAMERA)
def test_a_file_holding_records_but_no_camera_is_an_error_naming_the_formats_tried(tmp_path, case):
    name, content, fmt, named = NO_CAMERA[case]
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    kept = camera_make(lon=20.45, lat=44.81, osm_type="node", osm_id=77, source="osm")

    with pytest.raises(CommandError) as refused:  # with --prune too: nothing is marked removed
        run_import(path, "--format", fmt, "--prune", "--bbox", "20.40,44.78,20.52,44.86")

    message = str(refused.value)
    assert "holds 2 records, but no camera could be read from them" in message
    for words in named:
        assert words in message
    kept.refresh_from_db()
    assert kept.status == "present" and Camera.objects.count() == 1


@pytest.mark.django_db(transaction=True)  # the command runs in a process of its own, on the test database
def test_an_unreadable_import_exits_non_zero_with_the_message(tmp_path):
    from django.db import connection

    path = tmp_path / "export.json"
    path.write_text(json.dumps([{"type": "node", "id": 1, "lat": 44.8, "lon": 20.4}]))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": database_url(connection.settings_dict)}
    done = subprocess.run([sys.executable, "manage.py", "osm_import", str(path), "--dry-run"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "holds 1 record, but no camera could be read from it" in done.stderr
    assert "created" not in done.stdout


def test_an_empty_file_says_that_it_holds_nothing(tmp_path):
    path = tmp_path / "empty.json"
    path.write_text("[]")
    assert "created 0, updated 0, unchanged 0, linked 0, skipped 0 (empty.json holds no OSM elements)" in run_import(path)


@pytest.mark.parametrize("content", [b'[{"type": "node",', b"\xef\xbb\xbf{\"elements\": 7}", b"[\xff\xfe]"])
def test_broken_json_is_a_clear_error(tmp_path, content):
    path = tmp_path / "broken.json"
    path.write_bytes(content)
    with pytest.raises(CommandError, match="broken.json: not"):
        run_import(path)
