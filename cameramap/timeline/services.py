"""Writing the cameras' versions (models.CameraState): for some cameras after they changed, for
all of them after an upgrade or by hand (``manage.py camera_states_rebuild``), and for those
changed without an event (a script's update, an import before it wrote events) by a periodic sweep.

Each batch reads the cameras' rows and their events in bulk, rebuilds every camera's versions
(rebuild.py) and replaces its rows in one transaction, with their part of the pre-grouped cells
of far tiles (tile_cells.py)."""

import json
from collections import defaultdict
from datetime import date, datetime

from django.contrib.gis.geos import Point
from django.db import connection, transaction
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from cameramap.cameras.areas import districts
from cameramap.cameras.db import StX, StY
from cameramap.cameras.history import CAMERA_CHANGES, Action, ModerationEvent
from cameramap.cameras.models import Camera

from . import tile_cells
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
    rows = (ModerationEvent.objects.filter(action__in=CAMERA_CHANGES, camera_id__in=[*ids, *merged])
            .annotate(day=TruncDate("created_at")).order_by("created_at", "id"))  # the day in the site's time zone
    found: dict[int, list[Event]] = defaultdict(list)
    for camera_id, report_id, action, data, day in rows.values_list("camera_id", "report_id", "action", "data", "day"):
        event = Event(day=_as_date(day), action=action, camera_id=camera_id, data=data or {}, made_report=report_id is not None)
        if camera_id in wanted:
            found[camera_id].append(event)
        into = (data or {}).get("into") if action == Action.MERGE else None
        if into in wanted and into != camera_id:
            found[into].append(event)
    return found


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])  # SQLite answers text


def _current(ids: list[int]):
    columns = (*STATE_FIELDS, "published", "merged_into_id")
    rows = Camera.objects.filter(id__in=ids).annotate(
        lon=StX("location"), lat=StY("location"), start=TruncDate(Coalesce("imported_at", "created_at")),
    ).values("id", *columns, "lon", "lat", "start")
    for row in rows:
        now = {name: row[name] for name in STATE_FIELDS}
        now["location"] = (row["lon"], row["lat"])
        now["published"] = bool(row["published"]) and row["merged_into_id"] is None
        yield row["id"], now, _as_date(row["start"])


def _area_of(lon: float, lat: float, cache: dict) -> int | None:
    key = (lon, lat)
    if key not in cache:
        cache[key] = (districts().filter(boundary__intersects=Point(x=lon, y=lat, srid=4326))
                      .order_by("id").values_list("id", flat=True).first())
    return cache[key]


# The columns written, in order: the camera's id, the days, the place (lon, lat), then STATE_FIELDS.
COLUMNS = ("id", "valid_from", "valid_to", "location", *STATE_FIELDS)


def _rows(ids: list[int]) -> list[tuple]:
    """The versions of these cameras as tuples of COLUMNS (``location`` as (lon, lat))."""
    events = _events(ids)
    areas: dict = {}
    rows = []
    for camera_id, now, start in _current(ids):
        for version in camera_versions(camera_id=camera_id, now=now, start=start, events=events.get(camera_id, [])):
            values = version.values
            lon, lat = values["location"]
            if values.get("area_unknown"):
                values["area_id"] = _area_of(lon, lat, areas)
            rows.append((camera_id, version.valid_from, version.valid_to, (lon, lat), *(values[name] for name in STATE_FIELDS)))
    return rows


def _write(rows: list[tuple]) -> None:
    """Store the rows. PostgreSQL: one COPY (a million cameras' versions in minutes, not an hour
    of INSERTs); elsewhere bulk_create."""
    if connection.vendor != "postgresql":
        CameraState.objects.bulk_create([
            CameraState(**dict(zip(COLUMNS, row, strict=True)) | {"location": Point(x=row[3][0], y=row[3][1], srid=4326)})
            for row in rows
        ], batch_size=BATCH)
        return
    names = ", ".join(connection.ops.quote_name(CameraState._meta.get_field(name).column) for name in COLUMNS)
    directions = COLUMNS.index("directions")
    with connection.cursor() as cursor, cursor.copy(f"COPY {CameraState._meta.db_table} ({names}) FROM STDIN") as copy:
        for row in rows:
            row = list(row)
            row[3] = f"SRID=4326;POINT({row[3][0]!r} {row[3][1]!r})"
            row[directions] = json.dumps(row[directions] or [])
            copy.write_row(row)


def camera_states_refresh(camera_ids) -> int:
    """Rebuild the versions of these cameras. Returns how many rows they have now."""
    ids = sorted({int(pk) for pk in camera_ids if pk is not None})
    if not tile_cells.cells_worth_following(len(ids)):  # cheaper built again whole, by the sweep
        with transaction.atomic():
            tile_cells.cells_drop()
    written = 0
    for chunk in _chunks(ids):
        rows = _rows(chunk)
        with transaction.atomic():
            kept = tile_cells.cells_kept(chunk)  # what the pre-grouped cells hold of them, before they go
            CameraState.objects.filter(id__in=chunk).delete()
            _write(rows)
            tile_cells.cells_follow(kept, chunk)
        written += len(rows)
    return written


def camera_states_rebuild(*, progress=None) -> int:
    """Rebuild every camera's versions. ``progress(done, total)`` is called after each batch."""
    ids = list(Camera.objects.order_by("id").values_list("id", flat=True))
    written = 0
    with transaction.atomic():
        tile_cells.cells_drop()
        CameraState.objects.all().delete()
        for done, chunk in enumerate(_chunks(ids), start=1):
            rows = _rows(chunk)
            _write(rows)
            written += len(rows)
            if progress is not None:
                progress(min(done * BATCH, len(ids)), len(ids))
        _sweep_mark(timezone.now())
        tile_cells.cells_build()
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
    tile_cells.cells_ensure()  # built again if a large refresh dropped them; a new month's snapshot
    return len(ids)
