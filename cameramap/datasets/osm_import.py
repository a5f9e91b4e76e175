"""Import cameras from OpenStreetMap data. One pipeline for the command line, the demo loader
and the admin: OSM records in (see ``osm_readers``), cameras created or updated by
(osm_type, osm_id), never duplicated.

In batches of ``BATCH`` records, each in its own transaction:

* a record whose element we already have updates that camera — only if something changed, and
  only if the camera came from OSM: a camera our volunteers mapped and that was later linked to
  an OSM node keeps the attributes our moderators verified;
* a new record first looks for a crowd-mapped camera within ``OSM_DEDUP_RADIUS_M`` metres that
  is not linked to OSM yet (and, when both say, faces a compatible direction): that camera gets
  the OSM id instead of a second camera being created;
* otherwise a camera is created, published, ``source=osm``, and put in its district.

OSM names an operator but not its kind: a camera whose ``operator_type`` is unknown gets the one
the operator's name says (cameras/operators.py), on creation and on every later import, so a
re-import brings cameras imported before the rules existed up to date. A type a person chose is
never replaced.

Coordinates are rounded to 7 decimals (OSM's own precision), so exporting to OSM XML and
importing the file again finds every camera unchanged.

With ``prune`` (the area the file covers), OSM cameras in that area that the file no longer holds
are marked removed afterwards: see ``osm_prune``.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.gis.geos import Point
from django.db import transaction
from django.utils import timezone

from cameramap.cameras import vocabulary as v
from cameramap.cameras.areas import areas_version_bump, cameras_area_assign
from cameramap.cameras.history import Action, events_write
from cameramap.cameras.signals import cameras_changed_announce
from cameramap.cameras.models import Camera
from cameramap.cameras.operators import operator_type_from_name
from cameramap.cameras.selectors import earliest, latest
from cameramap.geo import Bbox, distance_m, envelope, in_any_bbox

from .models import OsmElement
from .osm_prune import PruneArea, cameras_prune
from .osm_readers import OsmCamera, read_fixture, read_osm  # noqa: F401  (read_fixture: the demo uses it)
from .osm_tags import attested_days, attributes_from_tags

BATCH = 2000
DEDUP_QUERY_BATCH = 200
DIRECTION_TOLERANCE = 45
# The fields an OSM record decides (everything else is ours).
OSM_FIELDS = ("directions", "surveillance", "surveillance_type", "camera_type", "mount", "zone", "height",
              "operator", "manufacturer", "model")


@dataclass
class ImportCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    linked: int = 0
    skipped: int = 0
    reasons: dict = field(default_factory=dict)

    def skip(self, reason: str) -> None:
        self.skipped += 1
        self.reasons[reason] = self.reasons.get(reason, 0) + 1

    def as_dict(self) -> dict:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged,
                "linked": self.linked, "skipped": self.skipped}


def _attributes(item: OsmCamera) -> dict:
    """Every OSM-decided field, defaults included, so a tag removed in OSM is removed here."""
    defaults = {name: Camera._meta.get_field(name).get_default() for name in OSM_FIELDS}
    return {**defaults, **attributes_from_tags(item.tags)}


def _as_json(value):
    """A field's value as the audit trail stores it (dates as ISO text)."""
    return value.isoformat() if isinstance(value, date) else value


def _round(value: float) -> float:
    return round(value, 7)


def _directions_compatible(a: list[int], b: list[int]) -> bool:
    if not a or not b:
        return True
    return any(min(abs(x - y) % 360, 360 - abs(x - y) % 360) <= DIRECTION_TOLERANCE for x in a for y in b)


def _crowd_candidates(items: list[OsmCamera], radius_m: float) -> list[Camera]:
    """Unlinked, non-OSM cameras near any of ``items``: one query per few hundred items, each
    an OR of small degree boxes that the spatial index answers."""
    found: dict[int, Camera] = {}
    for start in range(0, len(items), DEDUP_QUERY_BATCH):
        boxes = [envelope(item.lon, item.lat, radius_m) for item in items[start : start + DEDUP_QUERY_BATCH]]
        queryset = in_any_bbox(
            Camera.objects.filter(osm_id__isnull=True, merged_into__isnull=True).exclude(source=v.Source.OSM)
            .only("id", "location", "directions", "osm_type", "osm_id"),
            boxes,
        )
        for camera in queryset:
            found[camera.id] = camera
    return list(found.values())


