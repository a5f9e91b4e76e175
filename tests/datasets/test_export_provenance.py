"""Every download format says how we know each camera: ``verified`` (a moderator accepted a
volunteer's sighting) and ``verified_on`` (the day of that sighting), read back by readers that are
not ours, from a live download (on PostGIS: COPY and the GeoPackage query; on SpatiaLite: the
Python writers) and from a release (its snapshot); ``verified=true|false`` filters every format;
the release's datapackage, changelog and texts count verified and imported cameras apart."""

import csv
import io
import json
import sqlite3
import subprocess
from datetime import date
from pathlib import Path

import pyogrio
import pytest
from django.core.files.storage import default_storage
from lxml import etree

from cameramap.cameras.models import Camera
from cameramap.datasets.changelog import changelog_compute
from cameramap.datasets.columns import NAMES
from cameramap.datasets.exporters import FORMATS
from cameramap.datasets.releases import release_build, release_start
from tests.datasets.test_exporters import KML, _opl_text
from tests.factories import camera_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def cameras(db):
    """A crowd camera a moderator accepted, an OSM import nobody here has seen (no date either),
    and an OSM camera our volunteers saw later."""
    crowd = camera_make(lon=20.4573123, lat=44.8176456, operator="Grad Beograd", first_seen=date(2026, 1, 10),
                        last_confirmed=date(2026, 1, 10), verified_on=date(2026, 1, 10))
    imported = camera_make(lon=20.4611, lat=44.8155, source="osm", osm_type="node", osm_id=123456,
                           first_seen=None, last_confirmed=None)
    seen_later = camera_make(lon=20.4622, lat=44.8166, source="osm", osm_type="node", osm_id=777,
                             first_seen=date(2024, 5, 1), last_confirmed=date(2026, 2, 3), verified_on=date(2026, 2, 3))
    assert imported.verified_on is None
    return {"crowd": crowd, "imported": imported, "seen_later": seen_later}


# Each format read by a reader that is not ours: camera id → (verified, verified_on) as the format
# writes them.

def read_csv(body: bytes) -> dict:
    return {int(r["id"]): (r["verified"], r["verified_on"]) for r in csv.DictReader(io.StringIO(body.decode("utf-8")))}


def read_geojson(body: bytes) -> dict:
    features = json.loads(body)["features"]
    return {f["id"]: (f["properties"]["verified"], f["properties"]["verified_on"]) for f in features}


def read_gpkg(body: bytes, tmp_path) -> dict:
    path = tmp_path / "cameras.gpkg"
    path.write_bytes(body)
    info = pyogrio.read_info(path, layer="cameras")
    types = dict(zip(info["fields"], info["dtypes"]))
    assert (types["verified"], types["verified_on"]) == ("bool", "datetime64[D]")  # GDAL reads BOOLEAN and DATE
    ogrinfo = subprocess.run(["ogrinfo", "-so", "-al", str(path)], capture_output=True, text=True, check=True).stdout
    assert "verified: Integer(Boolean)" in ogrinfo and "verified_on: Date" in ogrinfo
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT id, verified, verified_on FROM cameras").fetchall()
    return {camera_id: (verified, day) for camera_id, verified, day in rows}


def read_kml(body: bytes) -> dict:
    result = {}
    for mark in etree.fromstring(body).iter(f"{KML}Placemark"):
        data = {d.get("name"): d.findtext(f"{KML}value") for d in mark.iter(f"{KML}Data")}
        result[int(data["id"])] = (data.get("verified"), data.get("verified_on"))
    return result


def read_osm(body: bytes, tmp_path) -> dict:
    """By node id: an OSM-linked camera keeps its node's id, a new one is minus its camera id."""
    path = tmp_path / "cameras.osm"
    path.write_bytes(body)
    opl = subprocess.run(["osmium", "cat", "-f", "opl", str(path)], capture_output=True, text=True, check=True).stdout
    result = {}
    for line in opl.splitlines():
        fields = dict((part[0], part[1:]) for part in line.split(" "))
        tags = dict(map(_opl_text, kv.split("=", 1)) for kv in fields["T"].split(","))
        result[int(fields["n"])] = (tags.get("cameramap:verified"), tags.get("cameramap:verified_on"))
    return result


def expected(fmt: str, cameras: dict) -> dict:
    crowd, imported, later = cameras["crowd"], cameras["imported"], cameras["seen_later"]
    return {
        "csv": {crowd.id: ("true", "2026-01-10"), imported.id: ("false", ""), later.id: ("true", "2026-02-03")},
        "geojson": {crowd.id: (True, "2026-01-10"), imported.id: (False, None), later.id: (True, "2026-02-03")},
        "gpkg": {crowd.id: (1, "2026-01-10"), imported.id: (0, None), later.id: (1, "2026-02-03")},
        "kml": {crowd.id: ("true", "2026-01-10"), imported.id: ("false", None), later.id: ("true", "2026-02-03")},
        "osm": {-crowd.id: ("yes", "2026-01-10"), 123456: ("no", None), 777: ("yes", "2026-02-03")},
    }[fmt]


def read(fmt: str, body: bytes, tmp_path) -> dict:
    if fmt == "gpkg":
        return read_gpkg(body, tmp_path)
    if fmt == "osm":
        return read_osm(body, tmp_path)
    return {"csv": read_csv, "geojson": read_geojson, "kml": read_kml}[fmt](body)


