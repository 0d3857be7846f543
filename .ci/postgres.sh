# Sourced by .ci/run: a throw-away PostgreSQL cluster for the tests that need
# one (docs/postgresql.md). Installs Debian's `postgresql` package if missing,
# starts a cluster in a temporary folder (as the `postgres` user when run as
# root), trusting connections from 127.0.0.1 only, and exports
# TEST_DATABASE_URL. The cluster is stopped and its folder removed at exit.
# Also usable by hand: `source .ci/postgres.sh && npm test`.

pg_bin_dir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

if [ -z "$(pg_bin_dir)" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  # The package's own cluster (5432) may start or not: this script uses its own.
  apt-get install -y --no-install-recommends postgresql
fi
PG_BIN=$(pg_bin_dir || true)
if [ -z "$PG_BIN" ]; then
  echo "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): the PostgreSQL tests cannot run." >&2
  return 1 2>/dev/null || exit 1
fi

# Run as the postgres user when we are root (initdb refuses root); as ourselves otherwise.
if [ "$(id -u)" = 0 ]; then
  pg_as() { runuser -u postgres -- "$@"; }
else
  pg_as() { "$@"; }
fi

# A fixed port, or the next free one if something else holds it.
PG_PORT=${PG_PORT:-55432}
for _ in $(seq 1 20); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$PG_PORT") 2>/dev/null; then break; fi
  PG_PORT=$((PG_PORT + 1))
done

PG_DIR=$(mktemp -d /tmp/factcheck-pg.XXXXXX)
[ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"
pg_as "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U postgres --no-sync >"$PG_DIR/initdb.log" 2>&1 || {
  cat "$PG_DIR/initdb.log" >&2
  return 1 2>/dev/null || exit 1
}

stop_test_postgres() {
  pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
trap stop_test_postgres EXIT

# Durability is not the point of a throw-away cluster: fsync off makes the suite's many small transactions cheap.
pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w -t 60 \
  -o "-p $PG_PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >/dev/null || {
  cat "$PG_DIR/log" >&2
  return 1 2>/dev/null || exit 1
}
"$PG_BIN/pg_isready" -h 127.0.0.1 -p "$PG_PORT" -t 30 >/dev/null

export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') for the tests: $TEST_DATABASE_URL"
