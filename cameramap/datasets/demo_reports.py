"""The demo's own volunteers: a handful of reports sent and decided through the real pipeline the
first time `make run` starts, so that the demo shows both kinds of camera — imported (the
OpenStreetMap data of demo.py) and verified by volunteers — and the moderation queue has a report
waiting.

Each report goes through the code a volunteer's phone and a moderator's click go through:
``report_create`` stores it with a photo, the photo pipeline renders and blurs the photo, the
pre-checks look for duplicates, and ``report_approve`` (as the demo moderator) accepts it. The
background tasks run in this process, one after the other (Celery's eager mode, for this call
only), because the worker is not running yet when the demo is loaded. The photos are drawn here:
a picture that says it is a demo, never a stranger's photo."""

import io
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib.gis.geos import Point
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image, ImageDraw

from cameramap.cameras import vocabulary as v
from cameramap.cameras.models import Camera, Report
from cameramap.cameras.services.reports import report_create
from cameramap.moderation.services.decisions import report_approve

NOTE = "Demo report, made when the demo was loaded."


@dataclass(frozen=True)
class DemoReport:
    kind: str
    lon: float | None = None  # a new camera's place; a sighting uses the camera's own
    lat: float | None = None
    directions: tuple[int, ...] = ()
    approve: bool = True


# Three sightings of imported cameras (which verifies them), two new cameras in central Atlanta,
# and one new camera left in the queue for whoever tries the moderator pages.
REPORTS = (
    DemoReport(v.ReportKind.CONFIRM),
    DemoReport(v.ReportKind.CONFIRM),
    DemoReport(v.ReportKind.CONFIRM),
    DemoReport(v.ReportKind.NEW, lon=-84.38798, lat=33.74899, directions=(90,)),
    DemoReport(v.ReportKind.NEW, lon=-84.39112, lat=33.75563, directions=(180, 270)),
    DemoReport(v.ReportKind.NEW, lon=-84.38453, lat=33.76071, directions=(45,), approve=False),
)


def demo_photo(number: int) -> SimpleUploadedFile:
    """A 1600 × 1200 JPEG drawn for the demo: a street, a pole and a camera, and the words
    "demo photo"."""
    image = Image.new("RGB", (1600, 1200), (196, 214, 230))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 820, 1600, 1200), fill=(120, 120, 118))
    draw.rectangle((760, 300, 800, 900), fill=(70, 70, 72))
    draw.rectangle((640, 260, 900, 360), fill=(235, 235, 230), outline=(40, 40, 40), width=6)
    draw.polygon(((900, 280), (980, 250), (980, 370), (900, 340)), fill=(40, 40, 40))
    draw.text((60, 60), f"cameramap demo photo {number}", fill=(20, 20, 20))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return SimpleUploadedFile(f"demo-{number}.jpg", buffer.getvalue(), content_type="image/jpeg")


@contextmanager
def _tasks_in_this_process():
    from cameramap.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        yield
    finally:
        app.conf.task_always_eager = before


def demo_reports_load(*, moderator) -> dict[str, int]:
    """Send the demo reports and decide them as ``moderator``, once: a second call finds them
    there and does nothing. Returns how many were approved and how many wait."""
    if Report.objects.filter(notes=NOTE).exists():
        return {"approved": 0, "pending": 0}
    imported = list(Camera.objects.filter(source=v.Source.OSM, verified_on__isnull=True, published=True)
                    .order_by("id")[:sum(r.kind == v.ReportKind.CONFIRM for r in REPORTS)])
    counts = {"approved": 0, "pending": 0}
    with _tasks_in_this_process():
        for number, demo in enumerate(REPORTS, start=1):
            camera = imported.pop(0) if demo.kind == v.ReportKind.CONFIRM and imported else None
            if demo.kind == v.ReportKind.CONFIRM and camera is None:
                continue  # no imported camera left to confirm
            location = camera.location if camera else Point(demo.lon, demo.lat, srid=4326)
            with transaction.atomic():  # the pipeline starts when this commits, as after a request
                report = report_create(
                    location=location, accuracy_m=8, photos=[demo_photo(number)], directions=list(demo.directions),
                    camera=camera, kind=demo.kind, notes=NOTE,
                    surveillance_type=v.SurveillanceType.ALPR if camera else v.SurveillanceType.CAMERA,
                )
            report.refresh_from_db()
            if demo.approve:
                report_approve(report=report, moderator=moderator)
                counts["approved"] += 1
            else:
                counts["pending"] += 1
    return counts
