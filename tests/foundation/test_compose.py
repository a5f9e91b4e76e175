"""No Docker engine runs here, so the production description is checked by reading it."""

import re
from pathlib import Path

import yaml
from django.conf import settings

from tests.conftest import ROOT

COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
DOCKERFILE = (ROOT / "Dockerfile").read_text()
ENV_EXAMPLE = dict(
    line.split("=", 1) for line in (ROOT / ".env.example").read_text().splitlines() if line and not line.startswith("#")
)


def test_compose_runs_the_whole_product_from_one_image():
    services = COMPOSE["services"]
    assert {"db", "redis", "web", "worker", "beat", "migrate"} <= set(services)
    app_services = [services[name] for name in ("web", "worker", "beat", "migrate")]
    assert {s["image"] for s in app_services} == {"cameramap:latest"}
    assert all(s["build"] == "." for s in app_services)
    assert services["db"]["image"].startswith("postgis/postgis")


def test_compose_volumes_are_declared():
    declared = set(COMPOSE["volumes"])
    for service in COMPOSE["services"].values():
        for volume in service.get("volumes", []):
            name = volume.split(":")[0]
            if not name.startswith((".", "/")):
                assert name in declared


def test_compose_variables_come_from_env_example():
    used = set(re.findall(r"\$\{(\w+)\}", (ROOT / "docker-compose.yml").read_text()))
    assert used <= set(ENV_EXAMPLE)
    assert {"SECRET_KEY", "ALLOWED_HOSTS"} <= set(ENV_EXAMPLE)


def test_every_variable_the_compose_file_sets_is_read_by_the_settings():
    settings_source = "".join(p.read_text() for p in (ROOT / "cameramap" / "settings").glob("*.py"))
    environment = COMPOSE["services"]["web"]["environment"]
    for name in [*environment, *ENV_EXAMPLE]:
        if name in {"DJANGO_SETTINGS_MODULE", "POSTGRES_PASSWORD"}:
            continue
        assert f'"{name}"' in settings_source, f"{name} is set but no setting reads it"


def test_commands_match_the_project():
    services = COMPOSE["services"]
    assert services["web"]["command"][:2] == ["gunicorn", settings.WSGI_APPLICATION.rsplit(".", 1)[0] + ":application"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "cameramap", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "cameramap", "beat"]
    assert "cameramap.settings.production" in DOCKERFILE
    assert services["web"]["environment"]["DJANGO_SETTINGS_MODULE"] == "cameramap.settings.production"
    assert Path(ROOT / "cameramap" / "celery.py").exists()
