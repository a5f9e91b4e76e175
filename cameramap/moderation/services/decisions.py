"""Decisions on reports. The ONE place where a report's status changes: the moderator pages, the
API, the admin and the automatic pre-check rules all call these functions. Every decision writes
an event in the camera's history (cameras/history.py; ``moderator`` None for the system's own automatic decisions)."""

from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cameramap.cameras import vocabulary as v
from cameramap.cameras.areas import camera_area_assign
from cameramap.cameras.history import Action, event_write
from cameramap.cameras.models import Camera, Report
from cameramap.cameras.selectors import earliest, latest, report_sighting_day
from cameramap.geo import distance_m

from .. import selectors
from ..errors import Conflict, refused
from ..fields import CAMERA_FIELDS, UNKNOWN_VALUES
from ..reasons import REJECT_REASONS
from .blur import report_photos_settle
from .locks import area_lock, review_lock_check, review_lock_release, write_lock


def _report_for_decision(report: Report, moderator, *, checked: bool = True) -> Report:
    """The report's row, locked, after checking that it may still be decided by this person and,
    with ``checked``, that its automatic checks are done: a report is accepted (approved,
    attached, merged) only once its photos are settled and its pre-checks have run, so that no
    camera is made before duplicate detection has looked. Rejecting needs no checks. A report
    whose checks failed is checked: the failure is there for the moderator to see."""
    locked = Report.objects.select_for_update().get(pk=report.pk)
    if locked.status != v.ReportStatus.PENDING:
        raise Conflict(_("This report was already decided: %(status)s.") % {"status": locked.get_status_display()}, code="decided")
    review_lock_check(report=locked, moderator=moderator)
    if checked and not selectors.report_checks_done(locked):
        raise Conflict(
            _("This report is still being checked (its photos or the automatic checks). Decide it once the checks "
              "are done; rejecting is possible now."),
            code="checks_pending",
        )
    return locked


def _report_close(report: Report, *, status: str, camera: Camera | None) -> None:
    report.status = status
    report.camera = camera
    report.decided_at = timezone.now()
    report.save(update_fields=["status", "camera", "decided_at", "updated_at"])
    review_lock_release(report=report)
    # Last, so that nothing can fail after the published images are written: an accepted
    # report's photos are published as the moderator chose their blurring; a rejected one's
    # publish nothing. Their unblurred copies go.
    report_photos_settle(report=report, publish=status != v.ReportStatus.REJECTED)


def camera_create_from_report(report: Report, *, confirmations: int = 1) -> Camera:
    """A new published camera from what a volunteer observed. Every camera the crowd adds is
    created here (approve as new, split). Verified: a moderator accepted what our volunteer saw."""
    seen = report_sighting_day(report)
    camera = Camera(
        location=Point(x=report.location.x, y=report.location.y, srid=4326),
        **{field: getattr(report, field) for field in CAMERA_FIELDS},
        status=v.CameraStatus.PRESENT, published=True, source=v.Source.CROWD,
        confirmations=confirmations, first_seen=seen, last_confirmed=seen, verified_on=seen,
    )
    camera_area_assign(camera, save=False)  # the district it counts for in statistics
    camera.full_clean()
    camera.save()
    return camera


def _camera_locked(camera: Camera) -> Camera:
    """The camera's row, locked, following merge redirects to the camera that stands for it."""
    survivor = Camera.objects.resolve(camera.pk, for_update=True)
    if survivor is None:
        raise Conflict(_("Camera %(id)s redirects in a loop.") % {"id": camera.pk}, code="merge_loop")
    return survivor


def _sighting_add(camera: Camera, report: Report) -> dict:
    """One more independent sighting by our volunteers, accepted: confirmations + 1, the dates
    widened to the day of the sighting, and the camera verified (an imported camera a volunteer
    saw is verified from then on). A camera marked removed that someone sees again is present
    again. Returns what changed, for the event."""
    seen = report_sighting_day(report)
    changed = {"confirmations": [camera.confirmations, camera.confirmations + 1]}
    camera.confirmations += 1
    for name, day in (("last_confirmed", latest(camera.last_confirmed, seen)), ("first_seen", earliest(camera.first_seen, seen))):
        if day != getattr(camera, name):  # kept so that the camera as of an earlier day can be told
            changed[name] = [_iso(getattr(camera, name)), _iso(day)]
            setattr(camera, name, day)
    if camera.verified_on is None or seen < camera.verified_on:
        changed["verified_on"] = [_iso(camera.verified_on), seen.isoformat()]
        camera.verified_on = seen
    if camera.status == v.CameraStatus.REMOVED:
        changed["status"] = [camera.status, v.CameraStatus.PRESENT]
        camera.status = v.CameraStatus.PRESENT
    camera.save(update_fields=["confirmations", "last_confirmed", "first_seen", "verified_on", "status", "updated_at"])
    return changed


def _iso(day) -> str | None:
    return day.isoformat() if day is not None else None


def correction_changes(report: Report, camera: Camera) -> dict[str, tuple]:
    """field → (camera's value, report's value) for everything the correction would change.
    Values the volunteer left at "don't know" are not changes."""
    changes = {}
    for field in CAMERA_FIELDS:
        new, old = getattr(report, field), getattr(camera, field)
        if new in UNKNOWN_VALUES or new == old:
            continue
        changes[field] = (old, new)
    if distance_m(report.location.x, report.location.y, camera.location.x, camera.location.y) >= 1:
        changes["location"] = ((camera.location.x, camera.location.y), (report.location.x, report.location.y))
    return changes


