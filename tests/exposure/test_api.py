"""The exposure endpoints, the camera's ``fov`` and the fields of view for the map."""

import pytest

from cameramap.exposure.services import exposure_update, fov_update
from tests.factories import camera_make

from .conftest import lonlat

pytestmark = pytest.mark.django_db


@pytest.fixture
def computed(grid):
    dome = camera_make(**dict(zip(("lon", "lat"), lonlat(0, 0))), camera_type="dome", operator_type="city")
    fov_update()
    exposure_update()
    return dome


def test_areas_exposure_gives_every_district_the_city_and_the_model(client, grid, computed):
    response = client.get("/api/v1/areas/exposure/")
    assert response.status_code == 200
    body = response.json()
    assert body["fov_model"]["buildings_considered"] is False
    assert body["fov_model"]["entries"]["dome"] == {"angle_deg": 360.0, "range_m": 20.0}
    assert body["fov_model"]["entries"]["ALPR"] == {"angle_deg": 30.0, "range_m": 50.0}
    assert body["city"]["area"] is None
    assert body["city"]["street_m"] == 400.0
    assert body["city"]["exposure"]["all"]["all"] == {"watched_m": 80.0, "share": 0.2, "cameras": 1}
    assert [a["area"]["name"] for a in body["areas"]] == ["East", "Whole"]
    east = body["areas"][0]
    assert east["street_m"] == 90.0
    assert east["exposure"]["police_city"]["verified"] == {"watched_m": 10.0, "share": 0.1111, "cameras": 1}
    assert east["exposure"]["facial_recognition"]["all"] == {"watched_m": 0.0, "share": 0.0, "cameras": 0}


def test_one_area_exposure(client, grid, computed):
    response = client.get(f"/api/v1/areas/{grid['whole'].id}/exposure/")
    assert response.status_code == 200
    body = response.json()
    assert body["area"] == {"id": grid["whole"].id, "name": "Whole", "slug": "whole"}
    assert body["exposure"]["all"]["verified"]["watched_m"] == 80.0
    assert "entries" in body["fov_model"]


def test_exposure_before_it_is_computed_says_so_with_nulls(client, grid):
    body = client.get(f"/api/v1/areas/{grid['east'].id}/exposure/").json()
    assert (body["street_m"], body["exposure"], body["computed_at"]) == (None, None, None)


def test_an_unknown_area_is_a_404(client):
    response = client.get("/api/v1/areas/987654/exposure/")
    assert response.status_code == 404
    assert response.json() == {"detail": "No such area."}


def test_the_camera_detail_carries_its_fov_as_geojson(client, computed):
    response = client.get(f"/api/v1/cameras/{computed.id}/")
    assert response.status_code == 200
    fov = response.json()["properties"]["fov"]
    assert fov["type"] == "MultiPolygon"
    ring = fov["coordinates"][0][0]
    assert ring[0] == ring[-1] and len(ring) > 100
    assert all(abs(lon - computed.location.x) < 0.001 and abs(lat - computed.location.y) < 0.001 for lon, lat in ring)


def test_a_camera_without_a_computed_fov_says_null(client):
    camera = camera_make()
    assert client.get(f"/api/v1/cameras/{camera.id}/").json()["properties"]["fov"] is None


def test_fields_of_view_in_a_box_for_the_map(client, computed):
    other = camera_make(lon=21.5, lat=44.0, camera_type="dome")  # outside the box
    fov_update(camera_ids=[other.id])
    box = f"{computed.location.x - 0.01},{computed.location.y - 0.01},{computed.location.x + 0.01},{computed.location.y + 0.01}"
    response = client.get("/api/v1/fields-of-view/", {"bbox": box})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    features = response.json()["features"]
    assert [f["id"] for f in features] == [computed.id]
    assert features[0]["geometry"]["type"] == "MultiPolygon"
    # The camera list's filters apply.
    assert client.get("/api/v1/fields-of-view/", {"bbox": box, "operator_type": "police"}).json()["features"] == []


@pytest.mark.parametrize("query", [{}, {"bbox": "1,2,3"}, {"bbox": "0,0,90,90"}])
def test_fields_of_view_refuse_a_missing_or_bad_box(client, query):
    response = client.get("/api/v1/fields-of-view/", query)
    assert response.status_code == 400
    assert "bbox" in response.json()


def test_the_exposure_endpoints_are_in_the_openapi_schema(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    for path in ("/api/v1/areas/exposure/", "/api/v1/areas/{id}/exposure/", "/api/v1/fields-of-view/"):
        assert path in schema["paths"], path
    detail = schema["components"]["schemas"]
    assert "fov" in str(detail.get("CameraDetail", detail))
    assert "fov_model" in str(schema["paths"]["/api/v1/areas/exposure/"]) or "fov_model" in str(detail)


def test_the_statistics_carry_the_streets_in_view(client, grid, computed):
    everyone = client.get("/api/v1/areas/stats/").json()
    assert everyone["city"]["streets_in_view"]["street_m"] == 400.0
    assert everyone["city"]["streets_in_view"]["watched_m"] == 80.0 and everyone["city"]["streets_in_view"]["share"] == 0.2
    east = next(row for row in everyone["areas"] if row["name"] == "East")
    exposure = client.get(f"/api/v1/areas/{east['id']}/exposure/").json()
    assert east["streets_in_view"]["street_m"] == exposure["street_m"] == 90.0
    assert east["streets_in_view"]["police_city_share"] == exposure["exposure"]["police_city"]["all"]["share"]
    one = client.get(f"/api/v1/areas/{east['id']}/stats/").json()
    assert one["streets_in_view"] == east["streets_in_view"]


def test_the_statistics_say_null_before_streets_are_computed(client, grid):
    body = client.get("/api/v1/areas/stats/").json()
    assert body["city"]["streets_in_view"] is None
    assert all(row["streets_in_view"] is None for row in body["areas"])
