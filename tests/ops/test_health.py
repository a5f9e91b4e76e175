"""The containers' healthchecks (cameramap.ops.health), against real sockets. The compose test runs
them in the real containers."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from cameramap.ops import health


@pytest.fixture
def gunicorn_stand_in(monkeypatch):
    """An HTTP server on a free loopback port answering every GET with ``status`` (settable),
    keeping the headers of the requests it got."""
    seen = []

    class Handler(BaseHTTPRequestHandler):
        status = 200

        def do_GET(self):
            seen.append((self.path, dict(self.headers)))
            self.send_response(Handler.status)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setattr(health, "WEB_PORT", server.server_address[1])
    yield Handler, seen
    server.shutdown()
    server.server_close()


def test_web_is_healthy_when_it_answers_the_proxys_request(gunicorn_stand_in, monkeypatch):
    handler, seen = gunicorn_stand_in
    monkeypatch.setenv("ALLOWED_HOSTS", ".cameras.example.org,other.example.org")

    assert health.web_check() is None
    path, headers = seen[0]
    assert path == health.WEB_PATH
    assert headers["Host"] == "cameras.example.org"
    assert headers["X-Forwarded-Proto"] == "https"


def test_web_is_unhealthy_when_it_answers_an_error(gunicorn_stand_in):
    handler, _ = gunicorn_stand_in
    handler.status = 503

    assert health.web_check() == f"GET {health.WEB_PATH} answered 503"
    assert health.main(["web"]) == 1


def test_web_is_unhealthy_when_nothing_listens(gunicorn_stand_in, monkeypatch):
    monkeypatch.setattr(health, "WEB_PORT", 1)  # nothing listens on port 1

    assert health.web_check().startswith("gunicorn does not answer on port 1")


def test_beat_is_unhealthy_when_the_broker_refuses(monkeypatch):
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:1/0")  # Celery reads it before its settings

    assert health.beat_check().startswith("the broker refuses a connection")


def test_an_unknown_check_is_a_usage_error(capsys):
    assert health.main(["database"]) == 2
    assert "usage: python -m cameramap.ops.health web|worker|beat" in capsys.readouterr().err


def test_beat_is_healthy_when_the_broker_accepts():
    assert health.beat_check() is None
