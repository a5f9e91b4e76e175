"""Statistics against figures worked out by hand on a small, fully known fixture."""

import csv
import io
import math
from datetime import date

import pytest

from cameramap.cameras.areas import areas_refresh
from cameramap.cameras.models import Area
from cameramap.datasets.statistics import area_statistics, statistics, statistics_csv
from tests.datasets.conftest import square
from tests.factories import camera_make

pytestmark = pytest.mark.django_db
AUTHALIC_RADIUS_KM = 6371.0072  # the sphere with the WGS 84 ellipsoid's surface area


def km2_by_hand(west, south, east, north) -> float:
    """Area of a lon/lat rectangle on the authalic sphere: R² · Δλ · (sin φ₂ − sin φ₁)."""
    return AUTHALIC_RADIUS_KM**2 * math.radians(east - west) * (math.sin(math.radians(north)) - math.sin(math.radians(south)))


@pytest.fixture
def city(db):
    north = Area.objects.create(name="North", slug="north", boundary=square(20.40, 44.80, 20.42, 44.82), population=10_000)
    south = Area.objects.create(name="South", slug="south", boundary=square(20.40, 44.78, 20.42, 44.80))
    Area.objects.create(name="Service area", slug="service", boundary=square(20.0, 44.0, 21.0, 45.0), is_service_area=True)
    jan, feb, mar = date(2026, 1, 5), date(2026, 2, 15), date(2026, 3, 1)
    camera_make(lon=20.41, lat=44.81, operator_type="police", camera_type="dome", facial_recognition="suspected", sign_present="yes", first_seen=jan, last_confirmed=jan)
    camera_make(lon=20.411, lat=44.811, operator_type="police", camera_type="fixed", sign_present="no", first_seen=jan, last_confirmed=jan)
    camera_make(lon=20.412, lat=44.812, operator_type="city", facial_recognition="confirmed", first_seen=feb, last_confirmed=feb)
    camera_make(lon=20.413, lat=44.813, status="removed", operator_type="police", first_seen=feb, last_confirmed=feb)
    camera_make(lon=20.414, lat=44.814, published=False, operator_type="police", first_seen=feb, last_confirmed=feb)
    camera_make(lon=20.41, lat=44.79, operator_type="private", camera_type="panning", sign_present="yes", first_seen=feb, last_confirmed=feb)
    camera_make(lon=20.60, lat=44.90, operator_type="transport", first_seen=mar, last_confirmed=mar)  # in no district
    areas_refresh()
    return {"north": north, "south": south}


def test_statistics_per_district_match_hand_computed_values(city):
    data = statistics()
    rows = {row["name"]: row for row in data["areas"]}
    assert list(rows) == ["North", "South"]  # service areas are not districts
    north_km2, south_km2 = km2_by_hand(20.40, 44.80, 20.42, 44.82), km2_by_hand(20.40, 44.78, 20.42, 44.80)
    north, south = rows["North"], rows["South"]
    assert north["area_km2"] == pytest.approx(north_km2, rel=3e-3)
    assert (north["cameras"], north["population"], north["per_1000"]) == (3, 10_000, 0.3)
    assert north["per_km2"] == pytest.approx(3 / north_km2, rel=3e-3)
    assert north["operator_type"] == {"unknown": 0, "police": 2, "city": 1, "transport": 0, "private": 0}
    assert north["camera_type"] == {"unknown": 1, "fixed": 1, "panning": 0, "dome": 1}
    assert north["facial_recognition"] == {"unknown": 1, "suspected": 1, "confirmed": 1}
    assert north["sign_present"] == {"unknown": 1, "yes": 1, "no": 1}
    assert (south["cameras"], south["per_1000"]) == (1, None)
    assert south["per_km2"] == pytest.approx(1 / south_km2, rel=3e-3)


def test_city_totals_and_cameras_verified_per_month(city):
    data = statistics()
    total = data["city"]
    north_km2, south_km2 = km2_by_hand(20.40, 44.80, 20.42, 44.82), km2_by_hand(20.40, 44.78, 20.42, 44.80)
    assert (total["cameras"], total["cameras_in_areas"], total["population"]) == (5, 4, 10_000)
    assert total["area_km2"] == pytest.approx(north_km2 + south_km2, rel=3e-3)
    assert total["per_km2"] == pytest.approx(4 / (north_km2 + south_km2), rel=3e-3)
    assert total["per_1000"] == 0.3  # over the districts whose population is known
    assert total["operator_type"] == {"unknown": 0, "police": 2, "city": 1, "transport": 1, "private": 1}
    # By month of the first verified sighting; the removed camera is history and counts here.
    assert data["per_month"] == [{"month": "2026-01", "cameras": 2}, {"month": "2026-02", "cameras": 3},
                                 {"month": "2026-03", "cameras": 1}]
    north = area_statistics(city["north"].id)
    assert north["cameras"] == 3 and north["per_month"] == [{"month": "2026-01", "cameras": 2}, {"month": "2026-02", "cameras": 2}]


