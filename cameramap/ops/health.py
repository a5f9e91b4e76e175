"""Healthchecks of the long-running containers of docker-compose.yml:

    python -m cameramap.ops.health web|worker|beat

exits 0 when the process of this container does its job, 1 with the reason on stderr otherwise.

- ``web``: gunicorn on 127.0.0.1:8000 answers a database-backed API request 200, asked the way the
  TLS proxy in front asks (the site's host name, ``X-Forwarded-Proto: https``): a bare request
  would only get the production settings' redirect to HTTPS, or a 400 for its host.
- ``worker``: the Celery worker of this container answers a ping through the broker.
- ``beat``: the broker that beat sends the schedule's tasks to accepts a connection. Beat keeps
  no other state that could be asked; that the process runs, the container's state says.
"""

import http.client
import os
import socket
import sys

WEB_PORT = 8000
WEB_PATH = "/api/v1/cameras/count/"
TIMEOUT_S = 10


def web_check() -> str | None:
    """None when healthy, else the reason."""
    hosts = [host.strip() for host in os.environ.get("ALLOWED_HOSTS", "").split(",") if host.strip()]
    host = hosts[0].lstrip(".") if hosts else "localhost"  # ".example.org" allows example.org itself
    connection = http.client.HTTPConnection("127.0.0.1", WEB_PORT, timeout=TIMEOUT_S)
    try:
        connection.request("GET", WEB_PATH, headers={"Host": host, "X-Forwarded-Proto": "https"})
        status = connection.getresponse().status
    except OSError as error:
        return f"gunicorn does not answer on port {WEB_PORT}: {error}"
    finally:
        connection.close()
    return None if status == 200 else f"GET {WEB_PATH} answered {status}"


def worker_check() -> str | None:
    from cameramap.celery import app

    node = f"celery@{socket.gethostname()}"
    replies = app.control.ping(destination=[node], timeout=TIMEOUT_S / 2)
    return None if any(node in reply for reply in replies) else f"{node} did not answer a ping"


def beat_check() -> str | None:
    from cameramap.celery import app

    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, timeout=TIMEOUT_S)
    except Exception as error:  # kombu raises the transport's own errors
        return f"the broker refuses a connection: {error.__class__.__name__}: {error}"
    return None


CHECKS = {"web": web_check, "worker": worker_check, "beat": beat_check}


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in CHECKS:
        print(f"usage: python -m cameramap.ops.health {'|'.join(CHECKS)}", file=sys.stderr)
        return 2
    reason = CHECKS[argv[0]]()
    if reason:
        print(f"unhealthy: {reason}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