def correction_default_fields(changes: dict) -> list[str]:
    """What a moderator most likely wants applied: every observed change, except the camera type
    when the report just kept the form's default, and the position (the pin of a correction is
    often where the volunteer stood)."""
    return [f for f, (_old, new) in changes.items() if f != "location" and not (f == "surveillance_type" and new == v.SurveillanceType.CAMERA)]


def _correction_apply(report: Report, camera: Camera, fields: list[str] | None) -> dict:
    changes = correction_changes(report, camera)
    chosen = correction_default_fields(changes) if fields is None else list(fields)
    unknown = [f for f in chosen if f not in changes]
    if unknown:
        raise refused("fields", _("Not changed by this report: %(fields)s.") % {"fields": ", ".join(unknown)})
    if not chosen:
        raise refused("fields", _("This correction changes nothing; reject it instead."))
    old, new = {}, {}
    for field in chosen:
        if field == "location":
            camera.location = Point(x=report.location.x, y=report.location.y, srid=4326)
        else:
            setattr(camera, field, getattr(report, field))
        old[field], new[field] = changes[field]
    camera.full_clean()
    camera.save()
    return {"old": old, "new": new}


@transaction.atomic
def report_approve(*, report: Report, moderator, fields: list[str] | None = None) -> Camera:
    """Approve a report for what it says it is: a new camera (created and published), a
    confirmation (a sighting of the named camera), a correction (the camera's attributes
    updated, the old values kept in the event) or "it's gone" (the camera marked removed; it stays
    in the data with its history). Returns the camera the report created or joined."""
    if report.kind == v.ReportKind.NEW:
        area_lock(report.location)  # nobody else creates a camera here until we commit
    else:
        write_lock()
    report = _report_for_decision(report, moderator)
    if report.kind == v.ReportKind.NEW:
        camera = camera_create_from_report(report)
        event_write(action=Action.APPROVE, report=report, camera=camera, moderator=moderator)
        _report_close(report, status=v.ReportStatus.APPROVED, camera=camera)
        return camera

    camera = _camera_locked(report.camera)
    if report.kind == v.ReportKind.CONFIRM:
        changed = _sighting_add(camera, report)
        event_write(action=Action.ATTACH, report=report, camera=camera, moderator=moderator, data={"changed": changed})
    elif report.kind == v.ReportKind.CORRECT:
        data = _correction_apply(report, camera, fields)
        data["sighting"] = _sighting_add(camera, report)
        event_write(action=Action.CORRECT, report=report, camera=camera, moderator=moderator, data=data)
    else:  # gone
        old = camera.status
        camera.status = v.CameraStatus.REMOVED
        camera.save(update_fields=["status", "updated_at"])
        event_write(action=Action.REMOVE, report=report, camera=camera, moderator=moderator, data={"old": {"status": old}, "new": {"status": camera.status}})
    _report_close(report, status=v.ReportStatus.APPROVED, camera=camera)
    return camera


@transaction.atomic
def report_attach(*, report: Report, camera: Camera, moderator, score: float | None = None) -> Camera:
    """The report is a sighting of ``camera`` (merged into it): confirmations + 1, last
    confirmed. For a new-camera or confirmation report; a correction or "gone" is approved."""
    write_lock()
    report = _report_for_decision(report, moderator)
    if report.kind not in (v.ReportKind.NEW, v.ReportKind.CONFIRM):
        raise refused("camera", _("A %(kind)s is approved or rejected, not attached to another camera.") % {"kind": report.get_kind_display()})
    camera = _camera_locked(camera)
    if not camera.published:
        raise refused("camera", _("Camera %(id)s is not published.") % {"id": camera.pk})
    changed = _sighting_add(camera, report)
    data = {"changed": changed}
    if score is not None:
        data["score"] = round(score, 4)
    event_write(action=Action.ATTACH, report=report, camera=camera, moderator=moderator, data=data)
    status = v.ReportStatus.APPROVED if report.camera_id == camera.pk else v.ReportStatus.MERGED
    _report_close(report, status=status, camera=camera)
    return camera


@transaction.atomic
def report_reject(*, report: Report, moderator, reason: str, text: str = "") -> Report:
    """Reject with a reason from REJECT_REASONS and free text (required for "other")."""
    text = (text or "").strip()
    if reason not in REJECT_REASONS:
        raise ValidationError({"reason": _("Choose a reason: %(choices)s.") % {"choices": ", ".join(REJECT_REASONS)}})
    if reason == "other" and not text:
        raise ValidationError({"text": _("Say why the report is rejected.")})
    if len(text) > 1000:
        raise ValidationError({"text": _("At most 1000 characters.")})
    write_lock()
    report = _report_for_decision(report, moderator, checked=False)
    # The reason as its code (shown as its label in the reader's language); ``reason`` holds only
    # the moderator's own words, which moderators see and the volunteer never does.
    event_write(action=Action.REJECT, report=report, camera=report.camera, moderator=moderator, reason=text,
                data={"reason": reason})
    _report_close(report, status=v.ReportStatus.REJECTED, camera=report.camera)
    return report