def test_statistics_download_as_csv(city):
    rows = list(csv.DictReader(io.StringIO(statistics_csv())))
    assert [r["name"] for r in rows] == ["North", "South", "city"]
    assert (rows[0]["cameras"], rows[0]["population"], rows[0]["per_1000"]) == ("3", "10000", "0.3")
    assert (rows[0]["operator_type:police"], rows[0]["camera_type:unknown"], rows[0]["sign_present:no"]) == ("2", "1", "1")
    assert (rows[1]["per_1000"], rows[2]["cameras"], rows[2]["operator_type:transport"]) == ("", "5", "1")


def test_verified_and_imported_cameras_are_counted_apart_the_imported_by_source(city):
    camera_make(lon=20.415, lat=44.815, source="osm", osm_type="node", osm_id=1)  # imported, in North
    camera_make(lon=20.416, lat=44.816, source="official")  # imported, in North
    camera_make(lon=20.417, lat=44.817, source="osm", osm_type="node", osm_id=2, verified_on=date(2026, 4, 2))  # seen since
    camera_make(lon=20.41, lat=44.785, source="crowd", verified_on=None)  # added by staff, in South
    areas_refresh()
    data = statistics()
    north, south = ({row["name"]: row for row in data["areas"]}[name] for name in ("North", "South"))
    assert (north["cameras"], north["verified"], north["imported"]) == (6, 4, 2)
    assert north["imported_by_source"] == {"crowd": 0, "osm": 1, "official": 1}
    assert (south["verified"], south["imported"], south["imported_by_source"]["crowd"]) == (1, 1, 1)
    assert (data["city"]["verified"], data["city"]["imported"]) == (6, 3)
    assert data["city"]["imported_by_source"] == {"crowd": 1, "osm": 1, "official": 1}
    assert data["per_month"][-1] == {"month": "2026-04", "cameras": 1}  # imported cameras are no part of it


def test_every_split_counts_the_verified_cameras_apart(city):
    """The split by operator type, camera type, facial recognition and sign is given for all the
    cameras and for the verified ones, with the verified cameras' own rates, in the API and the CSV."""
    camera_make(lon=20.415, lat=44.815, source="osm", osm_type="node", osm_id=1, operator_type="police")  # imported
    camera_make(lon=20.416, lat=44.816, source="official", operator_type="city", camera_type="dome")  # imported
    areas_refresh()
    data = statistics()
    north = {row["name"]: row for row in data["areas"]}["North"]
    assert north["operator_type"]["police"] == 3 and north["verified_by"]["operator_type"]["police"] == 2
    assert north["operator_type"]["city"] == 2 and north["verified_by"]["operator_type"]["city"] == 1
    assert north["camera_type"]["dome"] == 2 and north["verified_by"]["camera_type"]["dome"] == 1
    assert sum(north["verified_by"]["operator_type"].values()) == north["verified"] == 3
    north_km2 = km2_by_hand(20.40, 44.80, 20.42, 44.82)
    assert (north["per_1000"], north["verified_per_1000"]) == (0.5, 0.3)
    assert north["verified_per_km2"] == pytest.approx(3 / north_km2, rel=3e-3)
    city_row = data["city"]
    assert sum(city_row["verified_by"]["operator_type"].values()) == city_row["verified"] == 5
    assert city_row["verified_by"]["operator_type"]["transport"] == 1

    rows = {row["name"]: row for row in csv.DictReader(io.StringIO(statistics_csv()))}
    assert (rows["North"]["operator_type:police"], rows["North"]["operator_type:police:verified"]) == ("3", "2")
    assert (rows["North"]["verified"], rows["North"]["imported"], rows["North"]["verified_per_1000"]) == ("3", "2", "0.3")
    assert rows["city"]["operator_type:transport:verified"] == "1"


def test_every_column_of_the_statistics_file_is_described_in_the_data_package():
    from cameramap.datasets.datapackage import _exposure_schema, _statistics_schema
    from cameramap.datasets.statistics import CSV_COLUMNS

    fields = _statistics_schema()["fields"]
    assert [f["name"] for f in fields] == CSV_COLUMNS
    assert all(f["description"] for f in fields)
    described = {f["name"]: f["description"] for f in fields}
    assert "accepted by a moderator" in described["verified"] and "outside source" in described["imported"]
    assert described["operator_type:police:verified"] == "The verified cameras whose operator_type is police."
    assert all(f["description"] for f in _exposure_schema()["fields"])
