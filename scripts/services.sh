#!/usr/bin/env bash
# Starts a throwaway PostgreSQL and Redis on 127.0.0.1 for tests, CI and `npm run cluster`, unless
# they already answer on their ports. Installs the Debian packages when missing (quietly, once).
# Prints shell assignments for the URLs on stdout: eval "$(scripts/services.sh)".
# PostgreSQL refuses to run as root, so its cluster belongs to the `postgres` user.
set -euo pipefail

dir=${SERVICES_DIR:-/tmp/briefing-bot-services}
pg_port=${PG_PORT:-55432}
redis_port=${REDIS_PORT:-56379}
mkdir -p "$dir"

need=()
command -v redis-server >/dev/null || need+=(redis-server)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]} (apt-get)…" >&2
  # Debian's packages start their own servers through policy-rc.d; ours run on other ports anyway.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >"$dir/apt.log" 2>&1 ||
    { DEBIAN_FRONTEND=noninteractive apt-get update -qq >>"$dir/apt.log" 2>&1 &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >>"$dir/apt.log" 2>&1; } ||
    { echo "could not install ${need[*]}; see $dir/apt.log" >&2; exit 1; }
fi
pg_bin=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")

# Starts a daemon with this script's inherited files closed: a daemon outlives the script, and an
# inherited `flock` file (flock lockfile npm test) would otherwise stay locked until it stops.
detached() (
  for fd in /proc/"$BASHPID"/fd/*; do
    n=${fd##*/}
    if [ "$n" -gt 2 ] && [ "$n" -lt 255 ]; then eval "exec $n>&-" 2>/dev/null || true; fi
  done
  "$@"
)

as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

if ! "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$pg_port"; then
  pgdata="$dir/pg"
  if [ ! -f "$pgdata/PG_VERSION" ]; then
    mkdir -p "$pgdata"
    [ "$(id -u)" = 0 ] && chown postgres "$dir" "$pgdata"
    as_postgres "$pg_bin/initdb" -D "$pgdata" -U postgres --auth=trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 ||
      { echo "initdb failed; see $dir/initdb.log" >&2; exit 1; }
  fi
  # Small buffers and no fsync: a disposable server for tests and trials, not for data you keep.
  detached as_postgres "$pg_bin/pg_ctl" -D "$pgdata" -l "$dir/postgres.log" -w -t 30 start \
    -o "-h 127.0.0.1 -p $pg_port -k $pgdata -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >/dev/null ||
    { echo "PostgreSQL did not start; see $dir/postgres.log" >&2; exit 1; }
fi

if ! redis-cli -h 127.0.0.1 -p "$redis_port" ping >/dev/null 2>&1; then
  detached redis-server --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no --daemonize yes \
    --dir "$dir" --logfile "$dir/redis.log" --pidfile "$dir/redis.pid" >/dev/null
  for _ in $(seq 50); do redis-cli -h 127.0.0.1 -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  redis-cli -h 127.0.0.1 -p "$redis_port" ping >/dev/null 2>&1 || { echo "Redis did not start; see $dir/redis.log" >&2; exit 1; }
fi

echo "TEST_DATABASE_URL=postgres://postgres@127.0.0.1:$pg_port/postgres"
echo "TEST_REDIS_URL=redis://127.0.0.1:$redis_port"
