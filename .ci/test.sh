#!/usr/bin/env bash
# `make test`: the whole suite on PostGIS + Redis + a real Celery worker, then again on the
# embedded default (SpatiaLite + on-disk broker), then the production compose stack
# (.ci/compose-test.sh). Extra arguments go to both pytest runs.
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

# This run's own Celery queue: a worker left over from an interrupted run cannot take its tasks.
export CELERY_QUEUE="cameramap-test-$$"
# Each run's summary is kept, so the end of the output names every failure of both runs.
postgis_log=var/test-postgis.log
embedded_log=var/test-embedded.log

echo "==> suite on PostGIS + Redis"
DATABASE_URL=$pg_url CELERY_BROKER_URL="redis://127.0.0.1:6379/${TEST_REDIS_DB:-15}" \
  .venv/bin/pytest "$@" 2>&1 | tee "$postgis_log"
postgis_rc=${PIPESTATUS[0]}

echo "==> suite on the embedded default (SpatiaLite + on-disk broker)"
rm -rf var/test-broker
DATABASE_URL="spatialite:///$PWD/var/test-embedded.sqlite3" CELERY_BROKER_URL=filesystem:// \
  BROKER_DIR="$PWD/var/test-broker" .venv/bin/pytest "$@" 2>&1 | tee "$embedded_log"
embedded_rc=${PIPESTATUS[0]}

echo "==> the production compose stack (make compose-test)"
compose_log=var/test-compose.log
.ci/compose-test.sh 2>&1 | tee "$compose_log"
compose_rc=${PIPESTATUS[0]}

if [ $postgis_rc -ne 0 ] || [ $embedded_rc -ne 0 ] || [ $compose_rc -ne 0 ]; then
  for log in "$postgis_log" "$embedded_log"; do
    echo "--- failures in $log:" >&2
    grep -E "^(FAILED|ERROR) " "$log" >&2 || echo "(none listed)" >&2
  done
  echo "--- compose test: $(grep -E "^(FAILED|==> compose test: (FAILED|SKIPPED|passed))" "$compose_log" | tr '\n' ' ')" >&2
  echo "FAILED: PostGIS run exit $postgis_rc, embedded run exit $embedded_rc, compose test exit $compose_rc" >&2
  exit 1
fi
