"""The areas API: the choropleth's FeatureCollection, one area, its statistics, CSV."""

import csv
import io

import pytest

from cameramap.cameras.models import Area
from tests.datasets.conftest import _fresh_cache, sample, square  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def test_areas_are_a_feature_collection_with_the_choropleth_properties(client, sample):
    Area.objects.create(name="Service", slug="service", boundary=square(20, 44, 21, 45), is_service_area=True)
    response = client.get("/api/v1/areas/")
    assert response.status_code == 200 and response["Content-Type"] == "application/geo+json"
    body = response.json()
    assert body["type"] == "FeatureCollection" and len(body["features"]) == 1  # districts only
    feature = body["features"][0]
    assert feature["type"] == "Feature" and feature["geometry"]["type"] == "MultiPolygon"
    assert feature["geometry"]["coordinates"][0][0][0] == [20.44, 44.80]  # lon, lat
    properties = feature["properties"]
    assert list(properties) == ["id", "name", "population", "area_km2", "cameras", "per_km2", "per_1000"]
    assert (properties["id"], properties["name"], properties["population"]) == (sample["area"].id, "Стари град", 44_737)
    assert properties["cameras"] == 3  # a, b (covered) and the OSM way; not the unpublished or merged ones
    assert properties["per_1000"] == round(3 * 1000 / 44_737, 4)
    assert properties["per_km2"] == pytest.approx(3 / properties["area_km2"], rel=1e-3)
    service = client.get("/api/v1/areas/?kind=service").json()
    assert [f["properties"]["name"] for f in service["features"]] == ["Service"]


def test_bad_kind_is_a_400_naming_the_field(client):
    response = client.get("/api/v1/areas/?kind=county")
    assert response.status_code == 400 and list(response.json()) == ["kind"]


def test_one_area_and_its_statistics(client, sample):
    area = sample["area"]
    detail = client.get(f"/api/v1/areas/{area.id}/")
    assert detail.status_code == 200
    assert detail.json()["properties"]["slug"] == "stari-grad" and detail.json()["properties"]["cameras"] == 3
    stats = client.get(f"/api/v1/areas/{area.id}/stats/")
    assert stats.status_code == 200
    body = stats.json()
    assert body["cameras"] == 3 and body["operator_type"]["police"] == 1 and body["operator_type"]["unknown"] == 2
    assert body["sign_present"] == {"unknown": 2, "yes": 0, "no": 1}
    # Split by how we know them: one seen by our volunteers, two imported from OpenStreetMap; the
    # months count only what volunteers' sightings verified.
    assert (body["verified"], body["imported"]) == (1, 2)
    assert body["per_month"] == [{"month": "2026-01", "cameras": 1}]
    assert client.get("/api/v1/areas/999999/").status_code == 404
    assert client.get("/api/v1/areas/999999/stats/").status_code == 404


def test_city_statistics_and_csv(client, sample):
    body = client.get("/api/v1/areas/stats/").json()
    assert body["city"]["cameras"] == 4 and body["city"]["cameras_in_areas"] == 3
    response = client.get("/api/v1/areas/stats.csv")
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["name"], r["cameras"]) for r in rows] == [("Стари град", "3"), ("city", "4")]


def test_areas_are_in_the_openapi_schema(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    for path in ("/api/v1/areas/", "/api/v1/areas/{id}/stats/", "/api/v1/datasets/", "/api/v1/datasets/latest/cameras.{fmt}"):
        assert path in schema["paths"], path
