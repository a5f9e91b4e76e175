"""Running the matching (matching.py) over a whole list or over the neighbourhood of cameras
that changed, and storing what it found. The neighbourhood is closed before it is matched: the
entries near the changed cameras, the cameras near those entries, the entries near those
cameras… until nothing new joins, so the groups solved are whole groups and the result is the
one a full run would give."""

import json
from types import SimpleNamespace

from django.db import connection, transaction
from django.db.models import Max, Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from cameramap.cameras.db import StX, StY
from cameramap.cameras.models import Camera
from cameramap.geo import envelope, in_any_bbox

from .candidates import Grid, array_literal, cameras_counted, cameras_near, jit_off
from .matching import EntryPoint, match, reach
from .models import MatchStatus, OfficialEntry, OfficialList
from .versions import matches_changed

CLOSURE_ROUNDS = 50


# What matching reads of an entry, and writes back (status, camera, score, distance, confirmed).
ENTRY_FIELDS = ("id", "camera_id", "status", "score", "distance_m", "confirmed", "precision_m", "located_by",
                "surveillance_type")


def _located(official_list: OfficialList):
    """The list's located entries as matching reads them: plain rows (``_rows``) with the
    coordinates as numbers from the database — no model instances, no geometry objects, no raw
    rows: building 10,000 instances took as long as the whole assignment. The two lists (directions,
    cameras a moderator rejected) come as JSON text, read only where they are not empty."""
    return (official_list.entries.filter(location__isnull=False).annotate(lon=StX("location"), lat=StY("location"))
            .annotate(directions_json=Cast("directions", TextField()), rejected_json=Cast("rejected_cameras", TextField()))
            .order_by("id").values(*ENTRY_FIELDS, "lon", "lat", "directions_json", "rejected_json"))


def _rows(queryset) -> list[SimpleNamespace]:
    return [SimpleNamespace(**row) for row in queryset]


def _place(entry: OfficialEntry) -> tuple[float, float, float]:
    return entry.lon, entry.lat, reach(entry.precision_m, entry.located_by)


def _point(entry: OfficialEntry) -> EntryPoint:
    return EntryPoint(entry.id, entry.lon, entry.lat, reach(entry.precision_m, entry.located_by),
                      entry.surveillance_type, tuple(_json_list(entry.directions_json)), frozenset(_json_list(entry.rejected_json)))


def _json_list(text: str | None) -> list:
    return json.loads(text) if text and text not in ("[]", "null") else []


def _max_reach(official_list: OfficialList) -> float:
    widest = official_list.entries.filter(located_by__in=["address", "intersection"]).aggregate(m=Max("precision_m"))["m"]
    return reach(widest or 0.0, "address")


def _closure(official_list: OfficialList, seeds: list[OfficialEntry]):
    """The seed entries with every entry and camera that can affect their pairs."""
    widest = _max_reach(official_list)
    located = _located(official_list)
    entries = {e.id: e for e in seeds}
    cameras = {}
    for _round in range(CLOSURE_ROUNDS):
        found = cameras_near([_place(e) for e in entries.values()])
        new_cameras = {pk: c for pk, c in found.items() if pk not in cameras}
        cameras.update(found)
        if not new_cameras:
            break
        boxes = [envelope(c.lon, c.lat, widest) for c in new_cameras.values()]
        more = [e for start in range(0, len(boxes), 200)
                for e in _rows(in_any_bbox(located.exclude(id__in=list(entries)), boxes[start:start + 200]))]
        if not more:
            break
        entries.update({e.id: e for e in more})
    return list(entries.values()), cameras


def _store(entries: list[OfficialEntry], cameras: dict) -> int:
    counted = set(cameras)
    confirmed = {e.id: e.camera_id for e in entries if e.confirmed and e.camera_id in counted}
    free = [e for e in entries if e.id not in confirmed]
    grid = Grid(cameras.values(), cell=0.001)
    pairs = match([_point(e) for e in free], grid, taken=set(confirmed.values()))
    changed = []
    for entry in entries:
        before = (entry.status, entry.camera_id, entry.score, entry.distance_m, entry.confirmed)
        if entry.id in confirmed:
            entry.status = MatchStatus.MATCHED
        elif entry.id in pairs:
            pair = pairs[entry.id]
            entry.status, entry.camera_id = pair.status, pair.camera
            entry.score, entry.distance_m, entry.confirmed = round(pair.score, 4), round(pair.distance_m, 2), False
        else:
            entry.status, entry.camera_id, entry.score, entry.distance_m, entry.confirmed = MatchStatus.NOT_FOUND, None, None, None, False
        if (entry.status, entry.camera_id, entry.score, entry.distance_m, entry.confirmed) != before:
            changed.append(entry)
    _write(changed)
    return len(changed)


