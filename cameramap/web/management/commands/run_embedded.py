"""`make run`: migrate, load the demo once, then serve the site and run a Celery worker (with
its beat) on the on-disk broker, until Ctrl-C (or SIGTERM, or SIGHUP) stops both.

The server and the worker run in sessions of their own, so that a Ctrl-C in the terminal reaches
this process alone, which stops them in order: SIGTERM to each, which for the worker is Celery's
warm shutdown (a task that has begun is finished), then, after STOP_TIMEOUT_S or at once when
Ctrl-C comes a second time, SIGKILL to whatever is left of each one's process group (the worker's
pool and its beat are in the worker's group). Further signals never interrupt the stop: they are
caught by the same handler, which only records them. So no process started here outlives it —
not when `make` passes its own SIGTERM on after the one the process group got, not when an
impatient person presses Ctrl-C twice."""

import os
import signal
import socket
import subprocess
import sys
import threading
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from cameramap.moderation.accounts import moderator_ensure

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
STOP_TIMEOUT_S = 30  # how long the server and the worker may take to stop before they are killed
READY_TIMEOUT_S = 120  # how long the server may take to accept connections


class StopRequest:
    """The signal handler. The first stop signal asks for a stop; a second Ctrl-C insists (what is
    still running is killed at once). A second SIGTERM or SIGHUP changes nothing: `make` forwards
    the SIGTERM its process group got, so one request often arrives twice."""

    def __init__(self):
        self.asked = threading.Event()
        self.insisted = threading.Event()

    def __call__(self, signum, frame):
        if self.asked.is_set() and signum == signal.SIGINT:
            self.insisted.set()
        self.asked.set()


def _serving(host: str, port: int) -> bool:
    address = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)
    try:
        with socket.create_connection((address, port), timeout=1):
            return True
    except OSError:
        return False


def _group_kill(process: subprocess.Popen) -> None:
    """SIGKILL to the process's group (its own: it was started in a session of its own)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass  # the whole group has ended


class Command(BaseCommand):
    help = "Serve cameramap with demo data on the embedded default (SpatiaLite + on-disk broker)."

    def handle(self, *args, **options):
        host, port = os.environ.get("HOST", "127.0.0.1"), int(os.environ.get("PORT", "8000"))
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        if any(settings.LOCALE_PATHS[0].glob("*/LC_MESSAGES/*.po")):
            call_command("compilemessages", verbosity=0, ignore_patterns=[".venv"])
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        self._moderator()
        call_command("demo_load", reports_by="moderator")
        call_command("demo_streets_load")  # streets under watch: central Helsinki, a second demo city

        # From here on a stop signal is only recorded, so that nothing can interrupt starting the
        # children or stopping them.
        stop = StopRequest()
        for signum in STOP_SIGNALS:
            signal.signal(signum, stop)
        children: list[subprocess.Popen] = []
        try:
            self._serve(host, port, stop, children)
        finally:
            self._stop(children, stop)

    def _serve(self, host: str, port: int, stop: StopRequest, children: list) -> None:
        var = settings.VAR_DIR
        with open(var / "worker.log", "ab") as log:
            worker = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "cameramap", "worker", "--beat", "--loglevel=INFO",
                 "--concurrency=2", f"--schedule={var / 'celerybeat-schedule'}"],
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )
        children.append(worker)
        web = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"{host}:{port}", "--insecure", "--noreload"],
            cwd=settings.BASE_DIR, start_new_session=True,
        )
        children.append(web)
        deadline = time.monotonic() + READY_TIMEOUT_S
        while not _serving(host, port):
            if stop.asked.wait(0.2):
                return
            if web.poll() is not None or time.monotonic() > deadline:
                raise CommandError(f"The web server did not start on {host}:{port} (is the port taken?)")
        shown_host = f"[{host}]" if ":" in host else host
        self.stdout.write(self.style.SUCCESS(f"\ncameramap is at http://{shown_host}:{port}/  (Ctrl-C stops it)"))
        self.stdout.write(f"Celery worker log: {var / 'worker.log'}\n")
        self.stdout.flush()
        while not stop.asked.wait(0.5):
            for child, name in ((worker, "Celery worker"), (web, "web server")):
                if child.poll() is not None:
                    raise CommandError(f"The {name} ended by itself (exit status {child.returncode}); "
                                       f"see {var / 'worker.log'}")

    def _stop(self, children: list[subprocess.Popen], stop: StopRequest) -> None:
        if not children:
            return
        self.stdout.write("Stopping the server and the worker… (Ctrl-C again stops them at once)")
        self.stdout.flush()
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)  # the main process alone: the worker's warm shutdown
        deadline = time.monotonic() + STOP_TIMEOUT_S
        while any(child.poll() is None for child in children) and time.monotonic() < deadline:
            if stop.insisted.wait(0.1):
                break
        for child in children:
            _group_kill(child)  # what is left: a child that did not stop in time, the worker's pool or beat
            child.wait()
        self.stdout.write("Stopped.")

    def _moderator(self) -> None:
        password = os.environ.get("DEMO_PASSWORD") or None
        stored = settings.VAR_DIR / "demo-password.txt"
        if password is None and stored.exists():
            password = stored.read_text().strip()
        _user, password = moderator_ensure(username="moderator", password=password)
        if password:
            stored.write_text(password + "\n")
            stored.chmod(0o600)
        self.stdout.write(f"Demo moderator: moderator / {password}  (also in {stored})")
