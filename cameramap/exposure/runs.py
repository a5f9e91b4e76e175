"""Recomputing fields of view and exposure after a change, debounced: many changes, one run.

A moderator approving thirty reports in a row, an OSM import announcing 10,000 cameras, a city
import: each asks for a recomputation (``tasks.exposure_request``, through ``run_request`` here).
The first request creates a *queued* run, whose task is sent with a delay of
``EXPOSURE_DEBOUNCE_S``; every request that comes
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

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import services
from .models import ExposureRun, RunState
from .signals import fields_of_view_changed

STALE_AFTER = timedelta(seconds=1900)  # a run "running" longer than its task's time limit has died


def run_request(*, camera_ids: list[int] | None) -> tuple[ExposureRun, bool]:
    """Ask for the fields of view of these cameras (every camera's when None), then the exposure,
    to be computed again: joins the queued run, or queues one. Returns the run and whether it is
    new (then its task is to be sent: tasks.exposure_request does)."""
    ids = sorted({int(pk) for pk in camera_ids or []})
    for _attempt in range(3):
        try:
            with transaction.atomic():
                run = ExposureRun.objects.select_for_update().filter(state=RunState.QUEUED).first()
                if run is None:
                    return ExposureRun.objects.create(all_cameras=camera_ids is None, camera_ids=ids), True
                run.all_cameras = run.all_cameras or camera_ids is None
                run.camera_ids = [] if run.all_cameras else sorted(set(run.camera_ids) | set(ids))
                run.requests += 1
                run.save(update_fields=["all_cameras", "camera_ids", "requests"])
                return run, False
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
    message); still queued when another run is running (its turn comes later)."""
    with transaction.atomic():
        run = ExposureRun.objects.select_for_update().filter(pk=run_id, state=RunState.QUEUED).first()
        if run is None:
            return None
        busy = ExposureRun.objects.filter(state=RunState.RUNNING, started_at__gte=timezone.now() - STALE_AFTER)
        if busy.exists():
            return run
        run.state, run.started_at = RunState.RUNNING, timezone.now()
        run.save(update_fields=["state", "started_at"])
        return run


def run_execute(*, run_id: int, listener=None) -> ExposureRun | None:
    """Execute a queued run: the fields of view it was asked for, then every figure. Returns the
    finished run; the run still queued when another one is running (to be tried again later); None
    when there is nothing to do. ``listener(stage, done, total)``, if given, hears the progress too
    (the management command prints it)."""
    run = _start(run_id)
    if run is None or run.state == RunState.QUEUED:
        return run
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
