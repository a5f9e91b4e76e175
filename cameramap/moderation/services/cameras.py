"""Merging two cameras that turned out to be one, and splitting a wrongly attached sighting out
into a camera of its own. Nothing is deleted: a merged camera keeps its row and redirects."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cameramap.cameras import vocabulary as v
from cameramap.cameras.history import Action, event_write
from cameramap.cameras.models import Camera, Report
from cameramap.cameras.selectors import earliest, report_sighting_day

from .. import selectors
from ..errors import Conflict, refused
from .decisions import camera_create_from_report
from .locks import write_lock

SIGHTING_KINDS = (v.ReportKind.NEW, v.ReportKind.CONFIRM, v.ReportKind.CORRECT)
SIGHTING_STATUSES = (v.ReportStatus.APPROVED, v.ReportStatus.MERGED)


@transaction.atomic
def camera_merge(*, camera: Camera, into: Camera, moderator, choices: dict[str, str] | None = None,
                 digest: str | None = None) -> Camera:
    """``camera`` and ``into`` are one camera: every sighting (and so every photo) of ``camera``
    moves to ``into``, confirmations add up, directions join, attributes ``into`` does not know
    are taken from ``camera``, conflicting ones follow ``choices`` (field → "source" or "target";
    the survivor's by default), and ``camera`` stays as a redirect (``merged_into``, unpublished).
    The rules are merging.py's, the same the preview shows. With ``digest`` (the preview's), the
    merge is refused if it would no longer do what that preview showed."""
    write_lock()
    first, second = sorted([camera.pk, into.pk])
    rows = {c.pk: c for c in Camera.objects.select_for_update().filter(pk__in=[first, second]).order_by("pk")}
    source, target = rows[camera.pk], rows[into.pk]
    plan = selectors.camera_merge_preview(camera=source, into=target, choices=choices)
    if digest is not None and digest != plan.digest:
        # Another merge, a new sighting or an edit came in between: what was confirmed is not
        # what would happen now. The moderator looks again rather than getting a surprise.
        raise Conflict(_("The merge changed since its preview was shown: look at it again."), code="merge_changed")

    reports = list(Report.objects.filter(camera=source).values_list("pk", flat=True))
    Report.objects.filter(pk__in=reports).update(camera=target, updated_at=timezone.now())
    Camera.objects.filter(merged_into=source).update(merged_into=target)  # redirects stay one hop

    for field, value in plan.values.items():
        setattr(target, field, value)
    filled = dict(plan.moves)
    if plan.osm is not None:
        # The OSM link moves with the camera (the pair is unique, so it leaves the source).
        target.osm_type, target.osm_id = plan.osm
        source.osm_type, source.osm_id = "", None
        filled["osm_id"] = target.osm_id
    # The survivor's dates before the merge, for the camera as of an earlier day (timeline/).
    before = {name: getattr(target, name) for name in ("first_seen", "last_confirmed", "verified_on")}
    target.confirmations = plan.confirmations
    target.first_seen, target.last_confirmed = plan.first_seen, plan.last_confirmed
    target.verified_on = earliest(target.verified_on, source.verified_on)
    was_published = source.published
    source.merged_into, source.published = target, False
    source.save()  # first: the OSM pair must leave the source before the target takes it
    target.full_clean()
    target.save()

    event_write(action=Action.MERGE, report=None, camera=source, moderator=moderator, data={
        "camera": source.pk, "into": target.pk, "reports": reports, "photos": plan.photos,
        "confirmations": source.confirmations, "filled": filled, "was_published": was_published,
        "conflicts": {f: list(values) for f, values in plan.conflicts.items()}, "choices": plan.choices,
        "directions": {**plan.directions_before, "after": plan.directions},
        "before": {name: day.isoformat() if day else None for name, day in before.items()},
        "osm_type": plan.osm[0] if plan.osm else None,
    })
    return target


@transaction.atomic
def camera_split(*, camera: Camera, reports: list[Report], moderator) -> Camera:
    """The given sightings of ``camera`` are of another camera: they become a new camera of their
    own (built from the earliest of them). ``camera`` loses their confirmations."""
    write_lock()
    camera = Camera.objects.select_for_update().get(pk=camera.pk)
    if camera.merged_into_id is not None:
        raise refused("camera", _("Camera %(id)s was merged into camera %(into)s; split from that one.") % {"id": camera.pk, "into": camera.merged_into_id})
    ids = sorted({r.pk for r in reports})
    if not ids:
        raise ValidationError({"reports": _("Choose at least one sighting to split out.")})
    moving = list(
        Report.objects.select_for_update()
        .filter(pk__in=ids, camera=camera, status__in=SIGHTING_STATUSES, kind__in=SIGHTING_KINDS)
        .order_by("created_at", "id")
    )
    if len(moving) != len(ids):
        strangers = sorted(set(ids) - {r.pk for r in moving})
        raise refused("reports", _("Not approved sightings of camera %(id)s: %(reports)s.") % {"id": camera.pk, "reports": ", ".join(map(str, strangers))})
    if camera.confirmations <= len(moving):
        raise refused("reports", _("These are all of the camera's sightings: nothing would be left of it."))

    new = camera_create_from_report(moving[0], confirmations=len(moving))
    days = [report_sighting_day(r) for r in moving]
    new.first_seen, new.last_confirmed, new.verified_on = min(days), max(days), min(days)
    new.save(update_fields=["first_seen", "last_confirmed", "verified_on"])
    Report.objects.filter(pk__in=ids).update(camera=new, status=v.ReportStatus.MERGED, updated_at=timezone.now())
    # A split-out "confirm" report is no longer a confirmation of the camera it named.
    before = camera.confirmations
    camera.confirmations -= len(moving)
    camera.save(update_fields=["confirmations", "updated_at"])

    event_write(action=Action.SPLIT, report=None, camera=camera, moderator=moderator,
           data={"new_camera": new.pk, "reports": ids, "confirmations": [before, camera.confirmations]})
    event_write(action=Action.SPLIT, report=None, camera=new, moderator=moderator, data={"from": camera.pk, "reports": ids})
    return new
