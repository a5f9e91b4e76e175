import pytest

from cameramap.cameras.models import Area, Camera
from cameramap.datasets.demo import demo_load
from cameramap.datasets.osm_tags import parse_directions

pytestmark = pytest.mark.django_db


def test_demo_loads_real_cameras_once():
    first = demo_load()
    assert first["created"] == 1757
    assert Area.objects.count() == 6
    assert demo_load()["created"] == 0
    assert Camera.objects.count() == 1757
    assert Camera.objects.filter(area__isnull=True).count() == 0
    camera = Camera.objects.get(osm_id=Camera.objects.order_by("osm_id").values_list("osm_id", flat=True)[0])
    assert camera.source == "osm" and camera.published and camera.surveillance_type == "ALPR"


@pytest.mark.parametrize(
    "value, expected",
    [("270", [270]), ("355;175", [355, 175]), ("360;180", [0, 180]), ("NE", [45]), ("nnw", [338]),
     ("0-90", [45]), ("300-60", [0]), ("270230", []), ("", []), (None, []), (90.0, [90]), ("E;E;W", [90, 270])],
)
def test_osm_directions_are_parsed(value, expected):
    assert parse_directions(value) == expected
