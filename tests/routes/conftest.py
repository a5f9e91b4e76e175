"""A small walking network with known answers, in metres around a point in Belgrade (the
exposure tests' projection): a 200 m main street from A (0, 0) to B (200, 0), and a detour
A → (0, 40) → (200, 40) → B of 280 m (1.4 × the main street) with no camera on it."""

import pytest

from cameramap.exposure.services import fov_update
from cameramap.routes.services import route_graph_update
from tests.exposure.conftest import area_m, lonlat, street_m
from tests.factories import camera_make


def at(x: float, y: float) -> str:
    """The query-string form LON,LAT of a point x metres east and y north of the origin."""
    lon, lat = lonlat(x, y)
    return f"{lon:.7f},{lat:.7f}"


@pytest.fixture
def network():
    network_build()


def network_build():
    street_m(1, [(0, 0), (200, 0)])
    street_m(2, [(0, 0), (0, 40)])
    street_m(3, [(0, 40), (200, 40)])
    street_m(4, [(200, 40), (200, 0)])
    street_m(5, [(100, 0), (100, -30)], highway="motorway")  # no walker may take it
    street_m(6, [(1000, 0), (1100, 0)])  # an island no walkway reaches


def dome_at(x: float, y: float, **fields):
    lon, lat = lonlat(x, y)
    return camera_make(lon=lon, lat=lat, camera_type="dome", **fields)  # a 20 m circle


def graph_build() -> int:
    fov_update()
    return route_graph_update()


@pytest.fixture
def city_camera(network):
    """A city's dome on the main street at x = 100 m: 40 m of it in view."""
    camera = dome_at(100, 0, operator_type="city")
    graph_build()
    return camera


def service_area(west, south, east, north):
    area = area_m("Service", west, south, east, north)
    area.is_service_area = True
    area.save()
    return area

