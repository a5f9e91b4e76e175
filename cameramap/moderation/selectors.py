"""Read-side queries of moderation: the queue, duplicate candidates, nearby cameras, merge previews,
history."""

from datetime import date, datetime, time, timedelta
from functools import cache

from django.conf import settings
from django.contrib.auth.models import Group
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from cameramap.cameras import vocabulary as v
from cameramap.cameras.history import Action, ModerationEvent, about_camera, report_history
from cameramap.cameras.models import Camera, Photo, Report
from cameramap.geo import MAX_RADIUS_M, within

from . import dedup
from .checks import PrecheckResults
from .groups import MODERATORS, TRUSTED
from .merging import MergePlan, merge_plan, merge_refusal
from .models import MappingEvent, ReviewLock

NEARBY_RADIUS_M = 150.0  # cameras drawn on a report's mini map
NEARBY_LIMIT = 200


def is_moderator(user) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name=MODERATORS).exists()


def is_trusted(user) -> bool:
    """Trusted volunteers (and moderators) may be auto-approved."""
    if user is None or not user.is_active:
        return False
    return user.groups.filter(name__in=[TRUSTED, MODERATORS]).exists()


def trusted_group() -> Group:
    return Group.objects.get(name=TRUSTED)


# --- the queue ----------------------------------------------------------------------------

def reports_for_moderation(*, status: str = v.ReportStatus.PENDING, kind: str | None = None) -> QuerySet[Report]:
    """Oldest first: whoever waited longest is looked at first."""
    reports = Report.objects.filter(status=status)
    if kind:
        reports = reports.filter(kind=kind)
    return (
        reports.select_related("camera", "contributor", "review_lock__moderator")
        .prefetch_related("photos")
        .order_by("created_at", "id")
    )


def queue_counts() -> dict[str, int]:
    now = timezone.now()
    pending = Report.objects.filter(status=v.ReportStatus.PENDING)
    counts = pending.aggregate(
        pending=Count("id"),
        flagged=Count("id", filter=Q(prechecks__flagged=True)),
        locked=Count("id", filter=Q(review_lock__expires_at__gt=now)),
        **{f"kind_{kind}": Count("id", filter=Q(kind=kind)) for kind in v.ReportKind.values},
    )
    counts["unchecked"] = pending.exclude(prechecks__has_key="checked_at").count()
    return counts


def report_next_for(moderator, *, after: Report | None = None) -> Report | None:
    """The oldest pending report that nobody else has open (after ``after`` in queue order, when
    the moderator skipped that one)."""
    taken_by_others = ReviewLock.objects.filter(expires_at__gt=timezone.now()).exclude(moderator=moderator)
    reports = Report.objects.filter(status=v.ReportStatus.PENDING).exclude(pk__in=taken_by_others.values("report_id"))
    if after is not None:
        reports = reports.filter(Q(created_at__gt=after.created_at) | Q(created_at=after.created_at, pk__gt=after.pk))
    return reports.order_by("created_at", "id").first()


def review_lock_of(report: Report) -> ReviewLock | None:
    """The lock on a report, if one is in force."""
    return ReviewLock.objects.select_related("moderator").filter(report=report, expires_at__gt=timezone.now()).first()


# --- the audit trail ----------------------------------------------------------------------

