#!/usr/bin/env bash
# Compares hireboard's POST of an application on PostgreSQL with pgbench running the same
# INSERT, in one run, with the same number of clients and the same measured duration:
#   1. prepares the bench database hireboard_bench (bench/run.sh --prepare-only: fresh database,
#      N postings imported once),
#   2. creates applications_pgbench (LIKE applications INCLUDING ALL: same columns, defaults,
#      unique constraint and indexes; no foreign keys) in that database and runs pgbench on it
#      with a script doing the server's INSERT INTO applications (...) VALUES (...), one per
#      transaction, each (posting_id, candidate_id) pair unique (:client_id and a random id up
#      to 10^15),
#   3. runs the server's `apply` scenario (bench/run.sh --backend postgres --scenario apply),
#   4. runs pgbench again, so the server's run is bracketed by two of pgbench's on a machine
#      whose speed drifts, and compares the server with their mean,
#   5. prints the transactions/s and the ratio (issue target: at least 50%).
# Usage: bench/apply-vs-pgbench.sh [--clients 64] [--duration-secs 30]
#                                  [--cache memory|redis] [--db-connections N]
#                                  [hireboard-bench flags...]
set -euo pipefail
cd "$(dirname "$0")/.."

clients=64
duration=30
pass=()
while [ $# -gt 0 ]; do
  case "$1" in
    --clients) clients="${2:?}"; shift 2 ;;
    --duration-secs) duration="${2:?}"; shift 2 ;;
    *) pass+=("$1"); shift ;;
  esac
done
if [ "$duration" -gt 120 ] || [ "$duration" -lt 1 ]; then
  echo "--duration-secs must be between 1 and 120" >&2
  exit 2
fi
pg_admin="${BENCH_POSTGRES_ADMIN_URL:-postgres://postgres@127.0.0.1:5432}"
db="$pg_admin/hireboard_bench"
command -v pgbench > /dev/null || {
  echo "pgbench is missing: apt-get install -y postgresql-contrib (or the postgresql-client package that has it)" >&2
  exit 1
}

bench/run.sh --backend postgres --prepare-only

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
psql "$db" -qv ON_ERROR_STOP=1 <<'SQL'
DROP TABLE IF EXISTS applications_pgbench;
CREATE TABLE applications_pgbench (LIKE applications INCLUDING ALL);
SQL
# The server binds posting_id, candidate_id, stage, cover_note (NULL for `{}`), answers_json
# ("{}" for no answers) and two timestamps; so does this, as a prepared statement.
cat > "$work/apply.sql" <<'SQL'
\set posting random(1000000, 1000000000000000)
INSERT INTO applications_pgbench (posting_id, candidate_id, stage, cover_note, answers_json, created_at, updated_at) VALUES (:posting, :client_id, 'applied', NULL, '{}', now(), now());
SQL

run_pgbench() { # label
  echo "== pgbench ($1): $clients clients, $duration s, one INSERT per transaction, on $(psql "$db" -Atc 'SHOW server_version') (synchronous_commit=$(psql "$db" -Atc 'SHOW synchronous_commit'))"
  pgbench "$db" -n -M prepared -c "$clients" -j "$(nproc)" -T "$duration" -f "$work/apply.sql" | tee "$work/pgbench-$1.out"
  echo "pgbench rows in the table: $(psql "$db" -Atc 'SELECT count(*) FROM applications_pgbench')"
  sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$work/pgbench-$1.out" | head -1 > "$work/tps-$1"
}
run_pgbench before

echo
echo "== hireboard: POST /api/v1/jobs/{code}/applications, $clients connections, $duration s"
bench/run.sh --backend postgres --scenario apply --connections "$clients" --duration-secs "$duration" \
  "${pass[@]}" | tee "$work/server.out"
server_tps=$(sed -n 's/^RESULT_JSON //p' "$work/server.out" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["comparison"]["apply_req_per_sec"])')
echo
run_pgbench after

echo
python3 - "$(cat "$work/tps-before")" "$(cat "$work/tps-after")" "$server_tps" <<'PY'
import sys
before, after, server = float(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
pg = (before + after) / 2
print(f"pgbench INSERT, before:         {before:10.1f} tx/s")
print(f"pgbench INSERT, after:          {after:10.1f} tx/s")
print(f"pgbench INSERT, mean:           {pg:10.1f} tx/s")
print(f"hireboard POST application:     {server:10.1f} req/s (201 Created)")
print(f"hireboard / pgbench:            {server * 100 / pg:10.1f} %   (issue target: at least 50 %)")
PY
