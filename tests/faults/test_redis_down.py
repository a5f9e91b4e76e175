"""Redis goes down while volunteers submit: reports are still accepted and stored, and are
processed once Redis is back — by the outbox sweep, exactly once each."""

import json
import urllib.request

import pytest
from urllib3 import encode_multipart_formdata

from cameramap.cameras.models import Report
from cameramap.cameras.history import Action, ModerationEvent
from tests.conftest import FIXTURES, WorkerProcess, wait_for
from tests.stack import AppServer, RedisServer

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def submit(server: AppServer, notes: str) -> dict:
    photo = (FIXTURES / "photos" / "jpg_gps_DSCN0010.jpg").read_bytes()
    body, content_type = encode_multipart_formdata(
        {"lat": "44.8176", "lon": "20.4573", "notes": notes, "photos": ("camera.jpg", photo, "image/jpeg")}
    )
    request = urllib.request.Request(
        f"{server.url}/api/v1/reports/", data=body, method="POST",
        headers={"Content-Type": content_type, "Accept": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 201
        return json.loads(response.read())


@pytest.fixture
def stack(worker_env, tmp_path):
    redis = RedisServer(tmp_path)
    redis.start()
    env = {**worker_env, "CELERY_BROKER_URL": redis.url, "SWEEP_INTERVAL_S": "2", "REPORTS_SWEEP_AFTER_S": "1"}
    server = AppServer(env, tmp_path / "gunicorn.log", workers=1, threads=2)
    server.start()
    worker = WorkerProcess(tmp_path / "worker.log", env)
    worker.start(concurrency=1, beat=True)
    yield redis, server, worker
    worker.stop()
    server.stop()
    redis.stop()


def received_once(report_id: int) -> bool:
    events = ModerationEvent.objects.filter(report_id=report_id, action=Action.RECEIVED).count()
    return Report.objects.filter(pk=report_id, received_at__isnull=False).exists() and events == 1


def test_reports_submitted_while_redis_is_down_are_processed_when_it_returns(stack):
    redis, server, worker = stack
    before = submit(server, "before the outage")
    wait_for(lambda: received_once(before["id"]), timeout=60)

    redis.stop()
    during = [submit(server, f"during the outage {i}") for i in range(3)]
    assert Report.objects.filter(pk__in=[r["id"] for r in during], received_at__isnull=True).count() == 3

    redis.start()
    for report in during:
        wait_for(lambda: received_once(report["id"]), timeout=90)
    assert ModerationEvent.objects.filter(action=Action.RECEIVED).count() == 4
