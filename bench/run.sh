#!/usr/bin/env bash
# Benchmarks hireboard against a trivial endpoint of the same server, in one run:
#   1. builds the release binaries,
#   2. generates N postings once (default 100,000; cached in target/bench-data-N/postings.jsonl)
#      and imports them once per backend: SQLite into target/bench-data-N/db, PostgreSQL and
#      MySQL/MariaDB into a fresh database `hireboard_bench` on the local server (re-imported
#      only when the database is missing or its posting count differs),
#   3. starts `hireboard serve` on a free loopback port on that backend and cache, with the
#      rate limits raised so that the write scenarios measure the write path, not the limiter,
#   4. runs hireboard-bench (64 keep-alive connections by default) and prints the ratios.
#
# Usage: bench/run.sh [POSTINGS] [--backend sqlite|postgres|mysql] [--cache memory|redis]
#                     [--bus in-process|rabbitmq|nats|kafka]
#                     [--db-connections N] [--prepare-only] [hireboard-bench flags...]
# --prepare-only builds and imports, then exits without starting the server.
#   bench/run.sh --backend postgres --cache redis
#   bench/run.sh --backend mysql --scenario job_by_code
#   bench/run.sh --backend postgres --scenario apply --duration-secs 30
#   bench/run.sh --bus rabbitmq --scenario freshness
# Servers (loopback only): PostgreSQL 127.0.0.1:5432 user postgres, MySQL/MariaDB
# 127.0.0.1:3306 user root, Redis 127.0.0.1:6379; override with BENCH_POSTGRES_ADMIN_URL,
# BENCH_MYSQL_ADMIN_URL (server URLs without a database) and BENCH_REDIS_URL. Brokers for
# --bus: RabbitMQ 127.0.0.1:5672 (guest), NATS 127.0.0.1:4222, Kafka (tansu) 127.0.0.1:9092;
# override with BENCH_AMQP_URL, BENCH_NATS_URL and BENCH_KAFKA_URL.
# The server's log goes to target/bench-data-N/server-BACKEND-CACHE-BUS.log at level
# BENCH_SERVER_LOG (default warn).
set -euo pipefail
cd "$(dirname "$0")/.."

postings=100000
backend=sqlite
cache=memory
bus=in-process
db_connections=
prepare_only=
bench_args=()
case "${1:-}" in [0-9]*) postings="$1"; shift ;; esac
while [ $# -gt 0 ]; do
  case "$1" in
    --backend) backend="${2:?--backend needs sqlite, postgres or mysql}"; shift 2 ;;
    --backend=*) backend="${1#*=}"; shift ;;
    --cache) cache="${2:?--cache needs memory or redis}"; shift 2 ;;
    --cache=*) cache="${1#*=}"; shift ;;
    --bus) bus="${2:?--bus needs in-process, rabbitmq, nats or kafka}"; shift 2 ;;
    --bus=*) bus="${1#*=}"; shift ;;
    --db-connections) db_connections="${2:?--db-connections needs a number}"; shift 2 ;;
    --db-connections=*) db_connections="${1#*=}"; shift ;;
    --prepare-only) prepare_only=1; shift ;;
    --postings) postings="${2:?--postings needs a number}"; shift 2 ;;
    *) bench_args+=("$1"); shift ;;
  esac
done
case "$backend" in sqlite|postgres|mysql) ;; *) echo "unknown backend $backend (sqlite, postgres, mysql)" >&2; exit 2 ;; esac
case "$cache" in memory|redis) ;; *) echo "unknown cache $cache (memory, redis)" >&2; exit 2 ;; esac
case "$bus" in
  in-process) bus_url= ;;
  rabbitmq) bus_url="${BENCH_AMQP_URL:-amqp://guest:guest@127.0.0.1:5672/%2f}" ;;
  nats) bus_url="${BENCH_NATS_URL:-nats://127.0.0.1:4222}" ;;
  kafka) bus_url="${BENCH_KAFKA_URL:-kafka://127.0.0.1:9092}" ;;
  *) echo "unknown bus $bus (in-process, rabbitmq, nats, kafka)" >&2; exit 2 ;;
esac

pg_admin="${BENCH_POSTGRES_ADMIN_URL:-postgres://postgres@127.0.0.1:5432}"
my_admin="${BENCH_MYSQL_ADMIN_URL:-mysql://root@127.0.0.1:3306}"
redis_url="${BENCH_REDIS_URL:-redis://127.0.0.1:6379}"
for url in "$pg_admin" "$my_admin" "$redis_url" ${bus_url:+"$bus_url"}; do
  case "$url" in
    *://127.0.0.1[:/]*|*://*@127.0.0.1[:/]*|*://localhost[:/]*|*://*@localhost[:/]*) ;;
    *) echo "refusing non-loopback server URL $url" >&2; exit 2 ;;
  esac
done

# BENCH_PROFILE=profiling: the release build with debug info, for perf (see BENCHMARKS.md).
profile="${BENCH_PROFILE:-release}"
cargo build --profile "$profile" -q -p hireboard -p hireboard-bench
bin="target/$profile"
data="target/bench-data-$postings"
mkdir -p "$data"

postings_file() {
  if [ ! -f "$data/postings.jsonl.complete" ]; then
    echo "generating $postings postings (once; cached in $data/postings.jsonl)" >&2
    "$bin/hireboard" generate --jobs "$postings" --seed 1 --out "$data/postings.jsonl" >&2
    touch "$data/postings.jsonl.complete"
  fi
  echo "$data/postings.jsonl"
}

