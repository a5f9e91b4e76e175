"""Settings for the test suite: the same as base, with a private broker and fast hashing."""

from .base import *  # noqa: F401,F403
from .base import DATABASES, VAR_DIR, env

SECRET_KEY = "test-only-secret"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
if DATABASES["default"]["ENGINE"].endswith("spatialite"):
    # A file, not :memory:, so a real Celery worker process can open the test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-cameramap.sqlite3")}

# Uploaded files go to a private temporary folder, removed when the test process ends. The
# folders are put in the environment so a worker process started by the tests shares them.
import atexit  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

if "CAMERAMAP_TEST_FILES" not in os.environ:
    _files = tempfile.mkdtemp(prefix="cameramap-test-")
    os.environ["CAMERAMAP_TEST_FILES"] = _files
    atexit.register(shutil.rmtree, _files, ignore_errors=True)
MEDIA_ROOT = Path(os.environ["CAMERAMAP_TEST_FILES"]) / "media"
PRIVATE_MEDIA_ROOT = Path(os.environ["CAMERAMAP_TEST_FILES"]) / "private"
AXES_ENABLED = False  # the test client logs in without a request; tests of axes turn it on
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
SILENCED_SYSTEM_CHECKS = ["gis.W001", "axes.W001"]  # one test process: a local-memory cache is right
