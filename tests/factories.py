"""Small builders for test rows: valid by default, overridable by keyword."""

from datetime import date

from django.contrib.gis.geos import Point

from cameramap.cameras.models import Camera, Report


def camera_make(*, lon: float = 20.4573, lat: float = 44.8176, **fields) -> Camera:
    defaults = {
        "location": Point(x=lon, y=lat, srid=4326),
        "published": True,
        "first_seen": date(2026, 1, 10),
        "last_confirmed": date(2026, 1, 10),
    }
    defaults.update(fields)
    return Camera.objects.create(**defaults)


def report_make(*, lon: float = 20.4573, lat: float = 44.8176, **fields) -> Report:
    return Report.objects.create(location=Point(x=lon, y=lat, srid=4326), **fields)