# Postings in the bench database of a server backend, or nothing if it is missing.
server_count() {
  case "$backend" in
    postgres) psql "$pg_admin/hireboard_bench" -Atqc 'SELECT count(*) FROM postings' 2>/dev/null || true ;;
    mysql) mysql -h 127.0.0.1 -P "${my_admin##*:}" -u root -N -B hireboard_bench \
             -e 'SELECT count(*) FROM postings' 2>/dev/null || true ;;
  esac
}

case "$backend" in
  sqlite)
    database_url="sqlite://$PWD/$data/db/hireboard.db"
    data_dir="$data/db"
    where="embedded SQLite, $data/db"
    if [ ! -f "$data/.complete" ]; then
      rm -rf "$data/db"
      file=$(postings_file)
      echo "importing $postings postings into SQLite (once; cached in $data/db)"
      "$bin/hireboard" import "$file" --data-dir "$data/db"
      touch "$data/.complete"
    fi
    ;;
  postgres|mysql)
    if [ "$backend" = postgres ]; then
      database_url="$pg_admin/hireboard_bench"
    else
      database_url="$my_admin/hireboard_bench"
    fi
    where="${database_url#*://}"
    # Nothing of the SQLite run's folder is shared with a server backend.
    data_dir="$data/$backend-data"
    marker="$data/$backend.complete"
    if [ ! -f "$marker" ] || [ "$(server_count)" != "$(cat "$marker")" ]; then
      file=$(postings_file)
      echo "creating a fresh database hireboard_bench on $backend and importing $postings postings (once)"
      if [ "$backend" = postgres ]; then
        psql "$pg_admin/postgres" -qc 'DROP DATABASE IF EXISTS hireboard_bench WITH (FORCE)'
        psql "$pg_admin/postgres" -qc 'CREATE DATABASE hireboard_bench'
      else
        mysql -h 127.0.0.1 -P "${my_admin##*:}" -u root -e \
          'DROP DATABASE IF EXISTS hireboard_bench; CREATE DATABASE hireboard_bench'
      fi
      rm -f "$marker"
      time "$bin/hireboard" import "$file" --database-url "$database_url"
      server_count > "$marker"
    fi
    ;;
esac

if [ -n "$prepare_only" ]; then
  echo "prepared: backend $backend, $postings postings, database $database_url"
  exit 0
fi

# Raise the rate limits (if this build has them) so that registration, login and apply
# measure the write path rather than the limiter.
limits=()
if grep -q 'pub rate_limits' crates/server/src/config.rs 2>/dev/null; then
  for action in REGISTER LOGIN APPLY REPORT; do
    limits+=("HIREBOARD_RATE_LIMITS__${action}__MAX=4000000000"
             "HIREBOARD_RATE_LIMITS__${action}__WINDOW_SECS=1")
  done
fi
server_env=()
redis_prefix=
cache_label="in-process"
if [ "$cache" = redis ]; then
  redis-cli -u "$redis_url" ping > /dev/null
  # A key prefix of its own: nothing cached by an earlier run or another backend is served.
  redis_prefix="hireboard-bench-$backend-$$"
  server_env=("HIREBOARD_CACHE__URL=$redis_url" "HIREBOARD_CACHE__KEY_PREFIX=$redis_prefix")
  cache_label="Redis ($redis_url) with an in-process cache in front"
fi
if [ -n "$bus_url" ]; then
  server_env+=("HIREBOARD_BUS__URL=$bus_url")
fi
if [ -n "$db_connections" ]; then
  server_env+=("HIREBOARD_DATABASE__MAX_CONNECTIONS=$db_connections")
fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log="$data/server-$backend-$cache-$bus.log"
env -u HIREBOARD_CACHE__URL -u HIREBOARD_BUS__URL RUST_LOG="${BENCH_SERVER_LOG:-warn}" \
  HIREBOARD_DATABASE__URL="$database_url" "${limits[@]}" "${server_env[@]}" \
  "$bin/hireboard" serve --data-dir "$data_dir" --http-addr "127.0.0.1:$port" \
  --metrics-addr 127.0.0.1:0 > "$log" 2>&1 &
server=$!
cleanup() {
  kill "$server" 2>/dev/null
  wait "$server" 2>/dev/null || true
  # This run's Redis keys only (its prefix is unique to this run).
  if [ -n "$redis_prefix" ]; then
    redis-cli -u "$redis_url" --scan --pattern "$redis_prefix:*" |
      xargs -r -n 500 redis-cli -u "$redis_url" del > /dev/null || true
  fi
}
trap cleanup EXIT
# Ready means its search index is built too: the first start on a data set builds it from
# the database, which takes a while for many postings.
ready=
for _ in $(seq 1 3000); do
  if curl -fs "http://127.0.0.1:$port/readyz" > /dev/null 2>&1; then ready=1; break; fi
  kill -0 $server 2>/dev/null || break
  sleep 0.1
done
if [ -z "$ready" ]; then
  echo "the server did not become ready; its log ($log):" >&2
  tail -20 "$log" >&2
  exit 1
fi
echo "server pid: $server; port: $port; log: $log"

echo "machine: $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg); postings: $postings"
echo "backend: $backend ($where); cache: $cache_label; bus: $bus${bus_url:+ ($bus_url)}; server database pool: ${db_connections:-default}"
status=0
"$bin/hireboard-bench" --base "http://127.0.0.1:$port" --backend "$backend" --cache "$cache" "${bench_args[@]}" || status=$?
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews the figures)"
exit $status
