"""Background work of the timeline: the periodic sweep (settings CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from . import services


@shared_task(acks_late=True, soft_time_limit=1800, time_limit=1900)
def camera_states_sweep() -> None:
    """Idempotent: a second run finds nothing changed since the first."""
    services.camera_states_sweep()
