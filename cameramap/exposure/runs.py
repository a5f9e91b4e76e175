"""Recomputing fields of view and exposure after a change, debounced: many changes, one run.

A moderator approving thirty reports in a row, an OSM import announcing 10,000 cameras, a city
import: each asks for a recomputation (``exposure_request``). The first request creates a
*queued* run and sends its task with a delay of ``EXPOSURE_DEBOUNCE_S``; every request that comes
while the run is still queued joins it (its cameras are added, or the run is widened to every
camera), and sends nothing. So a burst costs one message and one computation of the exposure,
however long it is. A request arriving once the run has started makes the next queued run.

At most one run is queued (a partial unique constraint: two requests racing to create it meet
the IntegrityError, and the loser joins the winner's run), and runs execute one at a time: a run
whose turn comes while another is running is sent again later and goes on collecting requests.
The run row carries its progress (``stage``, ``done`` of ``total``), written as it goes, outside
the run's own transactions so that the API can show it.
"""

from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from . import services
from .models import ExposureRun, RunState
from .signals import fields_of_view_changed

STALE_AFTER = timedelta(seconds=1900)  # a run "running" longer than its task's time limit has died


def _enqueue(run_id: int, countdown: float) -> None:
    from .tasks import exposure_recompute  # tasks import this module

    exposure_recompute.apply_async((run_id,), countdown=countdown)


def exposure_request(*, camera_ids: list[int] | None) -> ExposureRun:
    """Ask for the fields of view of these cameras (every camera's when None), then the exposure,
    to be computed again: joins the queued run, or queues one (its task sent after commit)."""
    ids = sorted({int(pk) for pk in camera_ids or []})
    for _attempt in range(3):
        try:
            with transaction.atomic():
                run = ExposureRun.objects.select_for_update().filter(state=RunState.QUEUED).first()
                if run is None:
                    run = ExposureRun.objects.create(all_cameras=camera_ids is None, camera_ids=ids)
                    transaction.on_commit(partial(_enqueue, run.pk, settings.EXPOSURE_DEBOUNCE_S))
                    return run
                run.all_cameras = run.all_cameras or camera_ids is None
                run.camera_ids = [] if run.all_cameras else sorted(set(run.camera_ids) | set(ids))
                run.requests += 1
                run.save(update_fields=["all_cameras", "camera_ids", "requests"])
                return run
        except IntegrityError:
            continue  # another request queued a run between our look and our insert: join it
    raise RuntimeError("could not queue or join an exposure run")


def _progress(run_id: int, stage: str, listener):
    def tell(done: int, total: int) -> None:
        ExposureRun.objects.filter(pk=run_id).update(stage=stage, done=done, total=total)
        if listener is not None:
            listener(stage, done, total)
    return tell


def _start(run_id: int) -> ExposureRun | None:
    """The run, now running; None when it is not queued (done by an earlier delivery of the same
    message) or when another run is running (then it is sent again after the debounce delay)."""
    with transaction.atomic():
        run = ExposureRun.objects.select_for_update().filter(pk=run_id, state=RunState.QUEUED).first()
        if run is None:
            return None
        busy = ExposureRun.objects.filter(state=RunState.RUNNING, started_at__gte=timezone.now() - STALE_AFTER)
        if busy.exists():
            transaction.on_commit(partial(_enqueue, run.pk, max(settings.EXPOSURE_DEBOUNCE_S, 1)))
            return None
        run.state, run.started_at = RunState.RUNNING, timezone.now()
        run.save(update_fields=["state", "started_at"])
        return run


def run_execute(*, run_id: int, listener=None) -> ExposureRun | None:
    """Execute a queued run: the fields of view it was asked for, then every figure. Returns the
    finished run, or None when there was nothing to do now. ``listener(stage, done, total)``, if
    given, hears the progress too (the management command prints it)."""
    run = _start(run_id)
    if run is None:
        return None
    try:
        services.fov_update(camera_ids=None if run.all_cameras else run.camera_ids,
                            progress=_progress(run.pk, "fields_of_view", listener))
        services.exposure_update(progress=_progress(run.pk, "exposure", listener))
    except Exception as error:
        ExposureRun.objects.filter(pk=run.pk).update(state=RunState.FAILED, finished_at=timezone.now(),
                                                     error=f"{type(error).__name__}: {error}"[:2000])
        raise
    ExposureRun.objects.filter(pk=run.pk).update(state=RunState.DONE, finished_at=timezone.now())
    run.refresh_from_db()
    fields_of_view_changed.send(sender=None, camera_ids=None if run.all_cameras else run.camera_ids)
    return run


def run_status() -> dict | None:
    """The run under way (else the latest) as the API shows it: its state and progress, and
    whether changes are waiting for the next run; None before any run."""
    run = ExposureRun.objects.filter(state=RunState.RUNNING).first() or ExposureRun.objects.first()
    if run is None:
        return None
    return {"state": run.state, "stage": run.stage or None, "done": run.done, "total": run.total,
            "requested_at": run.requested_at, "started_at": run.started_at, "finished_at": run.finished_at,
            "changes_waiting": ExposureRun.objects.filter(state=RunState.QUEUED).exists()}
