#!/bin/sh
# As the official image: arguments that are options go to redis-server; the server runs as redis
# in /data, with protected mode off (the official image compiles that default in).
set -eu
case "${1:-}" in -*) set -- redis-server "$@" ;; esac
if [ "${1:-}" = redis-server ] && [ "$(id -u)" = 0 ]; then
  chown -R redis:redis /data
  shift
  config=
  case "${1:-}" in -* | "") ;; *) config=$1; shift ;; esac  # a configuration file comes first
  exec setpriv --reuid=redis --regid=redis --init-groups redis-server $config --protected-mode no "$@"
fi
exec "$@"
