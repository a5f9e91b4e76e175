import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyogrio  # noqa: F401 - see below
import pytest
from django.conf import settings
from django.utils import translation

from tests.browser import browser, browser_context, browser_tests_last, new_page  # noqa: F401

# Tests read GeoPackages back with pyogrio, which brings its own GDAL, PROJ and SQLite: loaded
# here, before any database connection, because on SpatiaLite SQLite loads mod_spatialite with
# RTLD_GLOBAL, and a GDAL loaded after that binds to the system's PROJ/SQLite symbols instead of
# its own and crashes. (The application itself writes GeoPackages with the GDAL GeoDjango loads.)

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def cache_empty():
    """Each test starts with an empty cache. The tests share one process's local-memory cache,
    and the versions in cache keys (cache_versions.py) start again at the same number after the
    tables are emptied: figures an earlier test cached for its districts would be read back."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def language_reset():
    """Each test starts in the site's default language. A request in Serbian through the test
    client leaves Serbian active in this thread (LocaleMiddleware activates it and nothing turns
    it off), and a later test that reads an English message would read it in Serbian."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _fixtures() -> Path:
    """The shared fixtures (photos, OSM data): $CAMERAMAP_FIXTURES if set; else ../shared/fixtures
    beside this checkout; else beside the repository this one was cloned from (a clone made in
    /tmp to check that a fresh checkout passes)."""
    if os.environ.get("CAMERAMAP_FIXTURES"):
        return Path(os.environ["CAMERAMAP_FIXTURES"])
    beside = ROOT.parent / "shared" / "fixtures"
    origin = subprocess.run(["git", "-C", str(ROOT), "config", "--get", "remote.origin.url"],
                            capture_output=True, text=True, check=False).stdout.strip()
    if not beside.is_dir() and origin and Path(origin).is_dir():
        return Path(origin).resolve().parent / "shared" / "fixtures"
    return beside


FIXTURES = _fixtures()


def on_spatialite() -> bool:
    return settings.DATABASES["default"]["ENGINE"].endswith("spatialite")


@pytest.hookimpl(trylast=True)  # after pytest-django has put the transactional tests last
def pytest_collection_modifyitems(config, items):
    browser_tests_last(items)
    if not on_spatialite():
        return
    skip = pytest.mark.skip(reason="needs PostGIS; this run is on the embedded SpatiaLite default")
    for item in items:
        if "postgis" in item.keywords:
            item.add_marker(skip)


def wait_for(predicate, timeout: float = 30, interval: float = 0.2):
    """Poll until predicate() is truthy; return its value, or fail the test after timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(f"condition not met within {timeout} s")


@pytest.fixture
def fixture_path():
    def path(*parts: str) -> Path:
        return FIXTURES.joinpath(*parts)

    return path


def database_url(settings_dict: dict) -> str:
    """The URL of the database the tests use (the test database), for another process."""
    if settings_dict["ENGINE"].endswith("spatialite"):
        return f"spatialite:///{settings_dict['NAME']}"
    user, password = settings_dict.get("USER", ""), settings_dict.get("PASSWORD", "")
    host, port = settings_dict.get("HOST") or "127.0.0.1", settings_dict.get("PORT") or 5432
    return f"postgis://{user}:{password}@{host}:{port}/{settings_dict['NAME']}"


def _die_with_parent() -> None:
    """In the child, before exec: ask Linux to end it when the test process goes, so that a test
    run that is killed leaves no worker behind to take the next run's tasks."""
    import ctypes

    PR_SET_PDEATHSIG = 1
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class WorkerProcess:
    """A real `celery worker` in its own process, on the test database and the test broker."""

    def __init__(self, log_path: Path, env: dict):
        self.log_path = log_path
        self.env = env
        self.process: subprocess.Popen | None = None

    def start(self, concurrency: int = 2, beat: bool = False, purge: bool = True) -> None:
        celery = [sys.executable, "-m", "celery", "-A", "cameramap"]
        if purge:
            subprocess.run([*celery, "purge", "-f"], env=self.env, cwd=ROOT, check=True, capture_output=True)
        self.log_path.write_text("")
        extra = ["--beat", f"--schedule={self.log_path.with_suffix('.beat')}"] if beat else []
        self.process = subprocess.Popen(
            [*celery, "worker", "--loglevel=INFO", f"--concurrency={concurrency}", "--pool=prefork",
             "--without-gossip", "--without-mingle", "--without-heartbeat", f"--hostname=test-{os.getpid()}-{id(self)}@%h",
             *extra],
            env=self.env, cwd=ROOT, stdout=self.log_path.open("ab"), stderr=subprocess.STDOUT, start_new_session=True,
            preexec_fn=_die_with_parent,
        )
        wait_for(lambda: " ready." in self.log_path.read_text() or self.process.poll() is not None, timeout=90)
        if self.process.poll() is not None:
            pytest.fail(f"the Celery worker exited:\n{self.log_path.read_text()[-3000:]}")

    def stop(self, sig=signal.SIGTERM, timeout: float = 120) -> None:
        """SIGTERM goes to the worker's main process alone: Celery's warm shutdown, which lets the
        tasks begun run to their end before it ends its pool (sent to the whole process group,
        it also killed the pool's processes mid-task, their transactions still open). SIGKILL
        goes to the whole group: everything ends at once, tasks and all. Whatever is left after
        ``timeout`` (generous: a photo can take a minute on a busy machine) is killed."""
        if self.process and self.process.poll() is None:
            if sig == signal.SIGKILL:
                os.killpg(self.process.pid, sig)
            else:
                os.kill(self.process.pid, sig)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def log(self) -> str:
        return self.log_path.read_text()


@pytest.fixture(scope="session")
def worker_env(django_db_setup, tmp_path_factory):
    from django.db import connection

    env = dict(os.environ)
    env["DATABASE_URL"] = database_url(connection.settings_dict)
    env["DJANGO_SETTINGS_MODULE"] = "cameramap.settings.test"
    env["PYTHONPATH"] = str(ROOT)
    return env


@pytest.fixture
def celery_worker(worker_env, tmp_path_factory, transactional_db):
    """A real worker for one test, on the test database: the test's data must be committed
    (``@pytest.mark.django_db(transaction=True)``), and the worker is stopped before the test's
    tables are emptied (``transactional_db`` is set up before it, so torn down after it).

    Not one worker for the session: it went on taking the tasks of every test after the first
    that asked for it — the photo's pre-check after the test that waited for the photo, the
    reports the browser tests send through the live server — and on a busy machine was still
    running one when the test ended and its tables were truncated. PostgreSQL then found the
    TRUNCATE and the task's reads waiting on each other's locks and cancelled the TRUNCATE as
    the deadlock's victim: the test failed in its teardown, and the next one found the rows it
    had left. Stopping the worker is a warm shutdown: the tasks it has begun run to their end,
    the messages it has not begun go back to the queue, and the next worker purges them."""
    worker = WorkerProcess(tmp_path_factory.mktemp("worker") / "worker.log", worker_env)
    worker.start()
    yield worker
    worker.stop()


@pytest.fixture
def moderator(django_user_model):
    from cameramap.moderation.accounts import moderator_ensure

    user, _password = moderator_ensure(username="mod", password="mod-password-1")
    return user


@pytest.fixture
def moderator_api(moderator):
    """An API client that speaks as the moderator (token authentication)."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=moderator).key}")
    return client