AUTOMATIC = "automatic"  # the moderator filter's word for the events no moderator made


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_events(*, camera: int | None = None, report: int | None = None, moderator: str = "", action: str = "",
                 since: date | None = None, until: date | None = None) -> QuerySet[ModerationEvent]:
    """The whole audit trail, newest first, narrowed by the filters given. ``camera`` is a
    camera's whole history (as its page shows it); ``moderator`` a username, or AUTOMATIC for the
    system's own decisions; ``since`` and ``until`` are days, both included, in the site's time
    zone. Filters that name nothing (an unknown id or username) simply match nothing."""
    events = ModerationEvent.objects.all()
    if camera is not None:
        events = events.filter(about_camera(camera)).distinct()
    if report is not None:
        events = events.filter(report_id=report)
    if moderator == AUTOMATIC:
        events = events.filter(moderator__isnull=True)
    elif moderator:
        events = events.filter(moderator__username=moderator)
    if action:
        events = events.filter(action=action)
    # Bounds on created_at itself (not on its date) so that its index serves them. A day at the
    # very ends of the calendar bounds nothing, and its midnight might not fit a datetime in UTC.
    if since is not None and since > date.min + timedelta(days=1):
        events = events.filter(created_at__gte=_day_start(since))
    if until is not None and until < date.max - timedelta(days=1):
        events = events.filter(created_at__lt=_day_start(until + timedelta(days=1)))
    return events.select_related("moderator").order_by("-created_at", "-id")


# --- deduplication ------------------------------------------------------------------------

def report_facts(report: Report) -> dedup.Facts:
    phashes = tuple(p.phash for p in report.photos.all() if p.state == v.PhotoState.DONE and p.phash)
    return dedup.Facts(
        lon=report.location.x, lat=report.location.y, directions=tuple(report.directions or ()),
        surveillance_type=report.surveillance_type, camera_type=report.camera_type, mount=report.mount,
        phashes=phashes, accuracy_m=report.accuracy_m, id=report.pk,
    )


def _sighting_photos() -> QuerySet[Photo]:
    return Photo.objects.filter(
        state=v.PhotoState.DONE, report__status__in=[v.ReportStatus.APPROVED, v.ReportStatus.MERGED]
    ).exclude(phash="").order_by()


def camera_phashes(camera_ids: list[int]) -> dict[int, tuple[str, ...]]:
    """Perceptual hashes of the photos of every sighting each camera has."""
    rows = _sighting_photos().filter(report__camera_id__in=camera_ids).values_list("report__camera_id", "phash")
    found: dict[int, list[str]] = {}
    for camera_id, phash in rows:
        found.setdefault(camera_id, []).append(phash)
    return {camera_id: tuple(hashes) for camera_id, hashes in found.items()}


def camera_facts(camera: Camera, phashes: tuple[str, ...] = ()) -> dedup.Facts:
    return dedup.Facts(
        lon=camera.location.x, lat=camera.location.y, directions=tuple(camera.directions or ()),
        surveillance_type=camera.surveillance_type, camera_type=camera.camera_type, mount=camera.mount,
        phashes=phashes, id=camera.pk,
    )


def report_checks_done(report: Report) -> bool:
    """Are the report's automatic checks done: every photo settled (processed or failed) and the
    pre-checks run (or given up on, which is recorded as their failure)?"""
    if PrecheckResults.from_json(report.prechecks).checked_at is None:
        return False
    return all(photo.state != v.PhotoState.PENDING for photo in report.photos.all())  # prefetched in lists


def photos_unblurred_expired() -> QuerySet[Photo]:
    """Photos whose unblurred copy has been kept its BLUR_REVIEW_KEEP_DAYS after the decision."""
    cutoff = timezone.now() - timedelta(days=settings.BLUR_REVIEW_KEEP_DAYS)
    return (Photo.objects.exclude(unblurred="").exclude(report__status=v.ReportStatus.PENDING)
            .filter(report__decided_at__lte=cutoff))


def report_reject_reason(report: Report) -> str | None:
    """The code of the reason a rejected report was rejected for (None otherwise). Only the
    code: the moderator's own words may name people and never reach the volunteer."""
    if report.status != v.ReportStatus.REJECTED:
        return None
    event = report_history(report).filter(action=Action.REJECT).first()
    return (event.data or {}).get("reason") if event is not None else None


def dedup_cameras() -> QuerySet[Camera]:
    """Cameras a report may be a sighting of: published, not merged away, not gone."""
    return Camera.objects.filter(published=True, merged_into__isnull=True).exclude(status=v.CameraStatus.REMOVED)


