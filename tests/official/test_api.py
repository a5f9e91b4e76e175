"""The official-list endpoints and the declared / official_list filters on cameras."""

import pytest
from django.contrib.gis.geos import LinearRing, MultiPolygon, Point, Polygon

from cameramap.cameras.models import Area
from cameramap.official.models import OfficialEntry, OfficialList
from cameramap.official.services import list_match
from tests.factories import camera_make

pytestmark = pytest.mark.django_db
LAT, LON = 44.8176, 20.4573
M = 1 / 111_320  # a metre of latitude, in degrees


def test_the_list_of_lists_has_the_figures_split_verified_and_imported(client, compared):
    response = client.get("/api/v1/official-lists/")
    assert response.status_code == 200
    [item] = response.json()
    assert item["name"] == "MUP 2021" and item["area"] == "stari-grad" and item["match_radius_m"] == 30
    assert item["figures"] == {
        "declared": 4, "located": 3,
        "matched": {"total": 1, "verified": 1, "imported": 0},
        "probable": {"total": 1, "verified": 0, "imported": 1},
        "not_found": 1, "unlocated": 1,
        "not_declared": {"total": 1, "verified": 1, "imported": 0},
    }


def test_one_list_has_its_districts_and_area(client, compared):
    response = client.get(f"/api/v1/official-lists/{compared['list'].pk}/")
    assert response.status_code == 200
    body = response.json()
    [district] = body["districts"]
    assert district["slug"] == "stari-grad" and district["declared"] == 3 and district["not_declared"]["total"] == 1
    assert body["coverage"]["type"] == "MultiPolygon"
    assert client.get("/api/v1/official-lists/999999/").status_code == 404


def test_entries_are_geojson_with_status_camera_and_how_they_were_located(client, compared):
    response = client.get(f"/api/v1/official-lists/{compared['list'].pk}/entries/")
    assert response.status_code == 200 and response["Content-Type"] == "application/geo+json"
    body = response.json()
    assert body["type"] == "FeatureCollection" and body["count"] == 4
    by_ref = {f["properties"]["ref"]: f for f in body["features"]}
    assert by_ref["A"]["properties"]["status"] == "matched" and by_ref["A"]["properties"]["camera"] == compared["found"].id
    assert by_ref["A"]["geometry"] == {"type": "Point", "coordinates": [LON, LAT]}
    assert by_ref["D"]["geometry"] is None and by_ref["D"]["properties"]["located_by"] == "unlocated"
    assert by_ref["D"]["properties"]["unlocated_reason"] == "no street" and by_ref["D"]["properties"]["address"] == "Street 5"
    only = client.get(f"/api/v1/official-lists/{compared['list'].pk}/entries/?status=not_found").json()
    assert [f["properties"]["ref"] for f in only["features"]] == ["C"]
    bad = client.get(f"/api/v1/official-lists/{compared['list'].pk}/entries/?status=lost")
    assert bad.status_code == 400 and "status" in bad.json()


def test_cameras_filter_by_declared_and_by_list(client, compared):
    ids = lambda query: sorted(f["id"] for f in client.get(f"/api/v1/cameras/?{query}").json()["features"])  # noqa: E731
    list_id = compared["list"].pk
    assert ids("declared=true") == sorted([compared["found"].id, compared["probable"].id])
    assert ids("declared=false") == [compared["extra"].id]
    assert ids(f"declared=false&official_list={list_id}") == [compared["extra"].id]
    assert ids(f"official_list={list_id}") == sorted([compared["found"].id, compared["probable"].id, compared["extra"].id])
    assert client.get(f"/api/v1/cameras/count/?declared=true&official_list={list_id}").json() == {"count": 2}
    assert client.get("/api/v1/cameras/?official_list=999999").status_code == 404  # as an unknown area
    assert client.get("/api/v1/cameras/?declared=maybe").status_code == 400


def test_downloads_take_the_filters(client, compared):
    response = client.get(f"/api/v1/datasets/latest/cameras.geojson?official_list={compared['list'].pk}&declared=false")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    import json

    assert [f["properties"]["id"] for f in json.loads(body)["features"]] == [compared["extra"].id]


def test_tiles_take_the_filters(client, compared):
    response = client.get("/api/v1/tiles/14/9122/5861.mvt?declared=false")
    assert response.status_code in (200, 204)
    assert client.get("/api/v1/tiles/14/9122/5861.mvt?official_list=abc").status_code == 400


def test_a_declared_tile_is_not_served_stale_after_a_pair_changes(client, compared, django_capture_on_commit_callbacks):
    import math

    from cameramap.official.review import entry_reject

    z = 16  # the tile holding the cameras
    x = int((LON + 180) / 360 * 2**z)
    y = int((1 - math.asinh(math.tan(math.radians(LAT))) / math.pi) / 2 * 2**z)
    url = f"/api/v1/tiles/{z}/{x}/{y}.mvt?declared=true"
    before = client.get(url)
    assert before.status_code == 200
    entry = compared["list"].entries.get(ref="A")
    with django_capture_on_commit_callbacks(execute=True):
        entry_reject(entry=entry, moderator=None)
    after = client.get(url)
    assert after.status_code == 200 and after["ETag"] != before["ETag"]


def test_the_schema_documents_the_official_endpoints_and_filters(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    assert {"/api/v1/official-lists/", "/api/v1/official-lists/{id}/", "/api/v1/official-lists/{id}/entries/"} <= set(schema["paths"])
    parameters = {p["name"] for p in schema["paths"]["/api/v1/cameras/"]["get"]["parameters"]}
    assert {"declared", "official_list"} <= parameters
