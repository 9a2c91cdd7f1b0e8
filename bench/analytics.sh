#!/usr/bin/env bash
# Dashboards at national scale through HTTP, the path users take (issue 28): loads the
# national data once per fraction, starts a release `pspm serve` on SQLite and on
# PostgreSQL, and measures with bench/client/analytics_bench.py the first view of each
# dashboard after a write (p50/p95 over PSPM_BENCH_CYCLES cycles), a filter combination
# never asked before, the cached view, plan pages and catalogue searches while dashboards
# are computed, and the server's memory. Documented in bench/ANALYTICS.md.
#
#   PSPM_BIN=/var/tmp/pspm-target-C/release/pspm bash bench/analytics.sh
#   PSPM_BIN=... PSPM_BENCH_FRACTION=0.01 PSPM_BENCH_CYCLES=5 PSPM_BENCH_BACKENDS=sqlite bash bench/analytics.sh
#
# Environment (defaults in brackets):
#   PSPM_BIN                the release pspm binary to measure (required; never built here)
#   PSPM_BENCH_FRACTION     national dataset fraction, in (0,1]                 [1]
#   PSPM_BENCH_BACKENDS     "sqlite postgres"                                   [both]
#   PSPM_BENCH_CYCLES       write-then-view cycles per dashboard                [20]
#   PSPM_BENCH_FILTERS      new filter combinations per dashboard               [5]
#   PSPM_BENCH_CACHED       cached views per dashboard                          [20]
#   PSPM_BENCH_WINDOW       seconds of plan pages and searches, quiet and busy  [20]
#   PSPM_BENCH_PROBES       threads fetching plan pages and searches            [4]
#   PSPM_BENCH_PAUSE        seconds between a view and the next write           [0]
#   PSPM_BENCH_TIMEOUT      client timeout per request, seconds                 [900]
#   PSPM_BENCH_SQLITE       the loaded SQLite file  [/var/tmp/national.db; national-<F>.db below 1]
#   PSPM_BENCH_PG_DB        the loaded PostgreSQL database [pspm_national; pspm_national_<F> below 1]
#   PSPM_PG_ADMIN_URL       PostgreSQL server (trust auth)  [postgres://postgres@127.0.0.1:5432/postgres]
#   PSPM_BENCH_LOG          server PSPM_LOG                                     [warn]
#   PSPM_BENCH_REPORT       also write the Markdown report to this file
#
# The loaded data are never measured on: each run copies the SQLite file and clones the
# PostgreSQL database (CREATE DATABASE … TEMPLATE), so the bench's writes and a newer
# binary's migrations leave them as generated, and the next run (any binary) reuses them.
# A file or database is reused when its stamp says it holds the same fraction.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

bin="${PSPM_BIN:?set PSPM_BIN to the release pspm binary to measure}"
fraction="${PSPM_BENCH_FRACTION:-1}"
backends="${PSPM_BENCH_BACKENDS:-sqlite postgres}"
cycles="${PSPM_BENCH_CYCLES:-20}"
filters="${PSPM_BENCH_FILTERS:-5}"
cached="${PSPM_BENCH_CACHED:-20}"
window="${PSPM_BENCH_WINDOW:-20}"
probes="${PSPM_BENCH_PROBES:-4}"
pause="${PSPM_BENCH_PAUSE:-0}"
timeout="${PSPM_BENCH_TIMEOUT:-900}"
server_log="${PSPM_BENCH_LOG:-warn}"
pg_admin="${PSPM_PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
pg_base="${pg_admin%/*}"
tag="$(echo "$fraction" | tr . _)"
if [ "$fraction" = 1 ] || [ "$fraction" = 1.0 ]; then
  sqlite_data="${PSPM_BENCH_SQLITE:-/var/tmp/national.db}"
  pg_data="${PSPM_BENCH_PG_DB:-pspm_national}"
else
  sqlite_data="${PSPM_BENCH_SQLITE:-/var/tmp/national-$tag.db}"
  pg_data="${PSPM_BENCH_PG_DB:-pspm_national_$tag}"
fi
export PGOPTIONS="${PGOPTIONS:--c client_min_messages=warning}"

say() { echo "[analytics $(date +%H:%M:%S)] $*" >&2; }
die() { echo "analytics.sh: $*" >&2; exit 1; }

[ -x "$bin" ] || die "no binary at $bin"
"$bin" demo --help 2>&1 | grep -q -- '--scale' || die "$bin has no 'demo --scale national'"
command -v python3 >/dev/null || die "python3 is needed"
command -v curl >/dev/null || die "curl is needed"
case " $backends " in *" postgres "*) command -v psql >/dev/null || die "psql is needed for PostgreSQL";; esac

bin_desc="$(stat -c '%n, %s bytes, built %y' "$bin" | cut -d. -f1-2)"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
work="$(mktemp -d /var/tmp/pspm-analytics.XXXXXX)"
pids=()
run_db=""
cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  [ -n "$run_db" ] && psql "$pg_admin" -qXc "DROP DATABASE IF EXISTS $run_db WITH (FORCE)" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rss_kb() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

