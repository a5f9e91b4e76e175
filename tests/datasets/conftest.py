from datetime import date

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.core.cache import cache

from cameramap.cameras.models import Area
from tests.factories import camera_make


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # statistics are cached; each test computes its own
    yield
    cache.clear()


def square(west: float, south: float, east: float, north: float) -> MultiPolygon:
    polygon = Polygon.from_bbox((west, south, east, north))
    polygon.srid = 4326
    return MultiPolygon(polygon, srid=4326)


@pytest.fixture
def sample(db):
    """Cameras covering every kind of value an export must carry, and two that must not appear."""
    stari_grad = Area.objects.create(name="Стари град", slug="stari-grad", boundary=square(20.44, 44.80, 20.48, 44.83), population=44_737)
    a = camera_make(
        lon=20.4573123, lat=44.8176456, directions=[90, 270], surveillance="public", surveillance_type="camera",
        camera_type="dome", mount="pole", zone="town", height=4.5, operator='MUP "Srbije" & <Co>',
        operator_type="police", manufacturer="Huawei", model="X-1", facial_recognition="suspected",
        facial_recognition_evidence="https://example.org/evidence", sign_present="no", status="present",
        confirmations=3, first_seen=date(2026, 1, 10), last_confirmed=date(2026, 2, 1), area=stari_grad,
    )
    b = camera_make(
        lon=20.4611, lat=44.8155, surveillance_type="ALPR", source="osm", osm_type="node", osm_id=123456,
        operator="=HYPERLINK(\"http://evil\")", manufacturer="Hikvision", status="covered", area=stari_grad,
    )
    c = camera_make(lon=-3.7247528, lat=40.4469722, operator="Градска управа", directions=[0], height=3.0)
    way = camera_make(lon=20.47, lat=44.81, source="osm", osm_type="way", osm_id=999, area=stari_grad)
    camera_make(lon=20.45, lat=44.81, published=False, operator="hidden: not published")
    merged = camera_make(lon=20.45, lat=44.81, operator="hidden: merged")
    merged.merged_into = a
    merged.save()
    return {"a": a, "b": b, "c": c, "way": way, "area": stari_grad}
