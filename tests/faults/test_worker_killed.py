"""A worker killed with SIGKILL while it processes a photo: the message was never acknowledged
(acks_late), so Redis hands it out again after the visibility timeout, another worker runs the
task, and the report ends up processed exactly once in effect."""

import json
import re
import signal
import time
import urllib.request

import pytest
from urllib3 import encode_multipart_formdata

from cameramap.cameras.models import Photo, Report
from cameramap.cameras.history import Action, ModerationEvent
from tests.conftest import FIXTURES, WorkerProcess, wait_for
from tests.stack import AppServer, RedisServer

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
BIG_PHOTO = "heic_mobile_HMD_Nokia_8.3_5G.heif"  # 16 MP HEIF: seconds of work, time to kill


def submit(server: AppServer) -> int:
    body, content_type = encode_multipart_formdata(
        {"notes": "killed mid-way", "photos": ("camera.heif", (FIXTURES / "photos" / BIG_PHOTO).read_bytes(), "image/heif")}
    )
    request = urllib.request.Request(f"{server.url}/api/v1/reports/", data=body, method="POST",
                                     headers={"Content-Type": content_type, "Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status == 201
        return json.loads(response.read())["id"]


def test_a_photo_task_interrupted_by_sigkill_runs_again_and_takes_effect_once(worker_env, tmp_path, settings):
    redis = RedisServer(tmp_path)
    redis.start()
    env = {**worker_env, "CELERY_BROKER_URL": redis.url, "BROKER_VISIBILITY_TIMEOUT_S": "5"}
    server = AppServer(env, tmp_path / "gunicorn.log", workers=1, threads=2)
    server.start()
    first = WorkerProcess(tmp_path / "first.log", env)
    second = WorkerProcess(tmp_path / "second.log", env)
    started = time.time()
    try:
        first.start(concurrency=1, purge=False)
        report_id = submit(server)
        photo = Photo.objects.get(report_id=report_id)

        wait_for(lambda: re.search(r"photo_process\[[-0-9a-f]+\] received", first.log()), timeout=60, interval=0.05)
        first.stop(sig=signal.SIGKILL)
        assert Photo.objects.get(pk=photo.pk).state == "pending"  # killed before it could finish

        second.start(concurrency=1, purge=False)
        wait_for(lambda: Photo.objects.get(pk=photo.pk).state == "done", timeout=120)

        done = Photo.objects.get(pk=photo.pk)
        assert done.phash and done.image.name and done.thumbnail.name
        assert re.search(r"photo_process\[[-0-9a-f]+\] received", second.log())
        # No second copy and no half-written leftover: the files written since the submission
        # are exactly the photo's display image and thumbnail.
        written = sorted(
            str(path.relative_to(settings.MEDIA_ROOT)) for path in settings.MEDIA_ROOT.rglob("*")
            if path.is_file() and path.stat().st_mtime >= started
        )
        assert written == sorted([done.image.name, done.thumbnail.name])
        assert ModerationEvent.objects.filter(report_id=report_id, action=Action.RECEIVED).count() == 1
        assert Report.objects.get(pk=report_id).received_at is not None
    finally:
        first.stop()
        second.stop()
        server.stop()
        redis.stop()