wait_up() { # url pid
  for _ in $(seq 1 600); do
    curl -fsS -o /dev/null "$1/health" 2>/dev/null && return 0
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.5
  done
  return 1
}

# wait_idle PID: until the server uses < 6% of a CPU (what start-up left running ends).
wait_idle() {
  local a b
  for _ in $(seq 1 240); do
    a="$(awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0)"
    sleep 0.5
    b="$(awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0)"
    [ $((b - a)) -lt 3 ] && return 0
  done
}

# --- data: loaded once per fraction, then reused ------------------------------------
generate() { # DATABASE_URL log
  local t0=$SECONDS
  say "pspm demo --scale national --fraction $fraction → $1 (about 10 min at fraction 1 on SQLite, 22 on PostgreSQL)"
  DATABASE_URL="$1" PSPM_LOG=warn "$bin" demo --scale national --fraction "$fraction" >"$2" 2>&1 \
    || { tail -20 "$2" >&2; die "loading the national data failed"; }
  say "loaded in $((SECONDS - t0)) s"
}

prepare_sqlite() { # copy path
  if [ -f "$sqlite_data" ] && [ "$(cat "$sqlite_data.fraction" 2>/dev/null)" = "$fraction" ]; then
    say "SQLite: reusing $sqlite_data (fraction $fraction)"
  else
    rm -f "$sqlite_data" "$sqlite_data-wal" "$sqlite_data-shm" "$sqlite_data.tmp"*
    generate "sqlite://$sqlite_data.tmp" "$work/demo-sqlite.log"
    python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("PRAGMA wal_checkpoint(TRUNCATE)"); c.close()' "$sqlite_data.tmp"
    rm -f "$sqlite_data.tmp-wal" "$sqlite_data.tmp-shm"
    mv "$sqlite_data.tmp" "$sqlite_data"
    echo "$fraction" >"$sqlite_data.fraction"
  fi
  cp "$sqlite_data" "$1"
}

prepare_postgres() { # run database name
  pg_isready -q -d "$pg_admin" || die "PostgreSQL is not reachable at $pg_admin"
  local have
  have="$(psql "$pg_admin" -qtAXc "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '$pg_data'")"
  if [ "$have" = "pspm national fraction $fraction" ]; then
    say "PostgreSQL: reusing database $pg_data (fraction $fraction)"
  else
    psql "$pg_admin" -qXc "DROP DATABASE IF EXISTS $pg_data WITH (FORCE)" -c "CREATE DATABASE $pg_data" >/dev/null
    generate "$pg_base/$pg_data" "$work/demo-pg.log"
    psql "$pg_base/$pg_data" -qXc "VACUUM ANALYZE" >/dev/null
    psql "$pg_admin" -qXc "COMMENT ON DATABASE $pg_data IS 'pspm national fraction $fraction'" >/dev/null
  fi
  # A file copy (planner statistics included) is much quicker than the WAL-logged default.
  say "PostgreSQL: CREATE DATABASE $1 TEMPLATE $pg_data"
  psql "$pg_admin" -qXc "DROP DATABASE IF EXISTS $1 WITH (FORCE)" \
    -c "CREATE DATABASE $1 TEMPLATE $pg_data STRATEGY FILE_COPY" >/dev/null
}

# --- one backend --------------------------------------------------------------------
results=()
bench_backend() { # sqlite|postgres
  local backend="$1" db_url
  case "$backend" in
    sqlite)
      prepare_sqlite "$work/run.db"
      db_url="sqlite://$work/run.db" ;;
    postgres)
      run_db="pspm_analytics_$$"
      prepare_postgres "$run_db"
      db_url="$pg_base/$run_db" ;;
    *) die "unknown backend $backend" ;;
  esac
  sync
  local port; port="$(free_port)"
  local base="http://127.0.0.1:$port"
  say "$backend: pspm serve on $base"
  DATABASE_URL="$db_url" PSPM_ADDR="127.0.0.1:$port" PSPM_DEMO=false PSPM_LOG="$server_log" \
    "$bin" serve >"$work/serve-$backend.log" 2>&1 &
  local spid=$!
  pids+=("$spid")
  wait_up "$base" "$spid" || { tail -20 "$work/serve-$backend.log" >&2; die "$backend: the server did not start"; }
  wait_idle "$spid"
  sleep 2
  local out="$work/$backend.json"
  # In the background, so that a signal reaches the trap (and the cleanup) at once.
  python3 "$root/bench/client/analytics_bench.py" --base "$base" --db "$db_url" --pid "$spid" \
    --cycles "$cycles" --filters "$filters" --cached "$cached" --window "$window" --probes "$probes" \
    --pause "$pause" --timeout "$timeout" >"$out" &
  local cpid=$!
  pids+=("$cpid")
  wait "$cpid" || say "$backend: the client reported errors (see the table)"
  [ -s "$out" ] || die "$backend: no result"
  results+=("$backend=$out")
  if grep -qiE 'panicked|ERROR' "$work/serve-$backend.log"; then
    say "$backend: errors in the server log:"
    sed 's/\x1b\[[0-9;]*m//g' "$work/serve-$backend.log" | grep -iE 'panicked|error' | cut -c1-200 | sort | uniq -c | sort -rn | head -8 >&2
  fi
  kill -TERM "$spid"; wait "$spid" 2>/dev/null || true
  if [ "$backend" = postgres ]; then
    psql "$pg_admin" -qXc "DROP DATABASE IF EXISTS $run_db WITH (FORCE)" >/dev/null
    run_db=""
  else
    rm -f "$work/run.db" "$work/run.db-wal" "$work/run.db-shm"
  fi
}