def _write(entries: list[OfficialEntry]) -> None:
    """Store the pairs of many entries at once. Django's bulk_update writes one CASE per field
    and row, which takes half a minute for 10,000 entries; PostgreSQL takes the rows as arrays
    in one UPDATE, SQLite a prepared statement run per row (in-process, and as fast)."""
    if not entries:
        return
    matches_changed()
    table = OfficialEntry._meta.db_table
    rows = [(e.status, e.camera_id, e.score, e.distance_m, e.confirmed, e.id) for e in entries]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            jit_off(cursor)
            status, camera, score, distance, confirmed, ids = (array_literal(column) for column in zip(*rows))
            cursor.execute(
                f"""UPDATE {table} AS t SET status = v.status, camera_id = v.camera, score = v.score,
                        distance_m = v.distance, confirmed = v.confirmed
                    FROM unnest(%s::text[], %s::bigint[], %s::float8[], %s::float8[], %s::boolean[], %s::bigint[])
                         AS v(status, camera, score, distance, confirmed, id)
                    WHERE t.id = v.id""",
                [status, camera, score, distance, confirmed, ids])
        else:
            cursor.executemany(
                f"UPDATE {table} SET status = %s, camera_id = %s, score = %s, distance_m = %s, confirmed = %s WHERE id = %s", rows)


@transaction.atomic
def list_match(official_list: OfficialList, *, progress=None) -> int:
    """Match every located entry of the list; returns how many entries changed."""
    OfficialList.objects.select_for_update().filter(pk=official_list.pk).first()
    official_list.entries.filter(location__isnull=True).exclude(status=MatchStatus.UNLOCATED).update(
        status=MatchStatus.UNLOCATED, camera=None, score=None, distance_m=None, confirmed=False)
    entries = _rows(_located(official_list))
    if progress:
        progress(10, "candidates")
    cameras = cameras_near([_place(e) for e in entries])
    if progress:
        progress(60, "assignment")
    changed = _store(entries, cameras)
    OfficialList.objects.filter(pk=official_list.pk).update(matched_at=timezone.now())
    return changed


@transaction.atomic
def neighbourhood_match(official_list: OfficialList, camera_ids: list[int]) -> int:
    """Match again the part of the list that the changed cameras can affect."""
    OfficialList.objects.select_for_update().filter(pk=official_list.pk).first()
    widest = _max_reach(official_list)
    places = [envelope(c.location.x, c.location.y, widest) for c in Camera.objects.filter(id__in=camera_ids).only("location")]
    located = _located(official_list)
    seeds = {e.id: e for e in _rows(located.filter(Q(camera_id__in=camera_ids) | Q(camera__merged_into_id__in=camera_ids)))}
    for start in range(0, len(places), 200):
        seeds.update({e.id: e for e in _rows(in_any_bbox(located, places[start:start + 200]))})
    if not seeds:
        return 0
    entries, cameras = _closure(official_list, list(seeds.values()))
    return _store(entries, cameras)


@transaction.atomic
def list_match_entries(official_list: OfficialList, entries: list[OfficialEntry]) -> int:
    """Match these entries (with everything that competes with them) again."""
    OfficialList.objects.select_for_update().filter(pk=official_list.pk).first()
    seeds = _rows(_located(official_list).filter(id__in=[e.id for e in entries]))
    closed, cameras = _closure(official_list, seeds)
    return _store(closed, cameras) if closed else 0


def lists_rematch_near(camera_ids: list[int]) -> int:
    """``neighbourhood_match`` on every list (what a change of cameras sets off)."""
    return sum(neighbourhood_match(official_list, camera_ids) for official_list in OfficialList.objects.order_by("id"))


__all__ = ["cameras_counted", "list_match", "neighbourhood_match", "lists_rematch_near"]
