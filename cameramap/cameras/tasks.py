"""Background work on reports. Tasks take ids, re-read their rows under a lock, and return
quietly when the work is already done: a message delivered twice does no harm.

The pipeline: report_create → (after commit) report_receive → photo_process for each photo →
when the last photo is settled, the report_settled signal (moderation pre-checks). reports_sweep is
the outbox that re-sends what a lost message left behind."""

import logging
from datetime import timedelta
from functools import partial

from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone

log = logging.getLogger(__name__)

# Errors worth a retry: the database or the storage hiccupped. A photo that cannot be decoded
# is not among them — it is marked failed at once (cameramap.photos raises its own errors).
TRANSIENT = (OperationalError, InterfaceError, OSError)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5, acks_late=True)
def report_receive(report_id: int) -> None:
    """Record that the pipeline took the report, and start processing its photos. A second
    delivery records nothing again but re-sends the photos still waiting (a crash between the
    commit and the sending must not strand them; photo_process is idempotent)."""
    from .history import Action, event_write
    from .models import Report
    from .services.photos import report_handoff
    from .vocabulary import PhotoState

    with transaction.atomic():
        report = Report.objects.select_for_update().filter(id=report_id).first()
        if report is None:
            return  # deleted meanwhile
        first = report.received_at is None
        if first:
            report.received_at = timezone.now()
            report.save(update_fields=["received_at", "updated_at"])
            event_write(action=Action.RECEIVED, report=report)
        for photo_id in report.photos.filter(state=PhotoState.PENDING).values_list("id", flat=True):
            transaction.on_commit(partial(photo_process.delay, photo_id))
        if first and not report.photos.exists():
            report_handoff(report_id=report.id)  # nothing to process: straight to the pre-checks
    if first:
        log.info("report %s received", report_id)


class PhotoTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        """Retries exhausted (or an unexpected error): the photo must not stay "waiting" for
        ever, holding its report back from the moderators."""
        from .services.photos import photo_fail

        photo_id = args[0] if args else kwargs.get("photo_id")
        try:
            photo_fail(photo_id=photo_id, reason=f"Processing failed: {type(exc).__name__}.")
        except Exception:  # the database itself is down: the sweep will re-send the photo later
            log.exception("could not mark photo %s failed", photo_id)


@shared_task(base=PhotoTask, autoretry_for=TRANSIENT, retry_backoff=True, max_retries=5, acks_late=True)
def photo_process(photo_id: int) -> None:
    """Make a photo safe to publish: upright, stripped of all metadata, resized, hashed."""
    from .models import Photo
    from .services import photos
    from .vocabulary import PhotoState

    photo = Photo.objects.filter(id=photo_id, state=PhotoState.PENDING).first()
    if photo is None:
        return  # deleted meanwhile, or settled by an earlier delivery
    try:
        photos.photo_process(photo=photo)
    except SoftTimeLimitExceeded:
        photos.photo_fail(photo_id=photo_id, reason="Processing took too long.")
    log.info("photo %s processed", photo_id)


@shared_task(acks_late=True)
def reports_sweep(older_than_s: int | None = None, photos_older_than_s: int = 900) -> int:
    """The outbox: re-send reports that the pipeline never took (the broker was down when they
    were submitted, or the message was lost), and photos still waiting long after their report
    was taken. Safe to run often: both tasks are idempotent. Returns how many were re-sent."""
    from django.conf import settings

    from .models import Photo, Report
    from .vocabulary import PhotoState

    now = timezone.now()
    cutoff = now - timedelta(seconds=settings.REPORTS_SWEEP_AFTER_S if older_than_s is None else older_than_s)
    ids = list(Report.objects.filter(received_at__isnull=True, created_at__lt=cutoff).values_list("id", flat=True)[:1000])
    for report_id in ids:
        report_receive.delay(report_id)
    stuck = list(
        Photo.objects.filter(
            state=PhotoState.PENDING, report__received_at__lt=now - timedelta(seconds=photos_older_than_s)
        ).values_list("id", flat=True)[:1000]
    )
    for photo_id in stuck:
        photo_process.delay(photo_id)
    return len(ids) + len(stuck)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3, acks_late=True)
def tile_cells_refresh() -> bool:
    """Rebuild the pre-grouped cameras of far-away tiles if the cameras changed (PostGIS only;
    does nothing when they did not, so running it often is cheap)."""
    from .tile_cells import cells_refresh

    return cells_refresh()
