"""Production settings refuse to start with unsafe configuration."""

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def load_production(**env_vars) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "CACHE_URL"}}
    env.update(env_vars)
    code = "import cameramap.settings.production as s; print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE)"
    return subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True)


GOOD_KEY = "k" * 16 + "9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c"
EXAMPLE_KEY = next(line.split("=", 1)[1] for line in (ROOT / ".env.example").read_text().splitlines()
                   if line.startswith("SECRET_KEY="))
REDIS = "redis://127.0.0.1:6379/1"


@pytest.mark.parametrize(
    "env_vars, complaint",
    [
        ({"ALLOWED_HOSTS": "cameras.example.org", "CACHE_URL": REDIS}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": GOOD_KEY, "CACHE_URL": REDIS}, "ALLOWED_HOSTS must be set"),
        ({"SECRET_KEY": "short", "ALLOWED_HOSTS": "cameras.example.org", "CACHE_URL": REDIS}, "at least 32 characters"),
        ({"SECRET_KEY": EXAMPLE_KEY, "ALLOWED_HOSTS": "cameras.example.org", "CACHE_URL": REDIS}, "random string"),
        ({"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "*", "CACHE_URL": REDIS}, "not '*'"),
        ({"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "cameras.example.org"}, "CACHE_URL must be set"),
        ({"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "cameras.example.org", "CACHE_URL": "locmemcache://"}, "must point at Redis"),
    ],
)
def test_production_refuses_unsafe_configuration(env_vars, complaint):
    result = load_production(**env_vars)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and complaint in result.stderr


def test_production_starts_with_secrets_and_secure_defaults():
    result = load_production(SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="cameras.example.org", CACHE_URL=REDIS)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True"]


def test_production_serves_the_collected_static_files_itself(tmp_path):
    """WhiteNoise, out of STATIC_ROOT as the image's build collected it, readable by all (the image
    runs as another user than the one that collected them)."""
    code = """
import os, django; django.setup()
from django.conf import settings
from django.core.management import call_command
from django.test import Client
call_command("collectstatic", "--noinput", "-v0")
response = Client().get("/static/cameramap/site.css", secure=True, HTTP_HOST="cameras.example.org")
print(response.status_code, response["Content-Type"], oct(os.stat(settings.STATIC_ROOT / "cameramap" / "site.css").st_mode & 0o777))
"""
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "CACHE_URL"}}
    env.update(DJANGO_SETTINGS_MODULE="cameramap.settings.production", SECRET_KEY=GOOD_KEY,
               ALLOWED_HOSTS="cameras.example.org", CACHE_URL=REDIS, STATIC_ROOT=str(tmp_path / "static"))
    result = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["200", "text/css;", "charset=\"utf-8\"", "0o644"]


def test_database_url_picks_the_backend():
    code = "from django.conf import settings as s; print(s.DATABASES['default']['ENGINE'])"
    for url, engine in [
        ("postgis://u:p@db:5432/cameramap", "django.contrib.gis.db.backends.postgis"),
        ("spatialite:////tmp/x.sqlite3", "django.contrib.gis.db.backends.spatialite"),
    ]:
        env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "cameramap.settings.base"}
        result = subprocess.run([sys.executable, "-c", "import django; django.setup(); " + code], env=env, cwd=ROOT,
                                capture_output=True, text=True)
        assert result.stdout.strip() == engine, result.stderr
