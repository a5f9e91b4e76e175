"""What the moderator pages show, gathered in one place (read-only: selectors and plain data)."""

from django.conf import settings
from django.urls import reverse

from cameramap.cameras import vocabulary as v
from cameramap.cameras.history import report_history
from cameramap.cameras.models import Camera, Report

from . import selectors
from .checks import FLAG_LABELS, PrecheckResults
from .forms import CHOICE_PREFIX
from .merging import SOURCE, TARGET, MergePlan
from .reasons import REJECT_REASONS
from .services import correction_changes, correction_default_fields

MERGE_SUGGESTION_RADIUS_M = 60.0


def _camera_marker(camera: Camera, *, score=None, rank=None) -> dict:
    return {
        "id": camera.pk, "lon": camera.location.x, "lat": camera.location.y, "directions": camera.directions,
        "status": camera.status, "type": camera.surveillance_type, "score": score, "rank": rank,
        "url": reverse("moderation:camera", kwargs={"pk": camera.pk}),
    }


def _tiles() -> dict:
    return {"url": settings.TILE_URL, "attribution": settings.TILE_ATTRIBUTION}


def report_page_data(report: Report) -> dict:
    photos = list(report.photos.all())
    candidates = selectors.dedup_candidates(report)
    suggestion = selectors.dedup_suggestion(candidates) if report.kind == v.ReportKind.NEW else None
    near = selectors.cameras_near(report.location.x, report.location.y)
    cameras = {camera.pk: camera for camera, _metres in near}
    missing = [c.camera for c in candidates if c.camera not in cameras]
    cameras.update({c.pk: c for c in Camera.objects.filter(pk__in=missing)})
    ranked = {c.camera: (rank, c) for rank, c in enumerate(candidates, start=1)}

    named = Camera.objects.resolve(report.camera_id) if report.camera_id else None
    if named is not None:
        cameras.setdefault(named.pk, named)
    changes = []
    if report.kind == v.ReportKind.CORRECT and named is not None and report.status == v.ReportStatus.PENDING:
        found = correction_changes(report, named)
        defaults = correction_default_fields(found)
        changes = [{"field": f, "old": old, "new": new, "default": f in defaults} for f, (old, new) in found.items()]

    prechecks = PrecheckResults.from_json(report.prechecks)
    pending_near = selectors.reports_pending_near(report)
    map_data = {
        "tiles": _tiles(),
        "report": {"id": report.pk, "lon": report.location.x, "lat": report.location.y,
                   "accuracy_m": report.accuracy_m, "directions": report.directions},
        "photos": [{"id": p.pk, "lon": p.exif_location.x, "lat": p.exif_location.y, "heading": p.exif_heading}
                   for p in photos if p.exif_location is not None],
        "cameras": [
            _camera_marker(camera, score=round(ranked[pk][1].score, 3) if pk in ranked else None,
                           rank=ranked[pk][0] if pk in ranked else None)
            for pk, camera in cameras.items()
        ],
        "pending": [{"id": other.pk, "lon": other.location.x, "lat": other.location.y}
                    for other, _metres in pending_near],
        "named": named.pk if named else None,
    }
    return {
        "report": report,
        "photos": photos,
        "prechecks": prechecks,
        "flags": [(flag, FLAG_LABELS.get(flag, flag)) for flag in prechecks.flags],
        "candidates": [{"rank": rank, "candidate": c, "camera": cameras[c.camera]} for rank, c in enumerate(candidates, start=1)],
        "suggestion": suggestion,
        "named_camera": named,
        "changes": changes,
        "pending_near": pending_near,
        "history": report_history(report),
        "map_data": map_data,
        "reject_reasons": REJECT_REASONS,
        "is_pending": report.status == v.ReportStatus.PENDING,
        "checks_done": selectors.report_checks_done(report),
    }


def camera_page_data(camera: Camera) -> dict:
    sightings = list(
        camera.reports.filter(status__in=[v.ReportStatus.APPROVED, v.ReportStatus.MERGED])
        .prefetch_related("photos").order_by("created_at", "id")
    )
    waiting = list(camera.reports.filter(status=v.ReportStatus.PENDING).order_by("created_at", "id"))
    near = [(other, metres) for other, metres in selectors.cameras_near(camera.location.x, camera.location.y, radius_m=MERGE_SUGGESTION_RADIUS_M)
            if other.pk != camera.pk]
    return {
        "camera": camera,
        "sightings": sightings,
        "waiting": waiting,
        "near": near,
        "merged_from": list(camera.merged_from.all().order_by("pk")),
        "map_data": {
            "tiles": _tiles(),
            "report": None,
            "photos": [],
            "cameras": [_camera_marker(camera, rank=0)] + [_camera_marker(other) for other, _m in near],
            "pending": [{"id": r.pk, "lon": r.location.x, "lat": r.location.y} for r in waiting],
            "named": camera.pk,
        },
    }


def camera_merge_page_data(camera: Camera, into: Camera, preview: MergePlan) -> dict:
    """The merge preview page: the two cameras side by side, what moves, what conflicts (each
    with its radio buttons, the survivor's value chosen), and the confirmation's hidden fields."""
    return {
        "camera": camera,
        "into": into,
        "preview": preview,
        "directions_change": preview.directions != preview.directions_before[TARGET],
        "moves": list(preview.moves.items()),
        "conflicts": [
            {"field": field, "name": f"{CHOICE_PREFIX}{field}", "source": theirs, "target": ours,
             "source_chosen": preview.choices[field] == SOURCE}
            for field, (theirs, ours) in preview.conflicts.items()
        ],
        "source_choice": SOURCE,
        "target_choice": TARGET,
    }
