"""The field-of-view polygon (cameramap/exposure/fov.py): sectors by kind, and buildings that
stop the view. Pure geometry: no database."""

import math

import pytest
from shapely.geometry import Point, box

from cameramap.exposure.fov import DEFAULT_FOV_MODEL, LocalProjection, camera_view

LON, LAT = 20.4573, 44.8176
HERE = LocalProjection(LON, LAT)


def view_m(*, buildings_m=(), model=DEFAULT_FOV_MODEL, **kind):
    kind = {"directions": [], "surveillance_type": "camera", "surveillance": "", "camera_type": "", "mount": "", **kind}
    view = camera_view(lon=LON, lat=LAT, buildings=[HERE.to_degrees(b) for b in buildings_m], model=model, **kind)
    return None if view is None else HERE.to_metres(view)


def bearing_reach(view, bearing: float, step: float = 0.05) -> float:
    """How far along this bearing the view reaches, in metres (to 5 cm)."""
    dx, dy = math.sin(math.radians(bearing)), math.cos(math.radians(bearing))
    distance = 0.0
    while view.buffer(1e-6).contains(Point(dx * (distance + step), dy * (distance + step))):
        distance += step
    return distance


def test_a_fixed_camera_sees_a_60_degree_sector_of_30_metres_where_it_faces():
    view = view_m(directions=[90], camera_type="fixed")
    assert bearing_reach(view, 90) == pytest.approx(30, abs=0.1)
    assert bearing_reach(view, 90 + 29) == pytest.approx(30, abs=0.1)
    assert bearing_reach(view, 90 + 31) < 0.5
    assert bearing_reach(view, 270) < 0.5
    assert view.area == pytest.approx(math.pi * 30 ** 2 / 6, rel=0.01)


def test_each_kind_takes_its_angle_and_range_from_the_table():
    panning = view_m(directions=[0], camera_type="panning")
    assert panning.area == pytest.approx(math.pi * 30 ** 2 / 3, rel=0.01)
    alpr = view_m(directions=[180], surveillance_type="ALPR", camera_type="fixed")
    assert bearing_reach(alpr, 180) == pytest.approx(50, abs=0.1)
    assert bearing_reach(alpr, 180 + 16) < 0.5
    dome = view_m(directions=[0], camera_type="dome")  # a dome's direction cannot be seen: a full circle
    assert dome.area == pytest.approx(math.pi * 20 ** 2, rel=0.01)
    unknown = view_m(directions=[], camera_type="fixed")
    assert unknown.area == pytest.approx(math.pi * 15 ** 2, rel=0.01)


def test_two_directions_make_two_sectors():
    view = view_m(directions=[0, 180], camera_type="fixed")
    assert bearing_reach(view, 0) == pytest.approx(30, abs=0.1)
    assert bearing_reach(view, 180) == pytest.approx(30, abs=0.1)
    assert bearing_reach(view, 90) < 0.5
    assert view.area == pytest.approx(2 * math.pi * 30 ** 2 / 6, rel=0.01)


def test_the_model_can_be_changed_by_settings_entries_and_per_mount():
    model = {**DEFAULT_FOV_MODEL, "fixed": {"angle": 90, "range": 40}, "fixed/street_lamp": {"angle": 20, "range": 10}}
    assert bearing_reach(view_m(directions=[0], camera_type="fixed", model=model), 44) == pytest.approx(40, abs=0.1)
    lamp = view_m(directions=[0], camera_type="fixed", mount="street_lamp", model=model)
    assert bearing_reach(lamp, 0) == pytest.approx(10, abs=0.1)


def test_a_building_in_front_cuts_the_ray_and_hides_what_is_behind_it():
    building = box(-3, 10, 3, 14)  # 6 m wide, 10 m north of a camera looking north
    view = view_m(directions=[0], camera_type="fixed", buildings_m=[building])
    assert bearing_reach(view, 0) == pytest.approx(10, abs=0.1)
    assert not view.contains(Point(0, 20))  # behind the building: not subtracted, shadowed
    assert view.contains(Point(9, 20))  # beside it, within the sector: still in view
    # Rays every 2°: the edge from the last ray stopped at the wall to the first passing it clips a
    # corner of the footprint, a sliver of under 2 % of it.
    assert view.intersection(building).area < 0.02 * building.area


def test_a_building_farther_than_the_range_changes_nothing():
    view = view_m(directions=[0], camera_type="fixed", buildings_m=[box(-3, 40, 3, 45)])
    assert bearing_reach(view, 0) == pytest.approx(30, abs=0.1)


def test_the_wall_the_camera_hangs_on_does_not_blind_it():
    wall = box(-10, -5, 10, 0)  # the camera sits on the building's north wall, looking north
    view = view_m(directions=[0], camera_type="fixed", buildings_m=[wall])
    assert bearing_reach(view, 0) == pytest.approx(30, abs=0.1)
    inside = box(-10, -5, 10, 0.3)  # the OSM node a little inside the footprint: the footprint is ignored
    assert bearing_reach(view_m(directions=[0], camera_type="fixed", buildings_m=[inside]), 0) == pytest.approx(30, abs=0.1)
    dome = view_m(camera_type="dome", buildings_m=[wall])  # a dome on that wall sees the street, not the house
    assert bearing_reach(dome, 0) == pytest.approx(20, abs=0.1)
    assert bearing_reach(dome, 180) < 1.1


@pytest.mark.parametrize("kind", [{"surveillance_type": "guard"}, {"surveillance_type": "gunshot_detector"},
                                  {"surveillance": "indoor", "directions": [0]}])
def test_what_sees_no_street_has_no_field_of_view(kind):
    assert view_m(**kind) is None
