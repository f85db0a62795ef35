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
#   4. prints both transactions/s and the ratio (issue target: at least 50%).
# With --server-shape it also runs pgbench with every statement the server sends for one
# application (session lookup; BEGIN; INSERT application RETURNING id; INSERT stage change;
# INSERT outbox event; COMMIT; SELECT application; SELECT history) into copies of those
# tables, as the database-side ceiling for the request as the server shapes it today.
# Usage: bench/apply-vs-pgbench.sh [--clients 64] [--duration-secs 30] [--server-shape]
#                                  [--cache memory|redis] [--db-connections N]
#                                  [hireboard-bench flags...]
set -euo pipefail
cd "$(dirname "$0")/.."

clients=64
duration=30
server_shape=
pass=()
while [ $# -gt 0 ]; do
  case "$1" in
    --clients) clients="${2:?}"; shift 2 ;;
    --duration-secs) duration="${2:?}"; shift 2 ;;
    --server-shape) server_shape=1; shift ;;
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
DROP TABLE IF EXISTS applications_pgbench, application_stage_changes_pgbench, outbox_pgbench;
CREATE TABLE applications_pgbench (LIKE applications INCLUDING ALL);
CREATE TABLE application_stage_changes_pgbench (LIKE application_stage_changes INCLUDING ALL);
CREATE TABLE outbox_pgbench (LIKE outbox INCLUDING ALL);
SQL
# The server binds posting_id, candidate_id, stage, cover_note (NULL for `{}`), answers_json
# ("{}" for no answers) and two timestamps; so does this, as a prepared statement.
cat > "$work/apply.sql" <<'SQL'
\set posting random(1000000, 1000000000000000)
INSERT INTO applications_pgbench (posting_id, candidate_id, stage, cover_note, answers_json, created_at, updated_at) VALUES (:posting, :client_id, 'applied', NULL, '{}', now(), now());
SQL

echo "== pgbench: $clients clients, $duration s, one INSERT per transaction, on $(psql "$db" -Atc 'SHOW server_version') (synchronous_commit=$(psql "$db" -Atc 'SHOW synchronous_commit'))"
pgbench "$db" -n -M prepared -c "$clients" -j "$(nproc)" -T "$duration" -f "$work/apply.sql" | tee "$work/pgbench.out"
pg_tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$work/pgbench.out" | head -1)
rows=$(psql "$db" -Atc 'SELECT count(*) FROM applications_pgbench')
echo "pgbench rows inserted: $rows"

shape_tps=
if [ -n "$server_shape" ]; then
  # Postings are real (ids 1..N), so the application SELECT joins a posting; candidates are
  # :client_id plus a large random offset to keep pairs unique, so the account join finds none.
  postings=$(psql "$db" -Atc 'SELECT max(id) FROM postings')
  cat > "$work/shape.sql" <<SQL
\\set posting random(1, $postings)
\\set candidate :client_id + 1000 * random(1, 1000000000000)
SELECT a.id, a.email, a.display_name, a.role, a.status, a.company_id, a.created_at, s.created_at AS s_created, s.last_used_at AS s_used, s.expires_at AS s_expires FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = sha256(:client_id::text::bytea) AND s.revoked_at IS NULL AND s.expires_at > now();
BEGIN;
INSERT INTO applications_pgbench (posting_id, candidate_id, stage, cover_note, answers_json, created_at, updated_at) VALUES (:posting, :candidate, 'applied', NULL, '{}', now(), now()) RETURNING id AS app \\gset
INSERT INTO application_stage_changes_pgbench (application_id, from_stage, to_stage, actor_id, note, at) VALUES (:app, NULL, 'applied', :candidate, NULL, now());
INSERT INTO outbox_pgbench (kind, aggregate, aggregate_key, payload, created_at) VALUES ('application.submitted', 'application', :app, '{"job_code":1546216,"candidate":1}', now());
COMMIT;
SELECT ap.id, ap.candidate_id, ap.stage, ap.cover_note, ap.answers_json, ap.created_at, ap.updated_at, p.job_code, p.title, p.company_id, acc.display_name FROM applications_pgbench ap JOIN postings p ON p.id = ap.posting_id LEFT JOIN accounts acc ON acc.id = ap.candidate_id WHERE ap.id = :app;
SELECT application_id, from_stage, to_stage, actor_id, note, at FROM application_stage_changes_pgbench WHERE application_id IN (:app) ORDER BY id;
SQL
  echo
  echo "== pgbench, the server's statements for one application: $clients clients, $duration s"
  pgbench "$db" -n -M prepared -c "$clients" -j "$(nproc)" -T "$duration" -f "$work/shape.sql" | tee "$work/shape.out"
  shape_tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$work/shape.out" | head -1)
fi

echo
echo "== hireboard: POST /api/v1/jobs/{code}/applications, $clients connections, $duration s"
bench/run.sh --backend postgres --scenario apply --connections "$clients" --duration-secs "$duration" \
  "${pass[@]}" | tee "$work/server.out"
server_tps=$(sed -n 's/^RESULT_JSON //p' "$work/server.out" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["comparison"]["apply_req_per_sec"])')

echo
python3 - "$pg_tps" "$server_tps" "$shape_tps" <<'PY'
import sys
pg, server = float(sys.argv[1]), float(sys.argv[2])
print(f"pgbench INSERT:                 {pg:10.1f} tx/s")
print(f"hireboard POST application:     {server:10.1f} req/s (201 Created)")
print(f"hireboard / pgbench:            {server * 100 / pg:10.1f} %   (issue target: at least 50 %)")
if sys.argv[3]:
    shape = float(sys.argv[3])
    print(f"pgbench, server's statements:   {shape:10.1f} tx/s (8 round trips, 1 commit)")
    print(f"hireboard / that:               {server * 100 / shape:10.1f} %")
PY
