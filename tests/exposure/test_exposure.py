"""Street exposure on a hand-made grid (tests/exposure/conftest.py) whose answers are known."""

import pytest
from django.contrib.gis.geos import GEOSGeometry

from cameramap.exposure.models import FieldOfView, StreetExposure
from cameramap.exposure.services import exposure_update, fov_update
from tests.factories import camera_make

from .conftest import building_m, lonlat

pytestmark = pytest.mark.django_db


def figures(area) -> dict:
    return {(row.scope, row.verified_only): (round(row.street_m, 1), round(row.watched_m, 1), row.cameras)
            for row in StreetExposure.objects.filter(area=area)}


@pytest.fixture
def cameras(grid):
    # A verified dome with suspected facial recognition at the crossing: 20 m along each of 4 arms.
    dome = camera_make(**dict(zip(("lon", "lat"), lonlat(0, 0))), camera_type="dome", facial_recognition="suspected",
                       operator_type="private")
    # An imported police camera 50 m east, looking east along the street: 30 m of it.
    police = camera_make(**dict(zip(("lon", "lat"), lonlat(50, 0))), camera_type="fixed", directions=[90],
                         operator_type="police", source="osm", verified_on=None)
    # Not counted: unpublished, removed, merged away.
    camera_make(**dict(zip(("lon", "lat"), lonlat(-60, 0))), camera_type="dome", published=False)
    camera_make(**dict(zip(("lon", "lat"), lonlat(-60, 0))), camera_type="dome", status="removed")
    camera_make(**dict(zip(("lon", "lat"), lonlat(0, -60))), camera_type="dome", merged_into=dome)
    return {"dome": dome, "police": police}


def test_exposure_counts_the_street_length_in_view_by_scope_and_verification(grid, cameras):
    fov_update()
    exposure_update()
    whole = figures(grid["whole"])
    assert whole[("all", False)] == (400.0, 110.0, 2)
    assert whole[("all", True)] == (400.0, 80.0, 1)
    assert whole[("police_city", False)] == (400.0, 30.0, 1)
    assert whole[("police_city", True)] == (400.0, 0.0, 0)
    assert whole[("facial_recognition", False)] == (400.0, 80.0, 1)
    assert whole[("facial_recognition", True)] == (400.0, 80.0, 1)
    # The district is cut from the streets: 90 m of the east-west street, 10 m of the dome's arm.
    east = figures(grid["east"])
    assert east[("all", False)] == (90.0, 40.0, 2)
    assert east[("police_city", False)] == (90.0, 30.0, 1)
    # The city: every walkable street, the motorway left out.
    assert figures(None)[("all", False)] == (400.0, 110.0, 2)
    assert StreetExposure.objects.get(area=grid["whole"], scope="all", verified_only=False).share == pytest.approx(110 / 400, abs=1e-3)


def test_overlapping_fields_of_view_count_a_street_once(grid, cameras):
    camera_make(**dict(zip(("lon", "lat"), lonlat(5, 0))), camera_type="dome")  # overlaps the first dome
    fov_update()
    exposure_update()
    assert figures(grid["whole"])[("all", False)] == (400.0, 115.0, 3)


def test_a_building_hides_the_street_behind_it(grid, cameras):
    building_m(1, 60, -3, 64, 3)  # on the street 10 m in front of the police camera
    fov_update()
    exposure_update()
    assert figures(grid["whole"])[("police_city", False)] == (400.0, 10.0, 1)


def test_recomputing_replaces_the_figures(grid, cameras):
    fov_update()
    exposure_update()
    cameras["police"].status = "removed"
    cameras["police"].save()
    exposure_update()
    assert figures(grid["whole"])[("police_city", False)] == (400.0, 0.0, 0)
    assert StreetExposure.objects.filter(area=grid["whole"]).count() == 6


def test_no_streets_gives_zero_length_and_no_share(db):
    camera_make(camera_type="dome")
    fov_update()
    exposure_update()
    row = StreetExposure.objects.get(area=None, scope="all", verified_only=False)
    assert (row.street_m, row.watched_m, row.share) == (0.0, 0.0, None)


def test_a_release_carries_exposure_csv_and_the_model(grid, cameras):
    import csv
    import io
    import json

    from django.core.files.storage import default_storage

    from cameramap.datasets.releases import release_build, release_start

    fov_update()
    exposure_update()
    release = release_build(release_start().id)
    with default_storage.open(release.files["exposure.csv"]["path"]) as handle:
        rows = list(csv.DictReader(io.StringIO(handle.read().decode())))
    assert len(rows) == 18  # the city and two districts × three scopes × all or verified
    city = rows[0]
    assert (city["area_id"], city["area"], city["scope"], city["verified_only"]) == ("", "city", "all", "false")
    assert (city["street_m"], city["watched_m"], city["share"], city["cameras_counted"]) == ("400.0", "110.0", "0.2750", "2")
    east = next(r for r in rows if r["area"] == "East" and r["scope"] == "police_city" and r["verified_only"] == "false")
    assert (east["street_m"], east["watched_m"]) == ("90.0", "30.0")
    with default_storage.open(release.files["fov_model.json"]["path"]) as handle:
        assert json.loads(handle.read())["entries"]["fixed"] == {"angle_deg": 60.0, "range_m": 30.0}
    with default_storage.open(release.files["fields_of_view.geojson"]["path"]) as handle:
        views = json.loads(handle.read())
    stored = dict(FieldOfView.objects.filter(geometry__isnull=False, camera__published=True,  # not the unpublished
                                             camera__merged_into__isnull=True).values_list("camera_id", "geometry"))
    assert {feature["id"] for feature in views["features"]} == set(stored) and stored
    for feature in views["features"]:
        assert GEOSGeometry(json.dumps(feature["geometry"])).equals_exact(stored[feature["id"]], tolerance=1e-9)
        assert feature["properties"]["camera_id"] == feature["id"] and feature["properties"]["verified"] in (True, False)
