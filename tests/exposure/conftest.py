"""A small street grid with known answers, laid out in metres around a point in Belgrade."""

import pytest
from django.contrib.gis.geos import GEOSGeometry
from shapely import wkb
from shapely.geometry import LineString, MultiPolygon, box

from cameramap.cameras.models import Area
from cameramap.city.models import Building, StreetSegment
from cameramap.exposure.fov import LocalProjection

LON, LAT = 20.4573, 44.8176
GRID = LocalProjection(LON, LAT)


def geos(shape_m):
    return GEOSGeometry(memoryview(wkb.dumps(GRID.to_degrees(shape_m))), srid=4326)


def lonlat(x: float, y: float) -> tuple[float, float]:
    point = GRID.to_degrees(LineString([(x, y), (x, y + 1)]))
    return point.coords[0]


def street_m(osm_id: int, coords, highway: str = "residential") -> StreetSegment:
    return StreetSegment.objects.create(osm_id=osm_id, highway=highway, name=f"Street {osm_id}",
                                        geometry=geos(LineString(coords)))


def area_m(name: str, west: float, south: float, east: float, north: float) -> Area:
    return Area.objects.create(name=name, slug=name.lower(), boundary=geos(MultiPolygon([box(west, south, east, north)])))


def building_m(osm_id: int, west: float, south: float, east: float, north: float) -> Building:
    return Building.objects.create(osm_id=osm_id, building="yes", footprint=geos(box(west, south, east, north)))


@pytest.fixture
def grid():
    """Two 200 m streets crossing at the origin (400 m), a motorway (not walkable), and two
    districts: "Whole" around everything, "East" from x = 10 m to 100 m."""
    street_m(1, [(-100, 0), (100, 0)])
    street_m(2, [(0, -100), (0, 100)])
    street_m(3, [(-100, 50), (100, 50)], highway="motorway")
    return {"whole": area_m("Whole", -110, -110, 110, 110), "east": area_m("East", 10, -110, 100, 110)}
