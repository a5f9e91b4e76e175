"""What of a checkout may reach the Docker image: the build context after .dockerignore, computed
with docker-py's implementation of Docker's rules (the compose test looks inside the built image)."""

from pathlib import Path

from docker.utils.build import exclude_paths

from tests.conftest import ROOT

PATTERNS = [
    line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines() if line.strip() and not line.startswith("#")
]

# What a developer's checkout holds besides the code: secrets, local state, tests and their artefacts.
KEPT_OUT = [
    ".env", ".env.local", ".env.production", "cameramap/settings/.env", "api/.env.backup",
    ".venv/bin/python", "var/cameramap.sqlite3", "var/media/photos/a.jpg", "var/private/originals/b.jpg",
    "var/backups/cameramap-20261201T000000Z.tar.gz", ".git/config", ".pytest_cache/v/cache/lastfailed",
    ".hypothesis/examples/x", "tests/conftest.py", "benchmarks/RESULTS.md", "docs/operations.md",
    "docker-compose.yml", "requirements-test.txt", "README.md", "cameramap/__pycache__/urls.cpython-311.pyc",
    "cameramap/locale/sr/LC_MESSAGES/django.mo", "cameramap/dev.sqlite3", "static/node_modules/x/index.js",
    "staticfiles/cameramap/site.css", "media/x.jpg", ".ci/test.sh",
]
# What the Dockerfile copies and needs.
KEPT_IN = [
    "manage.py", "requirements.txt", "cameramap/__init__.py", "cameramap/settings/production.py",
    "cameramap/locale/sr/LC_MESSAGES/django.po", "api/urls.py", "static/cameramap/site.css",
]


def _context(root: Path) -> set[str]:
    """Files of the build context (Docker always sends the Dockerfile and .dockerignore too)."""
    return {path for path in exclude_paths(str(root), list(PATTERNS)) if (root / path).is_file()}


def test_the_context_keeps_out_secrets_state_and_tests(tmp_path):
    (tmp_path / ".dockerignore").write_text((ROOT / ".dockerignore").read_text())
    for name in KEPT_OUT + KEPT_IN:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("SECRET_KEY=must-not-reach-an-image\n")

    assert _context(tmp_path) == set(KEPT_IN) | {".dockerignore"}


def test_this_checkouts_context_holds_no_env_file_and_no_var():
    context = _context(ROOT)

    assert not [path for path in context if Path(path).name.startswith(".env")]
    assert not [path for path in context if path.split("/")[0] in {"var", ".venv", ".git", "tests", "benchmarks"}]
    assert {"manage.py", "requirements.txt", "cameramap/settings/base.py", "api/urls.py"} <= context
