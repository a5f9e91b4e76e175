"""Background work: fields of view after cameras or buildings change, then the exposure figures."""

from celery import shared_task

from . import runs, services
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
    exposure, with progress on the run. A redelivered or obsolete message does nothing."""
    runs.run_execute(run_id=run_id)
