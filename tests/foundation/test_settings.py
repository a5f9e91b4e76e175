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
REDIS = "redis://127.0.0.1:6379/1"


@pytest.mark.parametrize(
    "env_vars, complaint",
    [
        ({"ALLOWED_HOSTS": "cameras.example.org", "CACHE_URL": REDIS}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": GOOD_KEY, "CACHE_URL": REDIS}, "ALLOWED_HOSTS must be set"),
        ({"SECRET_KEY": "short", "ALLOWED_HOSTS": "cameras.example.org", "CACHE_URL": REDIS}, "at least 32 characters"),
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
