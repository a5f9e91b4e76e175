"""Areas (districts) and which one each camera is in.

A camera belongs to the smallest district whose boundary holds it (districts are not expected
to overlap; where they do, the smaller one is the more specific answer). Service areas — the
outline volunteers' reports must fall in — are not districts and never hold cameras for
statistics. ``Camera.area`` is kept current:

* when a camera is created or moved, by ``camera_area_assign(camera)`` — the moderation and
  capture code calls it, and the OSM import does the same in bulk (``cameras_area_assign``);
* when an area is created, changed or deleted (admin, import command), by ``areas_refresh()``;
* every night before a release is built, ``areas_refresh()`` again, as a safety net for cameras
  moved by code that forgot to call the first.

``areas_refresh`` runs one index-backed UPDATE per district and rewrites only rows whose area
actually changes, so it costs little when nothing has. Whatever is cached per district (the
statistics) is keyed on ``areas_version()``, which every reassignment moves, and so does a
change of many cameras at once (an import: ``areas_version_bump()``).

This is the one home of "which district is a camera in"; importing boundaries and counting per
district are the datasets app's, on top of it.
"""

from collections.abc import Iterable

from django.db import transaction

from cameramap.cache_versions import CacheVersion
from cameramap.geo import Bbox, GeodesicArea

from .models import Area, Camera

AREAS_VERSION = CacheVersion("cameras:areas-version", start=1)


def districts():
    return Area.objects.filter(is_service_area=False)


def camera_area_assign(camera: Camera, *, save: bool = True) -> Area | None:
    """Set ``camera.area`` to the district holding its location (or None) and, when the camera
    is already stored and ``save`` is true, store just that field."""
    area = (
        districts().filter(boundary__intersects=camera.location)
        .annotate(size=GeodesicArea("boundary")).order_by("size", "id").first()
    )
    camera.area = area
    if save and camera.pk is not None:
        Camera.objects.filter(pk=camera.pk).update(area=area)
    return area


def _by_size_descending(queryset) -> list[Area]:
    # Larger first: a camera in two overlapping districts ends up in the smaller, written last.
    return list(queryset.annotate(size=GeodesicArea("boundary")).order_by("-size", "-id"))


def cameras_area_assign(camera_ids: Iterable[int], extent: Bbox | None = None) -> None:
    """``camera_area_assign`` for many cameras at once (the OSM import): one UPDATE per district
    whose bounding box meets ``extent``, the box of those cameras."""
    ids = list(camera_ids)
    if not ids:
        return
    candidates = districts()
    if extent is not None:
        candidates = candidates.filter(boundary__bboverlaps=extent.polygon())
    Camera.objects.filter(id__in=ids, area__isnull=False).update(area=None)
    for area in _by_size_descending(candidates):
        Camera.objects.filter(id__in=ids, location__intersects=area.boundary).update(area=area)
    areas_version_bump()


@transaction.atomic
def areas_refresh() -> int:
    """Bring every camera's area up to date with the current districts. Returns how many
    cameras changed area."""
    changed = 0
    areas = _by_size_descending(districts())
    district_ids = [a.id for a in areas]
    # Cameras whose area is gone, is now a service area, or no longer holds them.
    changed += Camera.objects.filter(area__isnull=False).exclude(area_id__in=district_ids).update(area=None)
    for area in areas:
        changed += Camera.objects.filter(area=area).exclude(location__intersects=area.boundary).update(area=None)
    for position, area in enumerate(areas):
        smaller_overlapping = [
            other.id for other in areas[position + 1 :] if other.boundary.intersects(area.boundary)
        ]
        changed += (
            Camera.objects.filter(location__intersects=area.boundary)
            .exclude(area_id__in=[area.id, *smaller_overlapping])
            .update(area=area)
        )
    areas_version_bump()
    return changed


def areas_version_bump() -> None:
    """Which cameras a district holds, or what they are, may have changed in bulk: whatever is
    cached per district is stale."""
    AREAS_VERSION.bump()


def areas_version() -> int:
    return AREAS_VERSION.get()


@transaction.atomic
def area_save(area: Area) -> Area:
    """Create or change an area, then bring camera assignments up to date."""
    area.full_clean()
    area.save()
    areas_refresh()
    return area


@transaction.atomic
def areas_delete(queryset) -> int:
    """Delete areas (their cameras lose the link by the foreign key), then reassign the
    cameras to any other district that holds them."""
    count, _details = queryset.delete()
    areas_refresh()
    return count
