"""`make run`: migrate, load the demo once, then serve the site and run a Celery worker (with
its beat) on the on-disk broker, until Ctrl-C stops both."""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from cameramap.moderation.accounts import moderator_ensure


def _interrupt(signum, frame):
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = "Serve cameramap with demo data on the embedded default (SpatiaLite + on-disk broker)."

    def handle(self, *args, **options):
        host, port = os.environ.get("HOST", "127.0.0.1"), os.environ.get("PORT", "8000")
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        if any(settings.LOCALE_PATHS[0].glob("*/LC_MESSAGES/*.po")):
            call_command("compilemessages", verbosity=0, ignore_patterns=[".venv"])
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        self._moderator()
        call_command("demo_load", reports_by="moderator")

        var = settings.VAR_DIR
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "cameramap", "worker", "--beat", "--loglevel=INFO",
             "--concurrency=2", f"--schedule={var / 'celerybeat-schedule'}"],
            stdout=open(var / "worker.log", "ab"), stderr=subprocess.STDOUT, start_new_session=True,
        )
        web = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"{host}:{port}", "--insecure", "--noreload"],
            start_new_session=True,
        )
        shown_host = f"[{host}]" if ":" in host else host
        self.stdout.write(self.style.SUCCESS(f"\ncameramap is at http://{shown_host}:{port}/  (Ctrl-C stops it)"))
        self.stdout.write(f"Celery worker log: {var / 'worker.log'}\n")
        # SIGTERM (e.g. from `timeout` or a service manager) stops both as Ctrl-C does.
        signal.signal(signal.SIGTERM, _interrupt)
        try:
            while web.poll() is None and worker.poll() is None:
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            for process in (web, worker):
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
            for process in (web, worker):
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
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
