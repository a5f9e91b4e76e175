"""Background work of moderation. ``report_precheck`` is sent for each report the photo pipeline
settles (the cameras app's ``report_settled`` signal, connected in apps.py)."""

import logging
from datetime import timedelta

from celery import Task, shared_task
from django.conf import settings
from django.db import OperationalError
from django.utils import timezone

log = logging.getLogger(__name__)


class PrecheckTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        """Out of retries (or a bug): the report must still reach the queue, flagged."""
        from .services import prechecks_mark_failed

        report_id = args[0] if args else kwargs.get("report_id")
        if report_id is not None:
            prechecks_mark_failed(report_id=report_id, error=f"{type(exc).__name__}: {exc}")


@shared_task(base=PrecheckTask, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5, acks_late=True, soft_time_limit=60)
def report_precheck(report_id: int) -> str:
    """Pre-check one report and apply the automatic rules. Idempotent: a decided report is left
    alone; a pending one gets fresh results."""
    from .services import report_precheck as precheck

    outcome = precheck(report_id=report_id)
    log.info("report %s pre-checked: %s", report_id, outcome)
    return outcome


@shared_task(acks_late=True)
def reports_precheck_sweep(older_than_s: int | None = None) -> int:
    """Pre-check pending reports that never were (the pipeline lost them): they must not sit in
    the queue without their checks. Safe to run often: report_precheck is idempotent."""
    from cameramap.cameras.models import Report
    from cameramap.cameras.vocabulary import ReportStatus

    cutoff = timezone.now() - timedelta(seconds=settings.PRECHECK_SWEEP_AFTER_S if older_than_s is None else older_than_s)
    ids = list(
        Report.objects.filter(status=ReportStatus.PENDING, created_at__lt=cutoff)
        .exclude(prechecks__has_key="checked_at")
        .values_list("id", flat=True)[:500]
    )
    for report_id in ids:
        report_precheck.delay(report_id)
    return len(ids)


@shared_task(autoretry_for=(OperationalError, OSError), retry_backoff=True, max_retries=5, acks_late=True)
def unblurred_copy_delete(photo_id: int) -> bool:
    """Delete one photo's unblurred copy once its report was decided BLUR_REVIEW_KEEP_DAYS days
    ago. Idempotent: a copy already gone, or still to be kept, is left alone."""
    from .services import photo_unblurred_delete

    return photo_unblurred_delete(photo_id=photo_id)


@shared_task(acks_late=True)
def unblurred_copies_sweep() -> int:
    """The periodic cleanup: send unblurred_copy_delete for every copy kept past its days (at once
    for any left behind with BLUR_REVIEW_KEEP_DAYS 0). Returns how many were sent."""
    from .selectors import photos_unblurred_expired

    ids = list(photos_unblurred_expired().values_list("id", flat=True)[:1000])
    for photo_id in ids:
        unblurred_copy_delete.delay(photo_id)
    return len(ids)