def _match(item: OsmCamera, directions: list[int], candidates: list[Camera], claimed: set[int], radius_m: float):
    best, best_distance = None, radius_m
    for camera in candidates:
        if camera.id in claimed:
            continue
        distance = distance_m(item.lon, item.lat, camera.location.x, camera.location.y)
        if distance <= best_distance and _directions_compatible(directions, camera.directions):
            best, best_distance = camera, distance
    return best


class _Batch:
    def __init__(self, items: list[OsmCamera], counts: ImportCounts, radius_m: float, now, crowd_exists: bool):
        self.items, self.counts, self.radius_m, self.now, self.crowd_exists = items, counts, radius_m, now, crowd_exists
        self.versions: dict[int, OsmCamera] = {}  # camera id → the record (for OsmElement)

    @transaction.atomic
    def run(self) -> None:
        existing = {
            (c.osm_type, c.osm_id): c
            for c in Camera.objects.filter(osm_id__in={i.osm_id for i in self.items})
        }
        new_items, changed, seen = [], [], set()
        for item in self.items:
            key = (item.osm_type, item.osm_id)
            if key in seen:
                self.counts.skip("repeated in the file")
                continue
            seen.add(key)
            camera = existing.get(key)
            if camera is None:
                new_items.append(item)
                continue
            self.versions[camera.id] = item
            if camera.source != v.Source.OSM:
                self.counts.unchanged += 1  # a crowd camera linked to OSM: our attributes stand
                continue
            if self._apply(camera, item):
                changed.append(camera)
            else:
                self.counts.unchanged += 1
        self._update(changed)
        self._create(new_items)
        self._versions()

    def _apply(self, camera: Camera, item: OsmCamera) -> bool:
        """Bring the camera to the record; True if anything changed. What changed is kept on the
        camera (``_old``, ``_new``: field → value, as JSON) for the audit trail."""
        old, new = {}, {}

        def change(name: str, value) -> None:
            before = getattr(camera, name)
            if before != value:
                old[name], new[name] = _as_json(before), _as_json(value)
                setattr(camera, name, value)

        for name, value in _attributes(item).items():
            change(name, value)
        days = attested_days(item.tags, item.timestamp)
        change("first_seen", earliest(camera.first_seen, *days))
        change("last_confirmed", latest(camera.last_confirmed, *days))
        inferred = operator_type_from_name(camera.operator)
        if camera.operator_type == v.OperatorType.UNKNOWN:
            change("operator_type", inferred)  # never over a type a person chose
        if (_round(camera.location.x), _round(camera.location.y)) != (item.lon, item.lat):
            old["location"], new["location"] = [camera.location.x, camera.location.y], [item.lon, item.lat]
            camera._new_location = Point(x=item.lon, y=item.lat, srid=4326)
        camera._old, camera._new = old, new
        return bool(old)

    def _update(self, changed: list[Camera]) -> None:
        for camera in changed:
            if hasattr(camera, "_new_location"):
                camera.location = camera._new_location
        if changed:
            Camera.objects.bulk_update(changed, [*OSM_FIELDS, "operator_type", "first_seen", "last_confirmed", "location"],
                                       batch_size=BATCH)
            # bulk_update leaves auto_now alone: say when these cameras changed.
            Camera.objects.filter(id__in=[c.id for c in changed]).update(updated_at=timezone.now())
        self.counts.updated += len(changed)
        moved = [c for c in changed if hasattr(c, "_new_location")]
        if moved:
            cameras_area_assign([c.id for c in moved], _extent([(c.location.x, c.location.y) for c in moved]))
        if changed:
            # In the audit trail like a correction, with what it was: a past day shows the camera
            # as it was then (the timeline undoes ``old``), and the camera page says what changed.
            events_write(action=Action.CORRECT, reason="Updated from OpenStreetMap.", cameras={
                c.id: {"via": "osm_import", "old": c._old, "new": c._new, "osm": {"type": c.osm_type, "id": c.osm_id}}
                for c in changed
            })

    def _create(self, items: list[OsmCamera]) -> None:
        linked, new = [], []
        candidates = _crowd_candidates(items, self.radius_m) if (items and self.crowd_exists) else []
        claimed: set[int] = set()
        for item in items:
            attributes = _attributes(item)
            match = _match(item, attributes["directions"], candidates, claimed, self.radius_m) if candidates else None
            if match is not None:
                claimed.add(match.id)
                match.osm_type, match.osm_id = item.osm_type, item.osm_id
                linked.append(match)
                self.versions[match.id] = item
                continue
            days = attested_days(item.tags, item.timestamp)
            camera = Camera(
                **attributes, location=Point(x=item.lon, y=item.lat, srid=4326), osm_type=item.osm_type,
                osm_id=item.osm_id, source=v.Source.OSM, published=True, imported_at=self.now,
                first_seen=earliest(*days), last_confirmed=latest(*days),
                operator_type=operator_type_from_name(attributes["operator"]),
            )
            camera._record = item
            new.append(camera)
        if linked:
            Camera.objects.bulk_update(linked, ["osm_type", "osm_id"], batch_size=BATCH)
        Camera.objects.bulk_create(new, batch_size=BATCH)
        for camera in new:
            self.versions[camera.id] = camera._record
        self.counts.linked += len(linked)
        self.counts.created += len(new)
        if new:
            cameras_area_assign([c.id for c in new], _extent([(c.location.x, c.location.y) for c in new]))
            cameras_changed_announce(c.id for c in new)

    def _versions(self) -> None:
        known = {cid: item for cid, item in self.versions.items() if item.version is not None}
        if not known:
            return
        stored = {e.camera_id: e for e in OsmElement.objects.filter(camera_id__in=known)}
        create, update = [], []
        for camera_id, item in known.items():
            element = stored.get(camera_id)
            if element is None:
                create.append(OsmElement(camera_id=camera_id, version=item.version, timestamp=item.timestamp))
            elif (element.version, element.timestamp) != (item.version, item.timestamp):
                element.version, element.timestamp = item.version, item.timestamp
                update.append(element)
        OsmElement.objects.bulk_create(create, batch_size=BATCH)
        OsmElement.objects.bulk_update(update, ["version", "timestamp"], batch_size=BATCH)


