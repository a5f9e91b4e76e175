"""Background work: fields of view after cameras or buildings change, then the exposure figures."""

from functools import partial

from celery import shared_task
from django.conf import settings
from django.db import transaction

from . import runs, services
from .models import ExposureRun, RunState
from .signals import fields_of_view_changed


@shared_task(acks_late=True, soft_time_limit=1800, time_limit=1900)
def fov_compute(camera_ids: list[int] | None) -> None:
    """Compute these cameras' fields of view (every camera's when None), then the exposure.
    Idempotent: a redelivered message computes the same polygons again."""
    services.fov_update(camera_ids=camera_ids)
    exposure_compute.delay()
    fields_of_view_changed.send(sender=None, camera_ids=camera_ids)


@shared_task(acks_late=True, soft_time_limit=1800, time_limit=1900)
def exposure_compute() -> None:
    services.exposure_update()


@shared_task(acks_late=True, soft_time_limit=1800, time_limit=1900)
def exposure_recompute(run_id: int) -> None:
    """Execute one queued recomputation (runs.py): the changed cameras' fields of view, then the
    exposure, with progress on the run. A redelivered or obsolete message does nothing; while
    another run is running, the message is sent again for later (the run goes on collecting)."""
    run = runs.run_execute(run_id=run_id)
    if run is not None and run.state == RunState.QUEUED:
        exposure_recompute.apply_async((run.pk,), countdown=max(settings.EXPOSURE_DEBOUNCE_S, 1))


def exposure_request(*, camera_ids: list[int] | None) -> ExposureRun:
    """Ask for the fields of view of these cameras (every camera's when None), then the exposure,
    to be computed again (runs.run_request): a new run's task is sent after the commit, with the
    debounce delay; a request that joins the queued run sends nothing."""
    run, new = runs.run_request(camera_ids=camera_ids)
    if new:
        transaction.on_commit(partial(exposure_recompute.apply_async, (run.pk,), countdown=settings.EXPOSURE_DEBOUNCE_S))
    return run
