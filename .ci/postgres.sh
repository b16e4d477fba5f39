#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on loopback for the PostgreSQL store's tests, installing Debian's
# package if the machine lacks it. Prints the connection URL; the server stops with the CI run (trap).
set -euo pipefail
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi
data=$(mktemp -d /tmp/rspsim-pg.XXXXXX)
chown postgres "$data"
runuser -u postgres -- "$bindir/initdb" -D "$data" -A trust -U postgres >/dev/null
runuser -u postgres -- "$bindir/pg_ctl" -D "$data" -l "$data/server.log" -w \
  -o "-p 55432 -k $data -c listen_addresses=127.0.0.1" start >/dev/null
echo "$data"
