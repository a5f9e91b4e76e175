"""The comparison in figures, for a list and for each district it reaches (selectors: reads only).

* ``declared`` — the list's entries; ``located`` — those with a place; ``unlocated`` the rest;
* ``matched`` / ``probable`` — entries paired with a camera on the street, confidently or awaiting
  a moderator; ``not_found`` — located entries with no camera within reach;
* ``not_declared`` — cameras inside the list's area (coverage) that no entry of it is paired with.

Cameras count whatever their source; every figure about cameras is split into ``verified`` (seen
by our volunteers, a moderator accepted it: ``verified_on`` set) and ``imported``."""

from django.db.models import Count, Q

from cameramap.cameras.models import Area
from cameramap.geo import Bbox, in_bbox

from .candidates import cameras_counted
from .models import MatchStatus, OfficialEntry, OfficialList

PAIRED = (MatchStatus.MATCHED, MatchStatus.PROBABLE)
CAMERA_FIGURES = ("matched", "probable", "not_declared")


def _split(total: int, verified: int) -> dict:
    return {"total": total, "verified": verified, "imported": total - verified}


def cameras_in_coverage(official_list: OfficialList):
    if official_list.coverage is None:
        return cameras_counted().none()
    west, south, east, north = official_list.coverage.extent
    box = Bbox(west=west, south=south, east=east, north=north)
    return in_bbox(cameras_counted(), box).filter(location__intersects=official_list.coverage)


def not_declared(official_list: OfficialList):
    """The cameras in the list's area that none of its entries is paired with."""
    paired = OfficialEntry.objects.filter(official_list=official_list, status__in=PAIRED, camera__isnull=False).values("camera_id")
    return cameras_in_coverage(official_list).exclude(id__in=paired)


def _entry_counts(entries) -> dict:
    verified = Q(camera__verified_on__isnull=False)
    counts = entries.aggregate(
        declared=Count("id"), located=Count("id", filter=Q(location__isnull=False)),
        matched=Count("id", filter=Q(status=MatchStatus.MATCHED)),
        matched_verified=Count("id", filter=Q(status=MatchStatus.MATCHED) & verified),
        probable=Count("id", filter=Q(status=MatchStatus.PROBABLE)),
        probable_verified=Count("id", filter=Q(status=MatchStatus.PROBABLE) & verified),
        not_found=Count("id", filter=Q(status=MatchStatus.NOT_FOUND)),
        unlocated=Count("id", filter=Q(status=MatchStatus.UNLOCATED)),
    )
    return {
        "declared": counts["declared"], "located": counts["located"],
        "matched": _split(counts["matched"], counts["matched_verified"]),
        "probable": _split(counts["probable"], counts["probable_verified"]),
        "not_found": counts["not_found"], "unlocated": counts["unlocated"],
    }


def list_figures(official_list: OfficialList) -> dict:
    figures = _entry_counts(OfficialEntry.objects.filter(official_list=official_list))
    cameras = not_declared(official_list).aggregate(total=Count("id"), verified=Count("id", filter=Q(verified_on__isnull=False)))
    figures["not_declared"] = _split(cameras["total"], cameras["verified"])
    return figures


def district_figures(official_list: OfficialList) -> list[dict]:
    """The figures per district: entries by the district they were located in, cameras by theirs.
    Entries and cameras in no district are left out here (they are in the list's totals)."""
    by_district = {}
    entries = OfficialEntry.objects.filter(official_list=official_list, district__isnull=False)
    for district_id in entries.values_list("district_id", flat=True).distinct():
        by_district[district_id] = _entry_counts(entries.filter(district_id=district_id))
    cameras = (not_declared(official_list).filter(area__isnull=False).values("area_id")
               .annotate(total=Count("id"), verified=Count("id", filter=Q(verified_on__isnull=False))))
    missing = {"declared": 0, "located": 0, "matched": _split(0, 0), "probable": _split(0, 0), "not_found": 0, "unlocated": 0}
    for row in cameras:
        by_district.setdefault(row["area_id"], dict(missing))["not_declared"] = _split(row["total"], row["verified"])
    names = dict(Area.objects.filter(id__in=list(by_district)).values_list("id", "name"))
    slugs = dict(Area.objects.filter(id__in=list(by_district)).values_list("id", "slug"))
    return [
        {"area": pk, "name": names[pk], "slug": slugs[pk], **figures, "not_declared": figures.get("not_declared", _split(0, 0))}
        for pk, figures in sorted(by_district.items(), key=lambda item: (names.get(item[0], ""), item[0])) if pk in names
    ]


def camera_declarations(camera) -> list[OfficialEntry]:
    """The entries (of any list) paired with this camera, newest list first."""
    return list(OfficialEntry.objects.filter(camera=camera, status__in=PAIRED)
                .select_related("official_list").order_by("-official_list__published", "-official_list_id"))


def camera_lists_covering(camera) -> list[OfficialList]:
    """The lists whose area holds this camera (for "not declared by …")."""
    return [official_list for official_list in OfficialList.objects.filter(coverage__intersects=camera.location)]