def download(client, fmt: str, query: str = "") -> bytes:
    response = client.get(f"/api/v1/datasets/latest/cameras.{fmt}{query}")
    assert response.status_code == 200, response.content
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_a_live_download_says_which_cameras_are_verified_and_since_when(client, cameras, tmp_path, fmt):
    assert read(fmt, download(client, fmt), tmp_path) == expected(fmt, cameras)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_a_release_says_which_cameras_are_verified_and_since_when(cameras, tmp_path, fmt):
    release = release_build(release_start().id)
    with default_storage.open(release.files[f"cameras.{FORMATS[fmt].extension}"]["path"], "rb") as handle:
        body = handle.read()
    assert read(fmt, body, tmp_path) == expected(fmt, cameras)


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("verified", ["true", "false"])
def test_the_verified_filter_reaches_every_format(client, cameras, tmp_path, fmt, verified):
    wanted = {key: value for key, value in expected(fmt, cameras).items()
              if (value[0] in ("true", True, 1, "yes")) == (verified == "true")}
    assert len(wanted) == (2 if verified == "true" else 1)
    assert read(fmt, download(client, fmt, f"?verified={verified}"), tmp_path) == wanted


def test_a_bad_verified_filter_is_refused_with_its_field(client, cameras):
    response = client.get("/api/v1/datasets/latest/cameras.csv?verified=maybe")
    assert response.status_code == 400 and "verified" in response.json()


def test_a_missing_date_is_null_in_geojson_not_a_word(client, cameras):
    features = {f["id"]: f["properties"] for f in json.loads(download(client, "geojson"))["features"]}
    assert features[cameras["imported"].id]["first_seen"] is None
    assert features[cameras["imported"].id]["last_confirmed"] is None


def test_the_attribution_of_a_live_download_claims_only_what_it_holds(client, cameras):
    verified_only = json.loads(download(client, "geojson", "?verified=true"))["attribution"]
    imported_only = json.loads(download(client, "geojson", "?verified=false"))["attribution"]
    assert "seen by cameramap volunteers" in verified_only and "imported" not in verified_only
    assert "imported" in imported_only and "seen by" not in imported_only


def test_the_datapackage_describes_verified_and_verified_on(cameras):
    release = release_build(release_start().id)
    with default_storage.open(release.files["datapackage.json"]["path"], "rb") as handle:
        package = json.load(handle)
    resource = next(r for r in package["resources"] if r["path"] == "cameras.csv")
    fields = {f["name"]: f for f in resource["schema"]["fields"]}
    verified, verified_on = fields["verified"], fields["verified_on"]
    assert verified["type"] == "boolean" and verified["trueValues"] == ["true"] and verified["falseValues"] == ["false"]
    assert verified["constraints"] == {"required": True}
    assert "moderator accepted a sighting" in verified["description"] and "imported" in verified["description"]
    assert verified_on["type"] == "date" and verified_on["constraints"] == {"required": False}
    assert "first sighting by our volunteers" in verified_on["description"]
    assert package["description"].startswith(
        "3 published surveillance cameras: 2 verified by cameramap volunteers (a sighting accepted by a moderator), "
        "1 imported and not yet verified (OpenStreetMap 1).")
    assert release.counts["verified"] == 2 and release.counts["imported"] == 1
    assert release.counts["imported_by_source"] == {"osm": 1}


def test_a_release_of_imports_only_does_not_say_volunteers_verified_them(db):
    camera_make(source="osm", osm_type="node", osm_id=42)
    release = release_build(release_start().id)
    assert "volunteers" not in release.attribution and "imported" in release.attribution
    assert release.changelog["holds"] == {"cameras": 1, "verified": 0, "imported": 1}


def test_the_changelog_splits_added_and_removed_cameras_and_counts_the_newly_verified(cameras):
    first = release_build(release_start().id)
    assert first.changelog["provenance"] == {"added": {"verified": 2, "imported": 1}, "removed": None,
                                             "newly_verified": None}  # no previous release to compare with
    Camera.objects.filter(pk=cameras["crowd"].pk).update(published=False)  # a verified camera withdrawn
    Camera.objects.filter(pk=cameras["imported"].pk).update(verified_on=date(2026, 3, 1))  # seen by a volunteer
    camera_make(lon=20.47, lat=44.82, source="osm", osm_type="node", osm_id=888)  # a new import

    second = release_build(release_start().id)

    assert second.changelog["counts"] == {"added": 1, "removed": 1, "changed": 1}
    assert second.changelog["provenance"] == {"added": {"verified": 0, "imported": 1},
                                              "removed": {"verified": 1, "imported": 0}, "newly_verified": 1}
    assert second.changelog["holds"] == {"cameras": 3, "verified": 2, "imported": 1}
    with default_storage.open(second.files["changelog.json"]["path"], "rb") as handle:
        full = json.load(handle)
    assert full["provenance"] == second.changelog["provenance"] and full["holds"] == second.changelog["holds"]
    assert full["changed"] == [{"id": cameras["imported"].id, "fields": ["verified", "verified_on"]}]


def test_against_a_release_from_before_the_verified_column_the_removed_split_is_unknown():
    old = io.StringIO("id,operator\n1,a\n2,b\n")
    new = io.StringIO("id,operator,verified,verified_on\n2,b,true,2026-01-10\n3,c,false,\n")
    changes = changelog_compute(old, new)
    assert (changes["added"], changes["removed"], changes["changed"]) == ([3], [1], [])
    assert changes["provenance"] == {"added": {"verified": 0, "imported": 1}, "removed": None, "newly_verified": None}


def test_the_documentation_lists_every_column():
    text = (Path(__file__).resolve().parents[2] / "docs" / "datasets.md").read_text()
    table = text.split("### Columns", 1)[1].split("**Verified or imported.**", 1)[0]
    documented = {name for line in table.splitlines() if line.startswith("| `")
                  for name in line.split("|")[1].replace("`", "").replace(" ", "").split(",")}
    assert documented == set(NAMES)
