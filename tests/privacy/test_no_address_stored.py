"""A volunteer submits from a known address, with a known user agent, a forwarding header, the
phone's install key and a mapping-event code: afterwards neither the database, nor the broker's
messages, nor the logs contain any of them (the code only as the event's own row)."""

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
from tests.factories import mapping_event_make
from tests.stack import AppServer, RedisServer

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

SOURCE = "127.83.41.29"  # a loopback address of its own: the client really connects from it
FORWARDED = "203.0.113.77"
AGENT = "PrivacyProbe/1.0 (volunteer-phone-7731)"
INSTALL_KEY = "5eed0f1a2b3c4d5e6f708192a3b4c5d6"  # as the outbox makes them: 32 hex digits
SECRETS = [SOURCE, FORWARDED, AGENT, "volunteer-phone-7731", INSTALL_KEY]


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


def test_no_address_user_agent_or_install_key_is_stored_anywhere(worker_env, tmp_path):
    event = mapping_event_make()
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
            "X-Install-Key": INSTALL_KEY, "X-Event-Code": event.code,
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
        # The event's code is in its own row (moderators give it out), and nowhere else.
        assert stored["database"].count(event.code) == 1
        assert all(event.code not in text for where, text in stored.items() if where != "database")
    finally:
        worker.stop()
        server.stop()
        redis_server.stop()
