#!/usr/bin/env bash
# Makes sure PostgreSQL with PostGIS and Redis answer on 127.0.0.1, starting them when they are
# down, and that the test role and database exist. Settings: PG_DB, PG_USER, PG_PASSWORD.
set -euo pipefail

PG_USER=${PG_USER:-cameramap}
PG_PASSWORD=${PG_PASSWORD:-cameramap}
PG_DB=${PG_DB:-cameramap}

wait_until() {  # wait_until SECONDS COMMAND...
  local deadline=$((SECONDS + $1)); shift
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.5
  done
}

if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "==> starting PostgreSQL"
  version=$(ls /etc/postgresql | sort -n | tail -n 1)
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  wait_until 60 pg_isready -q -h 127.0.0.1 -p 5432 || { echo "PostgreSQL did not start" >&2; exit 1; }
fi

as_postgres() { runuser -u postgres -- psql -v ON_ERROR_STOP=1 -qtA "$@"; }
if [ "$(as_postgres -c "SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER'")" != 1 ]; then
  echo "==> creating PostgreSQL role $PG_USER"
  # Superuser, so that test databases get the postgis extension by themselves.
  as_postgres -c "CREATE ROLE $PG_USER LOGIN SUPERUSER PASSWORD '$PG_PASSWORD'"
fi
if [ "$(as_postgres -c "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")" != 1 ]; then
  as_postgres -c "CREATE DATABASE $PG_DB OWNER $PG_USER"
fi
as_postgres -d "$PG_DB" -c "CREATE EXTENSION IF NOT EXISTS postgis"

if ! redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; then
  echo "==> starting Redis"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/cameramap-test.log
  wait_until 30 redis-cli -h 127.0.0.1 -p 6379 ping || { echo "Redis did not start" >&2; exit 1; }
fi
