"""Automatic pre-checks of a report, stored on it for the moderator, and the rules that let the
system decide by itself (trusted volunteers only, never when a check raised a doubt).

Every check runs on its own: one that fails records its error and flags the report, the others
still run, and the report reaches the queue either way.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cameramap.cameras import vocabulary as v
from cameramap.cameras.models import Area, Camera, Report
from cameramap.geo import distance_m, within

from .. import selectors
from ..checks import PrecheckResults, review_suggestion
from ..models import ReviewLock
from .decisions import report_approve, report_attach
from .locks import area_lock

log = logging.getLogger(__name__)

PRECHECK_VERSION = 1
RATE_AREA_RADIUS_M = 200.0
CANDIDATES_KEPT = 10


def _photos(report: Report) -> tuple[dict, list[str]]:
    states = [p.state for p in report.photos.all()]
    result = {
        "total": len(states),
        "done": states.count(v.PhotoState.DONE),
        "failed": states.count(v.PhotoState.FAILED),
        "pending": states.count(v.PhotoState.PENDING),
    }
    result["usable"] = result["done"] > 0
    flags = []
    if not states:
        flags.append("no_photos")
    if result["failed"]:
        flags.append("photos_failed")
    if result["pending"]:
        flags.append("photos_pending")
    return result, flags


def _service_area(report: Report) -> tuple[dict, list[str]]:
    areas = Area.objects.filter(is_service_area=True)
    if not areas.exists():
        return {"configured": False, "inside": None, "areas": []}, []
    names = list(areas.filter(boundary__intersects=report.location).values_list("name", flat=True))
    return {"configured": True, "inside": bool(names), "areas": names}, [] if names else ["outside_service_area"]


def _photo_gps(report: Report) -> tuple[dict, list[str]]:
    photos = [
        {"photo": p.pk, "distance_m": round(distance_m(report.location.x, report.location.y, p.exif_location.x, p.exif_location.y), 1),
         "heading": p.exif_heading}
        for p in report.photos.all() if p.exif_location is not None
    ]
    farthest = max((p["distance_m"] for p in photos), default=None)
    far = farthest is not None and farthest > settings.PRECHECK_PHOTO_PIN_MAX_M
    return {"photos": photos, "max_distance_m": farthest, "limit_m": settings.PRECHECK_PHOTO_PIN_MAX_M}, ["photo_far_from_pin"] if far else []


def _rate(report: Report) -> tuple[dict, list[str]]:
    """How busy the hour before this report was, for its volunteer and around its place. Counts
    only: nothing about the person beyond the account they chose to use."""
    since = report.created_at - timedelta(hours=1)
    recent = Report.objects.filter(created_at__gte=since, created_at__lte=report.created_at)
    result = {"contributor_last_hour": None, "area_last_hour": None}
    flags = []
    if report.contributor_id is not None:
        result["contributor_last_hour"] = recent.filter(contributor_id=report.contributor_id).count()
        if result["contributor_last_hour"] > settings.PRECHECK_RATE_CONTRIBUTOR_PER_HOUR:
            flags.append("rate_contributor")
    result["area_last_hour"] = len(within(recent, report.location.x, report.location.y, RATE_AREA_RADIUS_M))
    if result["area_last_hour"] > settings.PRECHECK_RATE_AREA_PER_HOUR:
        flags.append("rate_area")
    return result, flags


def _duplicates(report: Report) -> tuple[dict, list[str]]:
    candidates = selectors.dedup_candidates(report)
    result = {"candidates": [c.as_dict() for c in candidates[:CANDIDATES_KEPT]]}
    flags = []
    if report.kind == v.ReportKind.NEW:
        result["suggestion"] = selectors.dedup_suggestion(candidates).as_dict()
    else:
        camera = Camera.objects.resolve(report.camera_id)
        metres = distance_m(report.location.x, report.location.y, camera.location.x, camera.location.y)
        result["camera"] = {"camera": camera.pk, "distance_m": round(metres, 1)}
        result["suggestion"] = {"action": "approve", "camera": camera.pk, "score": None}
        if metres > 2 * settings.DEDUP_RADIUS_M:
            flags.append("far_from_camera")
    return result, flags


CHECKS = [("photos", _photos), ("service_area", _service_area), ("photo_gps", _photo_gps), ("rate", _rate), ("duplicates", _duplicates)]


def prechecks_compute(report: Report) -> PrecheckResults:
    results = PrecheckResults(version=PRECHECK_VERSION, checked_at=timezone.now().isoformat())
    for name, check in CHECKS:
        try:
            with transaction.atomic():  # a check that breaks the database breaks only itself
                outcome, flags = check(report)
            setattr(results, name, outcome)
        except Exception as error:  # noqa: BLE001 - any failure must still reach the queue
            log.exception("pre-check %s failed for report %s", name, report.pk)
            results.errors[name] = f"{type(error).__name__}: {error}"[:300]
            flags = ["check_failed"]
        results.flag(*flags)
    results.suggestion = (results.duplicates or {}).get("suggestion") or review_suggestion()
    return results


def _auto_decide(report: Report, results: PrecheckResults) -> str | None:
    """Trusted volunteers' reports decide themselves when nothing is in doubt: no flag, no
    moderator holding the report, and a suggestion that is not "review"."""
    if report.contributor is None or not selectors.is_trusted(report.contributor) or results.flagged:
        return None
    if ReviewLock.objects.filter(report=report, expires_at__gt=timezone.now()).exists():
        return None
    suggestion = results.suggestion
    if report.kind == v.ReportKind.NEW and suggestion["action"] == "attach" and settings.DEDUP_AUTO_ATTACH:
        report_attach(report=report, camera=Camera(pk=suggestion["camera"]), moderator=None, score=suggestion["score"])
        return "attached"
    if report.kind == v.ReportKind.NEW and suggestion["action"] == "new" and settings.TRUSTED_AUTO_APPROVE:
        report_approve(report=report, moderator=None)
        return "approved"
    if report.kind == v.ReportKind.CONFIRM and suggestion["action"] == "approve" and settings.TRUSTED_AUTO_APPROVE:
        distance = results.named_camera_distance_m
        if distance is not None and distance <= settings.DEDUP_RADIUS_M:
            report_approve(report=report, moderator=None)
            return "approved"
    return None


def report_precheck(*, report_id: int) -> str:
    """Run the pre-checks of a pending report, store them, apply the automatic rules. Safe to run
    again: a decided report is left alone, a pending one gets fresh results. Returns what
    happened: "missing", "decided", "checked", "attached" or "approved"."""
    location = Report.objects.filter(pk=report_id).values_list("location", flat=True).first()
    if location is None:
        return "missing"
    with transaction.atomic():
        area_lock(location)  # first statement: two reports of one new camera take turns here
        report = Report.objects.select_for_update().filter(pk=report_id, status=v.ReportStatus.PENDING).first()
        if report is None:
            return "decided"
        results = prechecks_compute(report)
        report.prechecks = results.to_json()
        report.save(update_fields=["prechecks", "updated_at"])
        try:
            with transaction.atomic():
                outcome = _auto_decide(report, results)
        except Exception as error:  # noqa: BLE001 - the report waits for a moderator instead
            log.exception("automatic decision failed for report %s", report_id)
            results.errors["auto"] = f"{type(error).__name__}: {error}"[:300]
            results.flag("check_failed")
            report.prechecks = results.to_json()
            report.save(update_fields=["prechecks", "updated_at"])
            outcome = None
        if outcome:
            results.auto = outcome
            Report.objects.filter(pk=report_id).update(prechecks=results.to_json())
    return outcome or "checked"


def prechecks_mark_failed(*, report_id: int, error: str) -> None:
    """The pre-check task gave up: the report still reaches the queue, flagged."""
    report = Report.objects.filter(pk=report_id, status=v.ReportStatus.PENDING).first()
    if report is None:
        return
    results = PrecheckResults.from_json(report.prechecks)
    results.checked_at = results.checked_at or timezone.now().isoformat()  # the sweep need not resend it
    results.suggestion = results.suggestion or review_suggestion()
    results.errors["task"] = error[:300]
    results.flag("check_failed")
    Report.objects.filter(pk=report_id).update(prechecks=results.to_json(), updated_at=timezone.now())
