"""The geometry every app measures with (cameramap/geo.py): pure functions, and the box and
radius lookups through the spatial index on both backends."""

import math
import random

import pytest
from django.core.exceptions import ValidationError

from cameramap import geo
from tests.factories import camera_make

LON, LAT = 20.4573, 44.8176  # Belgrade
RADIUS = 25.0


def moved(lon, lat, metres, bearing):
    """A point ``metres`` away on ``bearing`` (small distances)."""
    dy = metres * math.cos(math.radians(bearing)) / 111_320
    dx = metres * math.sin(math.radians(bearing)) / (111_320 * math.cos(math.radians(lat)))
    return lon + dx, lat + dy


def test_distance_on_the_sphere_matches_a_known_length():
    # One degree of latitude is 111.195 km on the mean-radius sphere.
    assert geo.distance_m(20.0, 44.0, 20.0, 45.0) == pytest.approx(111_195, rel=1e-4)
    assert geo.distance_m(LON, LAT, *moved(LON, LAT, 20, 90)) == pytest.approx(20, abs=0.05)


@pytest.mark.parametrize("lat", [0.0, 44.8, 60.1, 78.2, -54.8])
def test_envelope_contains_the_whole_circle_at_any_latitude(lat):
    rng = random.Random(7)
    xmin, ymin, xmax, ymax = geo.envelope(LON, lat, RADIUS)
    for _ in range(500):
        lon, lat2 = moved(LON, lat, RADIUS * 0.999, rng.uniform(0, 360))
        assert xmin <= lon <= xmax and ymin <= lat2 <= ymax
    # and it is not absurdly large: under 1.5 times the circle's width
    assert (ymax - ymin) * 111_320 < 2 * RADIUS * 1.5


@pytest.mark.parametrize(
    "value, code",
    [("1,2,3", "format"), ("a,b,c,d", "format"), ("nan,1,2,3", "not_finite"), ("0,0,200,1", "out_of_world"),
     ("2,0,1,1", "inverted"), ("0,0,20,1", "too_large")],
)
def test_a_bad_bbox_is_refused_with_the_reason(value, code):
    with pytest.raises(ValidationError) as refused:
        geo.bbox_parse(value, max_degrees=10)
    assert refused.value.code == code


def test_a_bbox_reads_west_south_east_north():
    box = geo.bbox_parse("20.4,44.8,20.5,44.9", max_degrees=None)
    assert tuple(box) == (20.4, 44.8, 20.5, 44.9)
    assert box.polygon().extent == (20.4, 44.8, 20.5, 44.9) and box.polygon().srid == 4326


@pytest.mark.django_db
def test_box_and_radius_lookups_find_the_same_rows_on_either_backend():
    from cameramap.cameras.models import Camera

    near = camera_make(lon=moved(LON, LAT, 10, 45)[0], lat=moved(LON, LAT, 10, 45)[1])
    edge = camera_make(lon=moved(LON, LAT, 24, 200)[0], lat=moved(LON, LAT, 24, 200)[1])
    camera_make(lon=moved(LON, LAT, 40, 90)[0], lat=moved(LON, LAT, 40, 90)[1])  # outside the radius

    found = geo.within(Camera.objects.all(), LON, LAT, RADIUS)

    assert [camera.pk for camera, _metres in found] == [near.pk, edge.pk]
    assert [round(metres) for _camera, metres in found] == [10, 24]
    in_box = geo.in_bbox(Camera.objects.all(), geo.envelope(LON, LAT, RADIUS))
    assert set(in_box.values_list("pk", flat=True)) == {near.pk, edge.pk}
