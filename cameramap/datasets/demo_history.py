"""The demo's past: the map's timeline (the data as of a day) needs months of history to show,
and a demo loaded a minute ago has none. So the demo's OpenStreetMap cameras are dated as coming
in over the twelve months before the load, in the order of their node ids — the order in which
OpenStreetMap's mappers added them (ids are handed out in sequence) — as an installation that
imported each new batch of OSM data would have received them. The fixture itself carries no
dates (no check_date, survey:date or timestamp), so the days are the demo's own, spread evenly:
every camera's ``imported_at`` (and ``created_at``) is the day it "came in"; ``first_seen`` stays
empty, as no source attests one.

The demo's volunteers' reports (demo_reports.py) are decided on the day the demo is loaded, so
the timeline ends with the cameras they verified or added that day."""

from datetime import datetime, time, timedelta

from django.db.models import Case, DateTimeField, Value, When
from django.utils import timezone

from cameramap.cameras import vocabulary as v
from cameramap.cameras.models import Camera

MONTHS = 12
BATCH = 500


def demo_history_spread(*, months: int = MONTHS) -> int:
    """Date the demo's OSM cameras over the ``months`` before today, by node id. Returns how many."""
    ids = list(Camera.objects.filter(source=v.Source.OSM).order_by("osm_id", "id").values_list("id", flat=True))
    if not ids:
        return 0
    today = timezone.localdate()
    span = round(months * 30.44)  # days
    first = today - timedelta(days=span)
    moments = {
        camera_id: timezone.make_aware(datetime.combine(first + timedelta(days=rank * (span - 1) // max(1, len(ids) - 1)), time(12)))
        for rank, camera_id in enumerate(ids)
    }
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        day = Case(*[When(id=camera_id, then=Value(moments[camera_id])) for camera_id in batch], output_field=DateTimeField())
        Camera.objects.filter(id__in=batch).update(imported_at=day, created_at=day)
    return len(ids)
