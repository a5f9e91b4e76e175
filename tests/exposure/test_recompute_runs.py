"""A burst of camera changes makes one recomputation (runs.py): the first change queues a run and
its task, the others join it; the run computes their fields of view and every figure, with its
progress; a second delivery or a run whose turn has not come does nothing. On a real worker, the
test waits for the run's end (its state), never for a fixed time."""

from unittest import mock

import pytest
from django.db import transaction

from cameramap.cameras.history import event_write
from cameramap.cameras.models import Camera
from cameramap.exposure.models import ExposureRun, FieldOfView, StreetExposure, StreetView
from cameramap.exposure.runs import run_execute, run_status
from cameramap.exposure.tasks import exposure_recompute, exposure_request
from tests.conftest import wait_for
from tests.factories import camera_make

from .conftest import lonlat

pytestmark = pytest.mark.django_db


def _cameras(count: int) -> list[Camera]:
    return [camera_make(**dict(zip(("lon", "lat"), lonlat(-90 + 6 * i, 0))), camera_type="fixed", directions=[0])
            for i in range(count)]


def _edit(camera: Camera) -> None:
    """A moderator's correction, in its own transaction, as the moderation services write it."""
    with transaction.atomic():
        Camera.objects.filter(pk=camera.pk).update(directions=[180])
        event_write(action="correct", camera=camera, reason="direction")


def test_a_burst_of_thirty_edits_sends_one_task_and_one_run(grid, django_capture_on_commit_callbacks):
    cameras = _cameras(30)
    with mock.patch("cameramap.exposure.tasks.exposure_recompute.apply_async") as send:
        with django_capture_on_commit_callbacks(execute=True):
            for camera in cameras:
                _edit(camera)
    run = ExposureRun.objects.get()
    send.assert_called_once_with((run.pk,), countdown=pytest.approx(10.0))
    assert (run.state, run.requests, run.camera_ids) == ("queued", 30, sorted(c.pk for c in cameras))

    steps = []
    finished = run_execute(run_id=run.pk, listener=lambda stage, done, total: steps.append((stage, done, total)))
    assert finished.state == "done" and finished.finished_at is not None
    assert FieldOfView.objects.filter(geometry__isnull=False).count() == 30
    assert StreetExposure.objects.filter(area=None, scope="all", verified_only=False).get().watched_m > 0
    assert StreetView.objects.count() == 2  # the grid's two walkable streets (the motorway is not)
    assert ("fields_of_view", 30, 30) in steps and steps[-1][0] == "exposure"


def test_progress_is_on_the_run_for_the_api(grid):
    camera_make(camera_type="dome")
    run = exposure_request(camera_ids=None)
    assert run_status()["state"] == "queued"
    run_execute(run_id=run.pk)
    status = run_status()
    assert (status["state"], status["stage"], status["changes_waiting"]) == ("done", "exposure", False)
    assert status["done"] == status["total"] > 0


def test_a_change_while_a_run_is_running_queues_the_next_run(grid):
    first = exposure_request(camera_ids=[1])
    ExposureRun.objects.filter(pk=first.pk).update(state="running")
    second = exposure_request(camera_ids=[2])
    third = exposure_request(camera_ids=None)
    assert second.pk == third.pk != first.pk
    assert third.all_cameras and third.requests == 2
    assert run_status()["changes_waiting"] is True


def test_a_run_waits_for_the_one_running_and_a_second_delivery_does_nothing(grid, django_capture_on_commit_callbacks):
    running = exposure_request(camera_ids=[1])
    ExposureRun.objects.filter(pk=running.pk).update(state="running", started_at="2099-01-01T00:00Z")
    queued = exposure_request(camera_ids=[2])
    with mock.patch("cameramap.exposure.tasks.exposure_recompute.apply_async") as send:
        with django_capture_on_commit_callbacks(execute=True):
            exposure_recompute(queued.pk)
    send.assert_called_once_with((queued.pk,), countdown=pytest.approx(10.0))  # sent again for later
    assert run_execute(run_id=queued.pk).state == "queued"  # still queued, still collecting changes
    queued.refresh_from_db()
    assert queued.state == "queued"
    ExposureRun.objects.filter(pk=running.pk).update(state="done")
    assert run_execute(run_id=queued.pk).state == "done"
    assert run_execute(run_id=queued.pk) is None  # redelivered: already done


def test_a_failed_run_says_why(grid, settings):
    settings.FOV_MODEL = {"fixed": {"angle": 0, "range": 30}}
    run = exposure_request(camera_ids=None)
    with pytest.raises(Exception, match="FOV_MODEL"):
        run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.state == "failed" and "FOV_MODEL" in run.error


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_answers_a_burst_with_one_run(grid, celery_worker, settings):
    settings.EXPOSURE_DEBOUNCE_S = 1.0
    cameras = _cameras(12)
    for camera in cameras:
        _edit(camera)
    run = ExposureRun.objects.get()  # every edit joined the first one's run
    assert run.requests == 12
    wait_for(lambda: ExposureRun.objects.filter(pk=run.pk, state__in=["done", "failed"]).exists(), timeout=60)
    run.refresh_from_db()
    assert run.state == "done", celery_worker.log()[-3000:]
    assert ExposureRun.objects.count() == 1
    assert FieldOfView.objects.filter(camera__in=cameras, geometry__isnull=False).count() == 12
    assert StreetExposure.objects.filter(area=None).count() == 6


def test_the_command_computes_everything_and_shows_its_progress(grid):
    from io import StringIO

    from django.core.management import call_command

    camera_make(camera_type="dome")
    out = StringIO()
    call_command("exposure_compute", stdout=out)
    assert "fields_of_view: 1/1" in out.getvalue() and "computed at" in out.getvalue()
    assert ExposureRun.objects.get().state == "done"
    assert StreetExposure.objects.filter(area=None).count() == 6


def test_the_api_shows_the_computation(grid, client):
    run_execute(run_id=exposure_request(camera_ids=None).pk)
    body = client.get("/api/v1/areas/exposure/").json()
    assert body["computation"]["state"] == "done" and body["computation"]["changes_waiting"] is False
