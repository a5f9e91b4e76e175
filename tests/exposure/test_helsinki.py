"""The real Helsinki centre (shared fixture: 2,577 street segments, 385 buildings, 221 cameras
from OpenStreetMap): the same figures on PostGIS and on SpatiaLite. The expected values were
computed on both; each backend must reproduce them to the decimetre."""

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.core.management import call_command

from cameramap.cameras.models import Area, Camera
from cameramap.city.services import city_import
from cameramap.exposure.models import FieldOfView, StreetExposure
from cameramap.exposure.services import exposure_update, fov_update
from tests.conftest import FIXTURES

pytestmark = pytest.mark.django_db

PBF = FIXTURES / "osm" / "helsinki-centre.osm.pbf"
SPLIT = 24.944  # a meridian through the centre: two districts, west and east of it


def district(name: str, west: float, east: float) -> Area:
    boundary = MultiPolygon(Polygon.from_bbox((west, 60.16, east, 60.18)), srid=4326)
    return Area.objects.create(name=name, slug=name.lower(), boundary=boundary)


def test_helsinki_exposure_is_the_same_on_both_backends(django_capture_on_commit_callbacks):
    city_import(PBF)
    call_command("osm_import", str(PBF), verbosity=0)  # osm_import reads the PBF's camera nodes
    assert Camera.objects.filter(source="osm", published=True).count() == 221
    west, east = district("West", 24.93, SPLIT), district("East", SPLIT, 24.96)
    Camera.objects.filter(pk__in=list(Camera.objects.order_by("osm_id").values_list("pk", flat=True)[:40])).update(
        operator_type="police")
    assert fov_update() == 221
    assert FieldOfView.objects.filter(geometry__isnull=False, buildings=True).count() == 221
    exposure_update()
    got = {(row.area_id, row.scope, row.verified_only): (round(row.street_m, 1), round(row.watched_m, 1), row.cameras)
           for row in StreetExposure.objects.all()}
    assert got[(None, "all", False)] == EXPECTED["city"]
    assert got[(west.id, "all", False)] == EXPECTED["west"]
    assert got[(east.id, "all", False)] == EXPECTED["east"]
    assert got[(west.id, "police_city", False)] == EXPECTED["west_police"]
    assert got[(east.id, "police_city", False)] == EXPECTED["east_police"]
    assert got[(None, "all", True)][1:] == (0.0, 0)  # imported cameras only: nothing verified


# (street metres, metres in view, cameras counted). A camera whose view crosses the meridian counts
# in both districts; the districts' streets add up to the city's.
EXPECTED = {
    "city": (106292.4, 12977.9, 221),
    "west": (47863.5, 6854.8, 111),
    "east": (58428.9, 6123.1, 115),
    "west_police": (47863.5, 1686.2, 25),
    "east_police": (58428.9, 777.5, 15),
}


def test_osm_import_refuses_a_pbf_it_cannot_read(tmp_path):
    from django.core.management.base import CommandError

    bad = tmp_path / "broken.osm.pbf"
    bad.write_bytes(b"\x00\x00\x00\x0d\n\tOSMHeader" + b"\xff" * 64)
    with pytest.raises(CommandError, match="not a readable PBF extract"):
        call_command("osm_import", str(bad), verbosity=0)
    assert Camera.objects.count() == 0
