"""OpenStreetMap cameras deleted upstream. An import only ever sees what an extract holds, so a
node deleted in OSM would stay on our map forever; pruning closes that gap, explicitly.

Given the area an extract covers and the elements it holds, the cameras that came from OSM, lie
in that area and are no longer in the file are marked removed — the way an approved "it's gone"
report marks them: ``status=removed``, kept in the data and the downloads with their history,
and an audit event (``remove``, no moderator, the OSM element and the file in ``data``). Never
deleted. Left alone:

* cameras our volunteers mapped (``source`` crowd or official), even when linked to the OSM
  element: our own evidence, not OSM's, says whether they are there;
* OSM cameras a volunteer has since sighted (an approved or merged report on them): OSM may have
  dropped the node in a clean-up while the camera still hangs there — they are counted as
  ``kept`` for a moderator to check;
* cameras already removed, and cameras merged into another.

An element that comes back in a later extract updates its camera's attributes as usual but does
not bring it back: a removed camera is present again when a volunteer sees it (or a moderator
says so), as for any removed camera.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from cameramap.cameras import vocabulary as v
from cameramap.cameras.history import Action, events_write
from cameramap.cameras.models import Camera, Report
from cameramap.cameras.selectors import PUBLIC_REPORT_STATUSES
from cameramap.geo import Bbox, in_bbox

BATCH = 2000


@dataclass(frozen=True)
class PruneArea:
    """Where an import is complete: a box (west, south, east, north) and where it came from."""

    bbox: Bbox
    source: str  # the file's name, for the audit trail

    def describe(self) -> str:
        b = self.bbox
        return f"{b.west:g},{b.south:g},{b.east:g},{b.north:g}"


def _gone(seen: set[tuple[str, int]], area: PruneArea) -> list[tuple[int, str, int, str]]:
    """(camera id, osm type, osm id, status) of the OSM cameras in the area that the file lacks.
    Nodes only: a way or relation reaches a reader only with a centre (Overpass ``out center``),
    which OSM XML from osmium, JOSM or the API never has, so its absence proves nothing."""
    cameras = in_bbox(
        Camera.objects.filter(source=v.Source.OSM, osm_type="node", osm_id__isnull=False, merged_into__isnull=True)
        .exclude(status=v.CameraStatus.REMOVED),
        area.bbox,
    ).values_list("id", "osm_type", "osm_id", "status")
    return [row for row in cameras.iterator(chunk_size=BATCH) if (row[1], row[2]) not in seen]


def _sighted(camera_ids: list[int]) -> set[int]:
    """Those of ``camera_ids`` that a volunteer's accepted report says someone saw."""
    sighted: set[int] = set()
    for start in range(0, len(camera_ids), BATCH):
        sighted.update(
            Report.objects.filter(camera_id__in=camera_ids[start : start + BATCH], status__in=PUBLIC_REPORT_STATUSES)
            .exclude(kind=v.ReportKind.GONE).values_list("camera_id", flat=True)
        )
    return sighted


@transaction.atomic
def cameras_prune(*, seen: set[tuple[str, int]], area: PruneArea) -> dict[str, int]:
    """Mark removed the OSM cameras in ``area`` whose element is not in ``seen`` (the
    (osm_type, osm_id) of every element the file holds). Returns counts: removed, kept."""
    gone = _gone(seen, area)
    sighted = _sighted([row[0] for row in gone])
    now = timezone.now()
    reason = f"Deleted from OpenStreetMap: not in {area.source}, which covers {area.describe()}."
    removed = [row for row in gone if row[0] not in sighted]
    for start in range(0, len(removed), BATCH):
        rows = removed[start : start + BATCH]
        Camera.objects.filter(id__in=[row[0] for row in rows]).update(status=v.CameraStatus.REMOVED, updated_at=now)
        events_write(action=Action.REMOVE, reason=reason, cameras={
            camera_id: {"old": {"status": status}, "new": {"status": v.CameraStatus.REMOVED},
                        "osm": {"type": osm_type, "id": osm_id}, "import": {"file": area.source, "bbox": area.describe()}}
            for camera_id, osm_type, osm_id, status in rows
        })
    return {"removed": len(removed), "kept": len(gone) - len(removed)}