def _extent(points: list[tuple[float, float]]) -> Bbox:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return Bbox(west=min(xs), south=min(ys), east=max(xs), north=max(ys))


def _clean(item: OsmCamera, counts: ImportCounts) -> OsmCamera | None:
    if item.osm_id <= 0:
        counts.skip("not in OSM yet (negative id)")
        return None
    if item.osm_type not in ("node", "way", "relation"):
        counts.skip("unknown element type")
        return None
    if not (-180 <= item.lon <= 180 and -90 <= item.lat <= 90):
        counts.skip("coordinates off the Earth")
        return None
    return OsmCamera(item.osm_type, item.osm_id, _round(item.lon), _round(item.lat), item.tags, item.version, item.timestamp)


def cameras_import(items: Iterable[OsmCamera], *, progress=None, dedup_radius_m: float | None = None,
                   prune: PruneArea | None = None) -> dict[str, int]:
    """Create, update or link cameras from OSM records, in batches. Returns counts: created,
    updated, unchanged, linked (to a crowd camera), skipped; with ``prune``, also removed (OSM
    cameras in the area that the file no longer holds) and kept (such cameras our volunteers
    have sighted since)."""
    counts = ImportCounts()
    seen: set[tuple[str, int]] = set()  # every element in the file, even one skipped for its data
    radius = settings.OSM_DEDUP_RADIUS_M if dedup_radius_m is None else dedup_radius_m
    crowd_exists = radius > 0 and Camera.objects.filter(osm_id__isnull=True).exclude(source=v.Source.OSM).exists()
    now = timezone.now()
    batch: list[OsmCamera] = []

    def flush() -> None:
        _Batch(batch, counts, radius, now, crowd_exists).run()
        if progress:
            progress(len(batch))
        batch.clear()

    for raw in items:
        if prune is not None:
            seen.add((raw.osm_type, raw.osm_id))
        item = _clean(raw, counts)
        if item is None:
            if progress:
                progress(1)
            continue
        batch.append(item)
        if len(batch) >= BATCH:
            flush()
    if batch:
        flush()
    result = counts.as_dict()
    if prune is not None:
        result.update(cameras_prune(seen=seen, area=prune))
    areas_version_bump()  # cameras changed in bulk: the figures per district are stale
    return result
