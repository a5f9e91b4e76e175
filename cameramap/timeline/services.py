"""Writing the cameras' versions (models.CameraState): for some cameras after they changed, for
all of them after an upgrade or by hand (``manage.py camera_states_rebuild``), and for those
changed without an event (the OpenStreetMap import's attribute updates) by a periodic sweep.

Each batch reads the cameras' rows and their events in bulk, rebuilds every camera's versions
(rebuild.py) and replaces its rows in one transaction."""

from collections import defaultdict
from datetime import datetime

from django.contrib.gis.geos import Point
from django.db import transaction
from django.utils import timezone

from cameramap.cameras.areas import districts
from cameramap.cameras.db import StX, StY
from cameramap.cameras.history import CAMERA_CHANGES, Action, ModerationEvent
from cameramap.cameras.models import Camera

from .models import CameraState, StatesSweep
from .rebuild import STATE_FIELDS, Event, camera_versions

BATCH = 2000


def _chunks(ids: list[int]):
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]


def _events(ids: list[int]) -> dict[int, list[Event]]:
    """Camera id → the events that changed it, oldest first: its own, and the merges of other
    cameras into it (a merge's event is written on the camera merged away)."""
    wanted = set(ids)
    survivors = wanted | set(Camera.objects.filter(id__in=ids, merged_into__isnull=False).values_list("merged_into_id", flat=True))
    merged = list(Camera.objects.filter(merged_into__in=survivors).values_list("id", flat=True))
    rows = ModerationEvent.objects.filter(action__in=CAMERA_CHANGES, camera_id__in=[*ids, *merged]).order_by("created_at", "id")
    found: dict[int, list[Event]] = defaultdict(list)
    for camera_id, report_id, action, data, created_at in rows.values_list("camera_id", "report_id", "action", "data", "created_at"):
        event = Event(day=timezone.localdate(created_at), action=action, camera_id=camera_id, data=data or {},
                      made_report=report_id is not None)
        if camera_id in wanted:
            found[camera_id].append(event)
        into = (data or {}).get("into") if action == Action.MERGE else None
        if into in wanted and into != camera_id:
            found[into].append(event)
    return found


def _current(ids: list[int]):
    columns = (*[f for f in STATE_FIELDS], "published", "merged_into_id", "imported_at", "created_at")
    rows = Camera.objects.filter(id__in=ids).annotate(lon=StX("location"), lat=StY("location")).values("id", *columns, "lon", "lat")
    for row in rows:
        now = {name: row[name] for name in STATE_FIELDS}
        now["location"] = (row["lon"], row["lat"])
        now["published"] = bool(row["published"]) and row["merged_into_id"] is None
        yield row["id"], now, timezone.localdate(row["imported_at"] or row["created_at"])


def _area_of(lon: float, lat: float, cache: dict) -> int | None:
    key = (lon, lat)
    if key not in cache:
        cache[key] = (districts().filter(boundary__intersects=Point(x=lon, y=lat, srid=4326))
                      .order_by("id").values_list("id", flat=True).first())
    return cache[key]


def _rows(ids: list[int]) -> list[CameraState]:
    events = _events(ids)
    areas: dict = {}
    rows = []
    for camera_id, now, start in _current(ids):
        for version in camera_versions(camera_id=camera_id, now=now, start=start, events=events.get(camera_id, [])):
            values = dict(version.values)
            lon, lat = values.pop("location")
            if values.pop("area_unknown", False):
                values["area_id"] = _area_of(lon, lat, areas)
            rows.append(CameraState(id=camera_id, valid_from=version.valid_from, valid_to=version.valid_to,
                                    location=Point(x=lon, y=lat, srid=4326), **values))
    return rows


def camera_states_refresh(camera_ids) -> int:
    """Rebuild the versions of these cameras. Returns how many rows they have now."""
    ids = sorted({int(pk) for pk in camera_ids if pk is not None})
    written = 0
    for chunk in _chunks(ids):
        rows = _rows(chunk)
        with transaction.atomic():
            CameraState.objects.filter(id__in=chunk).delete()
            CameraState.objects.bulk_create(rows, batch_size=BATCH)
        written += len(rows)
    return written


def camera_states_rebuild(*, progress=None) -> int:
    """Rebuild every camera's versions. ``progress(done, total)`` is called after each batch."""
    ids = list(Camera.objects.order_by("id").values_list("id", flat=True))
    written = 0
    with transaction.atomic():
        CameraState.objects.all().delete()
        for done, chunk in enumerate(_chunks(ids), start=1):
            rows = _rows(chunk)
            CameraState.objects.bulk_create(rows, batch_size=BATCH)
            written += len(rows)
            if progress is not None:
                progress(min(done * BATCH, len(ids)), len(ids))
        _sweep_mark(timezone.now())
    return written


def _sweep_mark(through: datetime) -> None:
    StatesSweep.objects.update_or_create(pk=1, defaults={"through": through})


def camera_states_sweep() -> int:
    """Rebuild the versions of the cameras changed since the last sweep (``updated_at``): what
    changed without an event to announce it. Returns how many cameras were rebuilt."""
    started = timezone.now()
    mark = StatesSweep.objects.filter(pk=1).values_list("through", flat=True).first()
    if mark is None:
        camera_states_rebuild()
        return Camera.objects.count()
    ids = list(Camera.objects.filter(updated_at__gte=mark).values_list("id", flat=True))
    camera_states_refresh(ids)
    _sweep_mark(started)
    return len(ids)
