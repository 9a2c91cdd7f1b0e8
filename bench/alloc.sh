#!/usr/bin/env bash
# One release server on the national SQLite data that bench/load.sh keeps
# (/var/tmp/pspm-bench-national-0_1.db after a fraction-0.1 run): the first participation
# dashboard, 15 s of varied catalogue searches, 10 s of the plan page with gzip; prints
# the varied searches' req/s and p99 and the server's VmHWM after each step. Used to
# compare allocators and their settings (bench/LOAD.md, 2026-11-28): pass MIMALLOC_*,
# _RJEM_MALLOC_CONF or MALLOC_* in the environment.
# Usage: bash bench/alloc.sh /path/to/pspm [data.db]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${1:?usage: bench/alloc.sh /path/to/pspm [data.db]}"
data="${2:-/var/tmp/pspm-bench-national-0_1.db}"
[ -f "$data" ] || { echo "no data at $data: run bench/load.sh with PSPM_BENCH_SCALE=national PSPM_BENCH_FRACTION=0.1 first" >&2; exit 1; }
work="$(mktemp -d /tmp/pspm-alloc.XXXXXX)"
port=18125; base="http://127.0.0.1:$port"
cp "$data" "$work/db"
DATABASE_URL="sqlite://$work/db" PSPM_ADDR="127.0.0.1:$port" PSPM_DEMO=false PSPM_LOG=warn "$bin" serve >"$work/serve.log" 2>&1 &
spid=$!
trap 'kill $spid 2>/dev/null; wait $spid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do curl -sf "$base/health" >/dev/null 2>&1 && break; sleep 0.5; done
hwm() { awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$spid/status"; }
curl -s -o /dev/null "$base/dashboards/participation"
h1="$(hwm)"
wrk -t2 -c64 -d15s --latency -s "$root/bench/client/wrk-search.lua" "$base" >"$work/varied.txt" 2>&1
h2="$(hwm)"
plan="$(python3 "$root/bench/client/pspm_client.py" discover --db "sqlite://$work/db" | python3 -c 'import json,sys; print(json.load(sys.stdin)["public_plan_id"])')"
wrk -t2 -c64 -d10s -H "Accept-Encoding: gzip" "$base/plans/$plan" >"$work/plan.txt" 2>&1
h3="$(hwm)"
echo "varied searches: $(awk '/Requests\/sec/ {print $2}' "$work/varied.txt") req/s, p99 $(awk '$1 == "99%" {print $2}' "$work/varied.txt");" \
  "plan-gzip: $(awk '/Requests\/sec/ {print $2}' "$work/plan.txt") req/s;" \
  "VmHWM MB after the dashboard $h1, after the searches $h2, after the plan $h3"