for b in $backends; do bench_backend "$b"; done

# --- report -------------------------------------------------------------------------
{
  echo "### $(date -u '+%Y-%m-%d %H:%M UTC'), national data at fraction $fraction"
  echo
  echo "Binary: \`$bin_desc\`; commit of this checkout: $(git rev-parse --short HEAD 2>/dev/null || echo '?')."
  echo "Machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo) RAM;" \
    "load average at the start: $load_before, at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "Command: \`PSPM_BIN=$bin PSPM_BENCH_FRACTION=$fraction PSPM_BENCH_BACKENDS=\"$backends\" PSPM_BENCH_CYCLES=$cycles PSPM_BENCH_FILTERS=$filters PSPM_BENCH_WINDOW=$window bash bench/analytics.sh\`"
  echo
  python3 - "${results[@]}" <<'EOF'
import json, sys

def ms(v):
    if v is None:
        return "—"
    return f"{v / 1000:.2f} s" if v >= 1000 else f"{v:.1f} ms"

runs = []
for arg in sys.argv[1:]:
    backend, path = arg.split("=", 1)
    runs.append((backend, json.load(open(path))))

print("Dashboards of the national plan, anonymous GETs: wall time as the client saw it, and the CPU time the server "
      "(with its PostgreSQL backends) spent meanwhile, steadier on a shared machine (goals: after a write ≤ 1 s p95, new filter ≤ 2 s):")
print()
print("| backend | dashboard | cold (first after start) | after a write p50 | p95 | max | CPU p50 | new filter p50 | max | CPU p50 | cached p50 | p99 |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for backend, r in runs:
    for d in r["dashboards"]:
        a, f, c = d["after_write"], d["new_filter"], d["cached"]
        ac, fc = d["after_write_cpu"], d["new_filter_cpu"]
        print(f"| {backend} | {d['dashboard']} | {ms(d['cold_ms'])} | {ms(a['p50'])} | {ms(a['p95'])} | {ms(a['max'])} | {ms(ac['p50'])} "
              f"| {ms(f['p50'])} | {ms(f['max'])} | {ms(fc['p50'])} | {ms(c['p50'])} | {ms(c['p99'])} |")
print()
print("Plan pages (`/plans/<national plan>`) and catalogue searches (words, level, area and page drawn at random), "
      "each probe thread asking every 50 ms, quiet and while a driver wrote and opened dashboards back to back "
      "(goal: p99 ≤ 50 ms meanwhile); memory from /proc (goals: idle ≤ 150 MB, peak ≤ 400 MB):")
print()
print("| backend | plan page quiet p50 / p99 | while computing p50 / p99 / max (n) | search quiet p50 / p99 | while computing p50 / p99 / max (n) | dashboard views in the busy window | RSS after start | peak (VmHWM) | RSS at the end | writes p50 / p95 | errors |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for backend, r in runs:
    q, b = r.get("quiet"), r.get("busy")
    def pair(x):
        return f"{ms(x['p50'])} / {ms(x['p99'])}" if x else "—"
    def trio(x):
        return f"{ms(x['p50'])} / {ms(x['p99'])} / {ms(x['max'])} ({x['n']})" if x else "—"
    views = f"{b['dashboard_views']} in {b['seconds']} s" if b else "—"
    w = r["writes"]
    print(f"| {backend} | {pair(q and q['plan page'])} | {trio(b and b['plan page'])} | {pair(q and q['catalogue search'])} "
          f"| {trio(b and b['catalogue search'])} | {views} | {r['rss_start_kb'] / 1024:.0f} MB | {r['hwm_kb'] / 1024:.0f} MB "
          f"| {r['rss_end_kb'] / 1024:.0f} MB | {ms(w['p50'])} / {ms(w['p95'])} | {r['error_count']} |")
for backend, r in runs:
    if r["errors"]:
        print()
        print(f"Errors ({backend}, first ones): " + "; ".join(f"`{e[:160]}`" for e in r["errors"][:5]))
EOF
} | tee "$work/report.md"
if [ -n "${PSPM_BENCH_REPORT:-}" ]; then cp "$work/report.md" "$PSPM_BENCH_REPORT"; fi
