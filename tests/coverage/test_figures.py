"""Per district and for the city: the share of the street length looked at, cameras per km
looked at, and what nobody has looked at for N months."""

import pytest

from cameramap.coverage.figures import months_before, months_between
from cameramap.coverage.models import StreetLook
from tests.factories import camera_make

from .conftest import days_ago, lonlat

pytestmark = pytest.mark.django_db


@pytest.fixture
def looked(grid):
    """Street 1 (east–west, 200 m) looked at 10 days ago, street 2 (north–south) 400 days ago; a
    verified camera in "East" and an imported one."""
    StreetLook.objects.create(way_id=1, day=days_ago(10))
    StreetLook.objects.create(way_id=2, day=days_ago(400))
    StreetLook.objects.create(way_id=2, day=days_ago(500))
    camera_make(**dict(zip(("lon", "lat"), lonlat(50, 5))))
    camera_make(**dict(zip(("lon", "lat"), lonlat(-50, 5))), source="osm", verified_on=None)
    return grid


def test_the_city_and_every_district(client, looked):
    response = client.get("/api/v1/areas/coverage/", {"months": 6})
    assert response.status_code == 200
    body = response.json()
    assert body["months"] == 6
    city = body["city"]
    assert city["area"] is None
    assert (city["street_m"], city["surveyed_m"], city["surveyed_share"]) == (400.0, 400.0, 1.0)
    assert (city["not_looked_at_m"], city["not_looked_at_share"]) == (200.0, 0.5)
    assert city["last_looked_on"] == days_ago(10).isoformat()
    assert city["months_since_looked"] == months_between(days_ago(10), days_ago(0))
    assert (city["verified_cameras"], city["cameras_per_surveyed_km"]) == (1, 2.5)
    assert [a["area"]["name"] for a in body["areas"]] == ["East", "Whole"]
    east = body["areas"][0]
    assert (east["street_m"], east["surveyed_m"], east["not_looked_at_m"]) == (90.0, 90.0, 0.0)
    assert (east["verified_cameras"], east["cameras_per_surveyed_km"]) == (1, 11.11)


def test_one_district_gives_the_same_figures_as_the_table(client, looked):
    table = client.get("/api/v1/areas/coverage/").json()
    one = client.get(f"/api/v1/areas/{looked['whole'].id}/coverage/").json()
    row = next(a for a in table["areas"] if a["area"]["name"] == "Whole")
    assert {k: one[k] for k in row} == row
    assert one["months"] == 6 and one["public_until"] == table["public_until"]


def test_a_district_nobody_looked_at_says_never(client, grid):
    body = client.get(f"/api/v1/areas/{grid['east'].id}/coverage/").json()
    assert (body["surveyed_share"], body["last_looked_on"], body["months_since_looked"]) == (0.0, None, None)
    assert body["cameras_per_surveyed_km"] is None
    assert body["not_looked_at_share"] == 1.0


def test_an_unknown_district_is_a_404(client):
    response = client.get("/api/v1/areas/987654/coverage/")
    assert response.status_code == 404
    assert response.json() == {"detail": "No such area."}


def test_months_count_calendar_months():
    from datetime import date
    assert months_before(date(2026, 8, 31), 6) == date(2026, 2, 28)
    assert months_between(date(2026, 2, 28), date(2026, 8, 27)) == 5
    assert months_between(date(2026, 2, 28), date(2026, 8, 28)) == 6


def test_lengths_of_a_whole_array_match_the_exposure_figures_one_by_one():
    from shapely.geometry import GeometryCollection, LineString, MultiLineString, Point

    from cameramap.coverage.figures import lengths_m
    from cameramap.exposure.services import length_m

    shapes = [LineString([(20.45, 44.81), (20.46, 44.81), (20.46, 44.82)]),
              MultiLineString([[(20.45, 44.81), (20.45, 44.82)], [(20.47, 44.81), (20.48, 44.81)]]),
              GeometryCollection([Point(20.45, 44.81), LineString([(20.45, 44.81), (20.451, 44.811)])]),
              LineString()]
    assert lengths_m(shapes) == pytest.approx([length_m(shape) for shape in shapes], abs=1e-6)
    assert lengths_m([]).tolist() == []
