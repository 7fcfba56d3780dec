#!/usr/bin/env bash
# A throw-away PostgreSQL server on 127.0.0.1 for the PostgreSQL store's tests and benchmarks.
#
#   eng/postgres.sh start   installs Debian's postgresql package when the server is absent (needs root and apt),
#                           creates a data directory under ${PETITIONOPINION_PG_DIR:-/tmp/petition-opinion-pg}, starts the
#                           server on port ${PETITIONOPINION_PG_PORT:-55432}, creates the database petition_opinion_test,
#                           and prints the connection string (export it as PETITIONOPINION_TEST_POSTGRES).
#   eng/postgres.sh stop    stops the server and deletes the data directory.
#   eng/postgres.sh env     prints the export line for the running server.
#
# The data directory is throw-away: the server trusts local connections and never keeps anything you need.
set -euo pipefail

dir=${PETITIONOPINION_PG_DIR:-/tmp/petition-opinion-pg}
port=${PETITIONOPINION_PG_PORT:-55432}
database=petition_opinion_test

find_bin() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$found" ] && [ -x "$found/postgres" ]; then echo "$found"; return; fi
  if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then dirname "$(command -v pg_ctl)"; return; fi
  echo ""
}

# PostgreSQL refuses to run as root: run its programs as the postgres user then (the Debian package creates it).
as_server_user() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

connection_string() {
  echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=$database;Pooling=true;Maximum Pool Size=50"
}

case "${1:-}" in
  start)
    bin=$(find_bin)
    if [ -z "$bin" ]; then
      echo "PostgreSQL is not installed: installing Debian's postgresql package" >&2
      if [ "$(id -u)" -ne 0 ]; then echo "installing needs root (or install postgresql yourself)" >&2; exit 1; fi
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq >&2
      apt-get install -y -qq postgresql >&2
      bin=$(find_bin)
      [ -n "$bin" ] || { echo "postgresql was installed but its server was not found" >&2; exit 1; }
    fi
    if [ -f "$dir/data/postmaster.pid" ] && as_server_user "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      echo "a server is already running in $dir" >&2
    else
      rm -rf "$dir"
      mkdir -p "$dir/data" "$dir/socket"
      if [ "$(id -u)" -eq 0 ]; then chown -R postgres:postgres "$dir"; fi
      as_server_user "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
      as_server_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir/socket -c max_connections=200" start >&2 \
        || { cat "$dir/server.log" >&2; exit 1; }
    fi
    if ! as_server_user "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc "select 1 from pg_database where datname = '$database'" | grep -q 1; then
      as_server_user "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "create database $database" >&2
    fi
    connection_string
    ;;
  stop)
    bin=$(find_bin)
    if [ -n "$bin" ] && [ -f "$dir/data/postmaster.pid" ]; then
      as_server_user "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
    fi
    rm -rf "$dir"
    ;;
  env)
    echo "export PETITIONOPINION_TEST_POSTGRES='$(connection_string)'"
    ;;
  *)
    echo "usage: $0 start|stop|env" >&2
    exit 2
    ;;
esac