@cache
def _dedup_lookup_base() -> QuerySet[Camera]:
    """Built once (never evaluated itself: every lookup filters a copy of it). Building the
    Exists subquery costs more than the index scan, and every report needs it."""
    fields = ("id", "location", "directions", "surveillance_type", "camera_type", "mount")
    return dedup_cameras().only(*fields).order_by().annotate(
        has_photos=Exists(_sighting_photos().filter(report__camera=OuterRef("pk")))
    )


def dedup_candidates(report: Report, *, radius_m: float | None = None) -> list[dedup.Candidate]:
    """Published cameras within the dedup radius of the report, scored, best first."""
    return dedup_candidates_for(report_facts(report), radius_m=radius_m)


def dedup_candidates_for(facts: dedup.Facts, *, radius_m: float | None = None) -> list[dedup.Candidate]:
    """The same for an observation that need not be stored (benchmarks/dedup uses this). One
    query (the index-backed envelope, which also says which cameras have photos), and a second
    for the photo hashes only when a camera near has any, however many cameras are near."""
    radius = min(radius_m or settings.DEDUP_RADIUS_M, MAX_RADIUS_M)
    near = within(_dedup_lookup_base(), facts.lon, facts.lat, radius)
    with_photos = [camera.pk for camera, _metres in near if camera.has_photos]
    hashes = camera_phashes(with_photos) if with_photos else {}
    cameras = [camera_facts(camera, hashes.get(camera.pk, ())) for camera, _metres in near]
    return dedup.candidates_rank(facts, cameras, radius)


def dedup_suggestion(candidates: list[dedup.Candidate]) -> dedup.Suggestion:
    return dedup.decide(candidates, high=settings.DEDUP_SCORE_HIGH, low=settings.DEDUP_SCORE_LOW)


def cameras_near(lon: float, lat: float, *, radius_m: float = NEARBY_RADIUS_M) -> list[tuple[Camera, float]]:
    """Every published camera near a point (for the moderator's map), nearest first."""
    cameras = Camera.objects.filter(published=True, merged_into__isnull=True)
    return within(cameras, lon, lat, radius_m)[:NEARBY_LIMIT]


def reports_pending_near(report: Report, *, radius_m: float | None = None) -> list[tuple[Report, float]]:
    """Other pending reports around this one: perhaps the same new camera, reported twice."""
    radius = radius_m or settings.DEDUP_RADIUS_M
    others = Report.objects.filter(status=v.ReportStatus.PENDING).exclude(pk=report.pk)
    return within(others, report.location.x, report.location.y, radius)[:20]


# --- merging cameras ----------------------------------------------------------------------

def camera_merge_preview(*, camera: Camera, into: Camera, choices: dict[str, str] | None = None) -> MergePlan:
    """What merging ``camera`` into ``into`` will do (merging.py holds the rules). The merge
    service builds its plan here too, from the rows it has locked: preview and merge cannot
    disagree. Read from the rows as they are now, not as the caller last saw them. Raises
    ValidationError if the merge is refused, or a choice is not one."""
    rows = Camera.objects.in_bulk([camera.pk, into.pk])
    camera, into = rows[camera.pk], rows[into.pk]
    merge_refusal(camera, into)
    return merge_plan(
        camera, into, choices=choices,
        reports=Report.objects.filter(camera=camera).count(),
        photos=Photo.objects.filter(report__camera=camera).count(),
    )


def mapping_events_listed(*, now: datetime, past: int = 20) -> tuple[QuerySet[MappingEvent], QuerySet[MappingEvent]]:
    """The events whose codes are or will be valid (soonest first), and the latest ``past`` ones."""
    events = MappingEvent.objects.select_related("created_by")
    current = events.filter(ends_at__gt=now).order_by("starts_at", "id")
    return current, events.filter(ends_at__lte=now).order_by("-ends_at")[:past]
