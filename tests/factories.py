"""Small builders for test rows: valid by default, overridable by keyword."""

import io
from datetime import date, timedelta
from pathlib import Path

from django.contrib.gis.geos import Point
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from cameramap.cameras.models import Camera, Photo, Report
from cameramap.moderation.models import MappingEvent


def camera_make(*, lon: float = 20.4573, lat: float = 44.8176, **fields) -> Camera:
    defaults = {
        "location": Point(x=lon, y=lat, srid=4326),
        "published": True,
        "first_seen": date(2026, 1, 10),
        "last_confirmed": date(2026, 1, 10),
    }
    defaults.update(fields)
    if defaults.get("source", "crowd") == "crowd":
        # As the crowd's cameras are: made from a sighting a moderator accepted.
        defaults.setdefault("verified_on", defaults["first_seen"])
    return Camera.objects.create(**defaults)


# What a report's pre-checks leave when nothing was found: reports from report_make are as a
# moderator finds them in the queue, checked (pass ``prechecks={}`` for one not checked yet).
CHECKED = {"version": 1, "checked_at": "2026-01-10T12:00:00+00:00", "flags": [], "errors": {}, "flagged": False,
           "suggestion": {"action": "review", "camera": None, "score": None}}


def report_make(*, lon: float = 20.4573, lat: float = 44.8176, **fields) -> Report:
    fields.setdefault("prechecks", dict(CHECKED))
    return Report.objects.create(location=Point(x=lon, y=lat, srid=4326), **fields)


def mapping_event_make(*, name: str = "Walk along the river", hours: float = 24, **fields) -> MappingEvent:
    """A mapping event running from now on (``starts_at``/``ends_at`` override)."""
    fields.setdefault("starts_at", timezone.now())
    fields.setdefault("ends_at", fields["starts_at"] + timedelta(hours=hours))
    return MappingEvent.objects.create(name=name, **fields)


def published_photo(camera: Camera, source, *, status: str = "approved", state: str = "done", notes: str = "") -> Photo:
    """A processed photo of the camera made from a real fixture photo (display size and
    thumbnail), on a confirming report in ``status``."""
    report = report_make(camera=camera, kind="confirm", status=status, notes=notes)
    with Image.open(source) as original:
        display = original.convert("RGB")
        display.thumbnail((1280, 1280))
        thumb = display.copy()
        thumb.thumbnail((320, 320))
    photo = Photo(report=report, state=state, width=display.width, height=display.height)
    for field, image in (("image", display), ("thumbnail", thumb)):
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=80)
        getattr(photo, field).save(f"{Path(source).stem}.jpg", ContentFile(buffer.getvalue()), save=False)
    photo.save()
    return photo
