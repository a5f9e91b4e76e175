"""A volunteer submits from a known address, with a known user agent and a forwarding header:
afterwards neither the database, nor the broker's messages, nor the logs contain any of them."""

import http.client
import json
import os
import subprocess

import pytest
import redis
from django.db import connection
from urllib3 import encode_multipart_formdata

from cameramap.cameras.models import Photo, Report
from tests.conftest import FIXTURES, WorkerProcess, wait_for
from tests.stack import AppServer, RedisServer

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

SOURCE = "127.83.41.29"  # a loopback address of its own: the client really connects from it
FORWARDED = "203.0.113.77"
AGENT = "PrivacyProbe/1.0 (volunteer-phone-7731)"
SECRETS = [SOURCE, FORWARDED, AGENT, "volunteer-phone-7731"]


def database_text() -> str:
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        env = {**os.environ, "PGPASSWORD": settings_dict["PASSWORD"]}
        return subprocess.run(
            ["pg_dump", "-h", settings_dict["HOST"] or "127.0.0.1", "-p", str(settings_dict["PORT"] or 5432),
             "-U", settings_dict["USER"], "--data-only", settings_dict["NAME"]],
            env=env, capture_output=True, text=True, check=True,
        ).stdout
    # Every table of ours and of Django's (SpatiaLite's own metadata tables hold no rows of ours).
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table.startswith(("cameras_", "moderation_", "datasets_", "auth", "django_", "axes_", "api_")):
                cursor.execute(f'SELECT * FROM "{table}"')
                parts += [repr(row) for row in cursor.fetchall()]
    return "\n".join(parts)


def broker_text(redis_url: str) -> str:
    client = redis.Redis.from_url(redis_url)
    parts = []
    for key in client.scan_iter():
        kind = client.type(key)
        if kind == b"list":
            parts += [item.decode("utf-8", "replace") for item in client.lrange(key, 0, -1)]
        elif kind == b"string":
            parts.append(client.get(key).decode("utf-8", "replace"))
        elif kind == b"hash":
            parts += [value.decode("utf-8", "replace") for value in client.hvals(key)]
    return "\n".join(parts)


def test_no_address_or_user_agent_is_stored_anywhere(worker_env, tmp_path):
    redis_server = RedisServer(tmp_path)
    redis_server.start()
    env = {**worker_env, "CELERY_BROKER_URL": redis_server.url, "LOG_LEVEL": "DEBUG"}
    server = AppServer(env, tmp_path / "gunicorn.log", workers=1, threads=2)
    server.start()
    worker = WorkerProcess(tmp_path / "worker.log", env)
    try:
        photo = (FIXTURES / "photos" / "jpg_gps_DSCN0010.jpg").read_bytes()
        body, content_type = encode_multipart_formdata(
            {"notes": "pole by the school", "directions": "90", "photos": ("camera.jpg", photo, "image/jpeg")}
        )
        client = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30, source_address=(SOURCE, 0))
        client.request("POST", "/api/v1/reports/", body=body, headers={
            "Content-Type": content_type, "User-Agent": AGENT, "X-Forwarded-For": FORWARDED, "Accept": "application/json",
        })
        response = client.getresponse()
        answer = json.loads(response.read())
        assert response.status == 201, answer

        queued = broker_text(redis_server.url)  # the task message, before a worker takes it
        assert str(answer["id"]) in queued

        worker.start(concurrency=1, purge=False)
        wait_for(lambda: Photo.objects.filter(report_id=answer["id"], state="done").exists(), timeout=90)
        assert Report.objects.get(pk=answer["id"]).received_at is not None

        stored = {
            "database": database_text(),
            "broker": queued + broker_text(redis_server.url),
            "web log": (tmp_path / "gunicorn.log").read_text(),
            "worker log": worker.log(),
        }
        assert "pole by the school" in stored["database"]  # the dump does hold the report
        assert f"POST /api/v1/reports/" in stored["web log"]  # and the log the request
        for where, text in stored.items():
            for secret in SECRETS:
                assert secret not in text, f"{secret!r} found in the {where}"
    finally:
        worker.stop()
        server.stop()
        redis_server.stop()
