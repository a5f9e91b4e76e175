"""The production description read as files. The stack itself is brought up, checked and taken
down by `make compose-test` (.ci/compose-test.sh), the last step of `make test`."""

import re
from pathlib import Path

import yaml
from django.conf import settings

from tests.conftest import ROOT

COMPOSE_TEXT = (ROOT / "docker-compose.yml").read_text()
COMPOSE = yaml.safe_load(COMPOSE_TEXT)
DOCKERFILE = (ROOT / "Dockerfile").read_text()
ENV_EXAMPLE = dict(
    line.split("=", 1) for line in (ROOT / ".env.example").read_text().splitlines() if line and not line.startswith("#")
)
APP_SERVICES = ("migrate", "web", "worker", "beat")
LONG_RUNNING = ("db", "redis", "web", "worker", "beat")
# Read by docker compose itself, not by the site: where the settings file is, the published port.
COMPOSE_ONLY = {"CAMERAMAP_ENV_FILE", "WEB_PORT", "PROXY_PORT", "POSTGRES_PASSWORD"}


def test_compose_runs_the_whole_product_from_one_image_built_once():
    services = COMPOSE["services"]
    assert {"db", "redis", "web", "worker", "beat", "migrate"} <= set(services)
    images = {services[name]["image"] for name in APP_SERVICES}
    assert len(images) == 1 and images.pop().startswith("cameramap:")
    assert [name for name, service in services.items() if "build" in service] == ["migrate"]
    assert services["migrate"]["build"] == "."
    assert services["db"]["image"].startswith("postgis/postgis")
    assert services["redis"]["image"].startswith("redis:")


def test_every_long_running_service_has_a_healthcheck():
    services = COMPOSE["services"]
    for name in LONG_RUNNING:
        assert services[name]["healthcheck"]["test"], name
    for name in ("web", "worker", "beat"):
        assert services[name]["healthcheck"]["test"][-3:] == ["-m", "cameramap.ops.health", name]
    assert "healthcheck" not in services["migrate"]  # it runs once and exits


def test_migrations_complete_before_web_worker_and_beat_start():
    services = COMPOSE["services"]
    assert services["migrate"]["depends_on"] == {"db": {"condition": "service_healthy"}}
    for name in ("web", "worker", "beat"):
        assert services[name]["depends_on"] == {
            "db": {"condition": "service_healthy"},
            "redis": {"condition": "service_healthy"},
            "migrate": {"condition": "service_completed_successfully"},
        }, name


def test_compose_volumes_are_declared():
    declared = set(COMPOSE["volumes"])
    for service in COMPOSE["services"].values():
        for volume in service.get("volumes", []):
            name = volume.split(":")[0]
            if not name.startswith((".", "/")):
                assert name in declared


def test_compose_variables_come_from_env_example_or_are_documented():
    used = set(re.findall(r"\$\{(\w+)", COMPOSE_TEXT))
    operations = (ROOT / "docs" / "operations.md").read_text()
    assert used <= set(ENV_EXAMPLE) | COMPOSE_ONLY
    assert all(f"`{name}`" in operations for name in used)
    assert {"SECRET_KEY", "ALLOWED_HOSTS"} <= set(ENV_EXAMPLE)


def test_every_variable_the_compose_file_sets_is_read_by_the_settings():
    settings_source = "".join(p.read_text() for p in (ROOT / "cameramap" / "settings").glob("*.py"))
    environment = COMPOSE["services"]["web"]["environment"]
    for name in [*environment, *ENV_EXAMPLE]:
        if name == "DJANGO_SETTINGS_MODULE" or name in COMPOSE_ONLY:
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


def test_the_final_image_stage_has_no_compiler_and_does_not_run_as_root():
    stages = dict(re.findall(r"^FROM (\S+(?: AS \S+)?)\n(.*?)(?=^FROM |\Z)", DOCKERFILE, flags=re.M | re.S))
    assert list(stages) == ["debian:12-slim AS runtime", "runtime AS build", "runtime"]
    compiler = re.compile(r"\b(gcc|g\+\+|build-essential|python3-dev|gettext)\b")
    assert compiler.search(stages["runtime AS build"])
    assert not compiler.search(stages["debian:12-slim AS runtime"]) and not compiler.search(stages["runtime"])
    final = stages["runtime"]
    assert "COPY --from=build /venv /venv" in final
    user = re.findall(r"^USER (\S+)", final, flags=re.M)
    assert user and user[-1] not in {"root", "0"}
    assert "requirements-test.txt" not in DOCKERFILE
