#!/usr/bin/env bash
# Benchmarks hireboard's read paths against a trivial endpoint of the same server, in one run:
#   1. builds the release binaries,
#   2. generates and imports N postings (default 100,000) into a fresh data folder (cached
#      between runs under target/bench-data-N),
#   3. starts `hireboard serve` on a free loopback port,
#   4. runs hireboard-bench (64 keep-alive connections by default) and prints the ratios.
# Usage: bench/run.sh [POSTINGS] [extra hireboard-bench flags...]
set -euo pipefail
cd "$(dirname "$0")/.."

postings="${1:-100000}"
shift || true
cargo build --release -q -p hireboard -p hireboard-bench
bin=target/release

data="target/bench-data-$postings"
if [ ! -f "$data/.complete" ]; then
  rm -rf "$data" && mkdir -p "$data"
  echo "generating and importing $postings postings (once; cached in $data)"
  "$bin/hireboard" generate --jobs "$postings" --seed 1 --out "$data/postings.jsonl"
  "$bin/hireboard" import "$data/postings.jsonl" --data-dir "$data/db"
  rm -f "$data/postings.jsonl"
  touch "$data/.complete"
fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
RUST_LOG=warn "$bin/hireboard" serve --data-dir "$data/db" --http-addr "127.0.0.1:$port" > "$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/readyz" > /dev/null 2>&1 && break
  sleep 0.1
done

echo "machine: $(nproc) cores; postings: $postings; backend: sqlite (embedded); cache: in-process"
"$bin/hireboard-bench" --base "http://127.0.0.1:$port" "$@"
