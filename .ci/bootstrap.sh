#!/usr/bin/env bash
# Installs what cameramap needs on Debian 12, as root: Debian packages, then .venv built with
# Debian's /usr/bin/python3 (its sqlite3 can load SpatiaLite), then requirements.txt (run) or
# requirements-test.txt, which adds the tests' packages to it (test).
# Usage: .ci/bootstrap.sh run|test     Re-running it does nothing that is already done.
set -euo pipefail
cd "$(dirname "$0")/.."

purpose=${1:-run}
packages="python3-venv python3-dev gcc gettext gdal-bin libgdal32 libgeos-c1v5 libproj25 libsqlite3-mod-spatialite
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core"  # the last four: WeasyPrint's dossiers
if [ "$purpose" = test ]; then
  packages="$packages postgresql postgresql-15-postgis-3 redis-server chromium osmium-tool poppler-utils nginx-light
    postgresql-15-pgrouting"  # nginx: the caching proxy's tests; pgRouting: the walking routes on PostGIS (docs/routes.md)
fi

missing=()
for package in $packages; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" != 0 ]; then
    echo "Run as root, or install these packages first: ${missing[*]}" >&2
    exit 1
  fi
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if [ ! -x .venv/bin/python ]; then
  echo "==> building .venv with /usr/bin/python3"
  /usr/bin/python3 -m venv .venv
fi
# The stamp holds `sha256sum` lines of the files last installed together: `run` is satisfied by
# an install of requirements-test.txt on the same requirements.txt, and a changed requirements.txt
# drops the test line, so that `test` installs again.
stamp=.venv/.requirements.sha256
files=(requirements.txt)
[ "$purpose" = test ] && files+=(requirements-test.txt)
wanted=$(sha256sum "${files[@]}")
installed=true
while IFS= read -r line; do
  grep -qxF "$line" "$stamp" 2>/dev/null || installed=false
done <<<"$wanted"
if [ "$installed" = false ]; then
  echo "==> installing ${files[-1]}"
  .venv/bin/pip install -q --disable-pip-version-check --upgrade pip
  .venv/bin/pip install -q --disable-pip-version-check -r "${files[-1]}"
  echo "$wanted" > "$stamp"
fi
