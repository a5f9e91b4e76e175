#!/usr/bin/env bash
# `make test`: the whole suite on PostGIS + Redis + a real Celery worker, then again on the
# embedded default (SpatiaLite + on-disk broker). Extra arguments go to both pytest runs.
set -uo pipefail
cd "$(dirname "$0")/.."

.ci/bootstrap.sh test || exit 1
.ci/services.sh || exit 1

export DJANGO_SETTINGS_MODULE=cameramap.settings.test
pg_url="postgis://${PG_USER:-cameramap}:${PG_PASSWORD:-cameramap}@127.0.0.1:5432/${PG_DB:-cameramap}"
mkdir -p var
if compgen -G "cameramap/locale/*/LC_MESSAGES/*.po" >/dev/null; then
  .venv/bin/python manage.py compilemessages -v0 --ignore=.venv || exit 1
fi

echo "==> suite on PostGIS + Redis"
DATABASE_URL=$pg_url CELERY_BROKER_URL="redis://127.0.0.1:6379/${TEST_REDIS_DB:-15}" \
  .venv/bin/pytest "$@"
postgis_rc=$?

echo "==> suite on the embedded default (SpatiaLite + on-disk broker)"
rm -rf var/test-broker
DATABASE_URL="spatialite:///$PWD/var/test-embedded.sqlite3" CELERY_BROKER_URL=filesystem:// \
  BROKER_DIR="$PWD/var/test-broker" .venv/bin/pytest "$@"
embedded_rc=$?

if [ $postgis_rc -ne 0 ] || [ $embedded_rc -ne 0 ]; then
  echo "FAILED: PostGIS run exit $postgis_rc, embedded run exit $embedded_rc" >&2
  exit 1
fi
