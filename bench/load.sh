#!/usr/bin/env bash
# HTTP load benchmark of `pspm serve` (issue 7): requests/s, p50/p99 latency and server
# memory for the public plan page, the catalogue search with words and facets, a
# dashboard and a mixed read/write profile, on SQLite and on PostgreSQL, each as a
# ratio to a minimal axum "hello world" (examples/ceiling.rs) measured in the same run.
#
#   bash bench/load.sh                       # small demo, SQLite and PostgreSQL
#   PSPM_BENCH_SCALE=national PSPM_BENCH_FRACTION=0.01 bash bench/load.sh
#
# Environment (defaults in brackets):
#   PSPM_BENCH_SCALE        small | national                      [small]
#   PSPM_BENCH_FRACTION     national dataset fraction, in (0,1]    [1]
#   PSPM_BENCH_BACKENDS     "sqlite postgres"                      [both]
#   PSPM_BENCH_DURATION     seconds measured per route             [15]
#   PSPM_BENCH_WARMUP       seconds of warm-up per route           [3]
#   PSPM_BENCH_CONNECTIONS  wrk connections                        [64]
#   PSPM_BENCH_THREADS      wrk threads                            [nproc]
#   PSPM_BENCH_SEARCH       query string of the catalogue search   [q=digitale&level=regional&policy_area=digital]
#   PSPM_BENCH_DASHBOARD    dashboard path                         [/dashboards/participation]
#   PSPM_BENCH_PLAN         plan id of the plan page   [the public plan with the largest tree]
#   PSPM_BENCH_LOG          server PSPM_LOG during the runs        [warn]
#   PSPM_BENCH_WRK_TIMEOUT  wrk request timeout (slower = socket error) [10s]
#   PSPM_BENCH_REPORT       also write the Markdown report to this file
#   PSPM_BENCH_REUSE_DATA   1: keep the generated national data (SQLite file / PostgreSQL
#                           template) between runs of the same binary   [1 for national, else 0]
#   PSPM_BENCH_BIN, PSPM_BENCH_CEILING_BIN   use these binaries instead of building
#   PSPM_PG_ADMIN_URL       PostgreSQL server (trust auth)         [postgres://postgres@127.0.0.1:5432/postgres]
#   CARGO_TARGET_DIR        release build directory                [/var/tmp/pspm-release]
#
# Goals (printed MET/MISSED): public pages >= 0.3x the ceiling with p99 <= 50 ms at 64
# connections; server RSS (VmHWM) <= 150 MB.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

scale="${PSPM_BENCH_SCALE:-small}"
fraction="${PSPM_BENCH_FRACTION:-1}"
backends="${PSPM_BENCH_BACKENDS:-sqlite postgres}"
duration="${PSPM_BENCH_DURATION:-15}"
warmup="${PSPM_BENCH_WARMUP:-3}"
conns="${PSPM_BENCH_CONNECTIONS:-64}"
wthreads="${PSPM_BENCH_THREADS:-$(nproc)}"
search="${PSPM_BENCH_SEARCH:-q=digitale&level=regional&policy_area=digital}"
dashboard="${PSPM_BENCH_DASHBOARD:-/dashboards/participation}"
server_log="${PSPM_BENCH_LOG:-warn}"
wrk_timeout="${PSPM_BENCH_WRK_TIMEOUT:-10s}"
export PGOPTIONS="${PGOPTIONS:--c client_min_messages=warning}"
pg_admin="${PSPM_PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
if [ "$scale" = national ]; then reuse="${PSPM_BENCH_REUSE_DATA:-1}"; else reuse="${PSPM_BENCH_REUSE_DATA:-0}"; fi
client=(python3 "$root/bench/client/pspm_client.py")
ratio_goal=0.3
p99_goal=50
rss_goal_mb=150

say() { echo "[load $(date +%H:%M:%S)] $*" >&2; }
die() { echo "load.sh: $*" >&2; exit 1; }

case "$scale" in small | national) ;; *) die "PSPM_BENCH_SCALE must be small or national";; esac

# --- tools and binaries ------------------------------------------------------------
need=()
command -v wrk >/dev/null 2>&1 || need+=(wrk)
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v python3 >/dev/null 2>&1 || need+=(python3)
case " $backends " in *" postgres "*) command -v psql >/dev/null 2>&1 || need+=(postgresql-client);; esac
if ((${#need[@]})); then
  say "installing: ${need[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

if [ -n "${PSPM_BENCH_BIN:-}" ]; then
  bin="$PSPM_BENCH_BIN"
  ceiling_bin="${PSPM_BENCH_CEILING_BIN:?set PSPM_BENCH_CEILING_BIN too}"
else
  export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/pspm-release}"
  say "cargo build --release --bin pspm --example ceiling (CARGO_TARGET_DIR=$CARGO_TARGET_DIR)"
  cargo build --release --bin pspm --example ceiling
  bin="$CARGO_TARGET_DIR/release/pspm"
  ceiling_bin="$CARGO_TARGET_DIR/release/examples/ceiling"
fi
[ -x "$bin" ] || die "no binary at $bin"
[ -x "$ceiling_bin" ] || die "no ceiling binary at $ceiling_bin"
if [ "$scale" = national ] && ! "$bin" demo --help 2>&1 | grep -q -- '--scale'; then
  die "this pspm has no 'demo --scale national' yet (see '$bin demo --help'); use PSPM_BENCH_SCALE=small"
fi
bin_stamp="$(stat -c '%s-%Y' "$bin")"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"

work="$(mktemp -d /tmp/pspm-load.XXXXXX)"
pids=()
pg_dbs=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  for p in "${pg_dbs[@]}"; do
    psql "$pg_admin" -qXc "DROP DATABASE IF EXISTS $p WITH (FORCE)" >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rss_kb() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
json_get() { python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(eval(sys.argv[2], {"d": d}))' "$1" "$2"; }

wait_up() { # url pid
  for _ in $(seq 1 240); do
    curl -fsS -o /dev/null "$1/health" 2>/dev/null && return 0
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.5
  done
  return 1
}

# wait_idle PID: waits (up to 180 s) until the server uses < 5% of a CPU, so that work left
# over from one route (requests wrk gave up on) is not measured with the next one.
wait_idle() {
  local pid="$1" a b i
  for i in $(seq 1 360); do
    a="$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)"
    sleep 0.5
    b="$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)"
    # clock ticks are 1/100 s: < 3 ticks in 0.5 s is < 6% of a CPU
    [ $((b - a)) -lt 3 ] && return 0
  done
  say "the server is still busy after 180 s"
}

# run_wrk label url lua [extra env...]: warm-up, then the measured run with RSS sampling;
# prints the WRKJSON object extended with rss_max_kb.
run_wrk() {
  local label="$1" url="$2" lua="$3" pid="${4:-}"
  [ -n "$pid" ] && wait_idle "$pid"
  wrk -t"$wthreads" -c"$conns" -d"${warmup}s" --timeout "$wrk_timeout" -s "$lua" "$url" >/dev/null 2>&1 || true
  [ -n "$pid" ] && wait_idle "$pid"
  local samples="$work/$label.rss"
  : >"$samples"
  if [ -n "$pid" ]; then
    (while kill -0 "$pid" 2>/dev/null; do rss_kb "$pid" VmRSS >>"$samples"; sleep 0.5; done) &
    local sampler=$!
  fi
  wrk -t"$wthreads" -c"$conns" -d"${duration}s" --timeout "$wrk_timeout" --latency -s "$lua" "$url" >"$work/$label.wrk" 2>&1 || true
  if [ -n "$pid" ]; then kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true; fi
  local line
  line="$(sed -n 's/^WRKJSON //p' "$work/$label.wrk")"
  [ -n "$line" ] || { cat "$work/$label.wrk" >&2; die "wrk gave no report for $label"; }
  local max=0
  [ -s "$samples" ] && max="$(sort -n "$samples" | tail -1)"
  echo "${line%\}},\"rss_max_kb\":${max:-0}}"
}

# --- the ceiling -------------------------------------------------------------------
port="$(free_port)"
"$ceiling_bin" "127.0.0.1:$port" >"$work/ceiling.log" 2>&1 &
cpid=$!
pids+=("$cpid")
for _ in $(seq 1 50); do curl -fsS -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null && break; sleep 0.1; done
say "ceiling: hello world, $conns connections, ${duration}s"
ceiling="$(run_wrk ceiling "http://127.0.0.1:$port/" "$root/bench/client/wrk-report.lua" "$cpid")"
ceiling_rps="$(json_get "$ceiling" 'd["rps"]')"
ceiling_rss="$(rss_kb "$cpid" VmHWM)"
kill "$cpid"; wait "$cpid" 2>/dev/null || true
say "ceiling: $ceiling_rps requests/s"

# --- data --------------------------------------------------------------------------
demo_args=(demo)
[ "$scale" = national ] && demo_args=(demo --scale national --fraction "$fraction")
data_tag="$scale"
[ "$scale" = national ] && data_tag="national-$(echo "$fraction" | tr . _)"

prepare_sqlite() { # path
  local cache="/var/tmp/pspm-bench-$data_tag.db"
  if [ "$reuse" = 1 ] && [ -f "$cache" ] && [ "$(cat "$cache.stamp" 2>/dev/null)" = "$bin_stamp" ]; then
    say "SQLite: reusing $cache"
  else
    rm -f "$cache" "$cache-wal" "$cache-shm"
    say "SQLite: pspm ${demo_args[*]}"
    local t0=$SECONDS
    DATABASE_URL="sqlite://$cache.tmp" PSPM_LOG=warn "$bin" "${demo_args[@]}" >"$work/demo-sqlite.log" 2>&1 \
      || { tail -20 "$work/demo-sqlite.log" >&2; die "loading the data failed"; }
    python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("PRAGMA wal_checkpoint(TRUNCATE)"); c.close()' "$cache.tmp"
    mv "$cache.tmp" "$cache"; rm -f "$cache.tmp-wal" "$cache.tmp-shm"
    echo "$bin_stamp" >"$cache.stamp"
    say "SQLite: data loaded in $((SECONDS - t0)) s"
  fi
  cp "$cache" "$1"
  [ "$reuse" = 1 ] || rm -f "$cache" "$cache.stamp"
}

pg_base="${pg_admin%/*}"
prepare_postgres() { # dbname
  local tpl="pspm_bench_tpl_$(echo "$data_tag" | tr - _)"
  local have
  have="$(psql "$pg_admin" -qtAXc "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '$tpl'")"
  if [ "$reuse" = 1 ] && [ "$have" = "$bin_stamp" ]; then
    say "PostgreSQL: reusing template $tpl"
  else
    psql "$pg_admin" -qXc "DROP DATABASE IF EXISTS $tpl WITH (FORCE)" -c "CREATE DATABASE $tpl" >/dev/null
    say "PostgreSQL: pspm ${demo_args[*]}"
    local t0=$SECONDS
    DATABASE_URL="$pg_base/$tpl" PSPM_LOG=warn "$bin" "${demo_args[@]}" >"$work/demo-pg.log" 2>&1 \
      || { tail -20 "$work/demo-pg.log" >&2; die "loading the data failed"; }
    psql "$pg_base/$tpl" -qXc "VACUUM ANALYZE" >/dev/null
    psql "$pg_admin" -qXc "COMMENT ON DATABASE $tpl IS '$bin_stamp'" >/dev/null
    say "PostgreSQL: data loaded in $((SECONDS - t0)) s"
  fi
  psql "$pg_admin" -qXc "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1 TEMPLATE $tpl" >/dev/null
  [ "$reuse" = 1 ] || psql "$pg_admin" -qXc "DROP DATABASE IF EXISTS $tpl WITH (FORCE)" >/dev/null
}

# --- one backend -------------------------------------------------------------------
rows=()
verdicts=()
add_row() { # backend route json
  local b="$1" r="$2" j="$3" public="$4"
  local row
  row="$(python3 - "$b" "$r" "$j" "$ceiling_rps" "$public" "$ratio_goal" "$p99_goal" <<'EOF'
import json, sys
b, r, j, ceil, public, rg, pg = sys.argv[1:8]
d = json.loads(j)
ratio = d["rps"] / float(ceil)
errs = d["connect"] + d["read"] + d["write"] + d["timeout"]
status = f'{d["non2xx"]:,}'
if "s2xx" in d:
    status = f'2xx {d["s2xx"]:,} / 409 {d["s409"]:,} / 5xx {d["s5xx"]:,} / other {d["sother"]:,}'
if public == "1":
    ok = ratio >= float(rg) and d["p99_ms"] <= float(pg) and d["non2xx"] == 0 and errs == 0
    goal = "MET" if ok else "MISSED"
else:
    goal = "—"
print(f'| {b} | {r} | {d["rps"]:,.0f} | {ratio:.3f} | {d["p50_ms"]:.1f} | {d["p99_ms"]:.1f} | '
      f'{d["rss_max_kb"] / 1024:.0f} | {status} | {errs} | {goal} |')
EOF
)"
  rows+=("$row")
  echo "$row" >&2
}

bench_backend() { # sqlite|postgres
  local backend="$1" db_url label
  case "$backend" in
    sqlite)
      prepare_sqlite "$work/bench.db"
      db_url="sqlite://$work/bench.db" ;;
    postgres)
      pg_isready -q -d "$pg_admin" || die "PostgreSQL is not reachable at $pg_admin"
      local name="pspm_bench_$$"
      pg_dbs+=("$name")
      prepare_postgres "$name"
      db_url="$pg_base/$name" ;;
  esac
  local port; port="$(free_port)"
  local base="http://127.0.0.1:$port"
  DATABASE_URL="$db_url" PSPM_ADDR="127.0.0.1:$port" PSPM_DEMO=false PSPM_LOG="$server_log" \
    "$bin" serve >"$work/serve-$backend.log" 2>&1 &
  local spid=$!
  pids+=("$spid")
  wait_up "$base" "$spid" || { tail -20 "$work/serve-$backend.log" >&2; die "$backend: the server did not start"; }
  local start_rss; start_rss="$(rss_kb "$spid" VmRSS)"

  # Ids straight from the database.
  local found; found="$("${client[@]}" discover --db "$db_url")"
  local plan cons nodes props cplan
  plan="${PSPM_BENCH_PLAN:-$(json_get "$found" 'd["public_plan_id"]')}"
  cons="$(json_get "$found" 'd["consultation"]["id"]')"
  cplan="$(json_get "$found" 'd["consultation"]["plan_id"]')"
  nodes="$(json_get "$found" '",".join(map(str, d["consultation"]["node_ids"]))')"
  props="$(json_get "$found" '",".join(map(str, d["consultation"]["proposal_ids"]))')"
  [ -n "$props" ] || die "$backend: the consultation has no proposals to support"

  # Public pages first, so that their memory figure is not the sign-ins' (argon2).
  local route path code gz
  # Each page twice: as wrk asks by default (no Accept-Encoding) and as browsers
  # ask (Accept-Encoding: gzip; the figures in KB are then what travels).
  # search repeats one query (kept by the server); search-varied draws each query at
  # random (bench/client/wrk-search.lua), nearly all of them unkept.
  local lua
  for route in plan plan-gzip search search-varied search-varied-gzip dashboard dashboard-gzip; do
    lua="$root/bench/client/wrk-report.lua"
    case "$route" in
      plan|plan-gzip) path="/plans/$plan" ;;
      search) path="/practices?$search" ;;
      search-varied|search-varied-gzip) path="/practices?q=servizi%20dati&level=local&policy_area=health&page=2"
        lua="$root/bench/client/wrk-search.lua" ;;
      dashboard|dashboard-gzip) path="$dashboard" ;;
    esac
    gz=""; [[ "$route" == *-gzip ]] && gz=1
    # Two requests alone first (the first fills caches); the second's time is the
    # page's cost without queueing.
    curl -s ${gz:+-H "Accept-Encoding: gzip"} -o /dev/null "$base$path" || true
    code="$(curl -s ${gz:+-H "Accept-Encoding: gzip"} -o "$work/$backend-$route.html" -w '%{http_code} %{time_total}' "$base$path")"
    [ "${code% *}" = 200 ] || die "$backend: GET $path answered ${code% *}"
    local single; single="$(python3 -c "print(round(${code#* } * 1000, 1))")"
    say "$backend: $route GET $path ($(wc -c <"$work/$backend-$route.html") bytes, alone ${single} ms)"
    add_row "$backend" "$route \`$path\` ($(( $(wc -c <"$work/$backend-$route.html") / 1024 )) KB, alone ${single} ms)" \
      "$(PSPM_WRK_GZIP="$gz" run_wrk "$backend-$route" "$base$path" "$lua" "$spid")" 1
  done
  local public_rss public_hwm
  public_rss="$(rss_kb "$spid" VmRSS)"; public_hwm="$(rss_kb "$spid" VmHWM)"

  # 16 signed-in users (created through the admin API on the small demo) for the mixed profile.
  local setup="$work/setup-$backend.json" cookies="$work/cookies-$backend.tsv"
  "${client[@]}" prepare --base "$base" --db "$db_url" --users 16 --scale "$scale" --tag "load$$" \
    --out "$setup" --cookies-out "$cookies" >/dev/null
  local signed_rss; signed_rss="$(rss_kb "$spid" VmRSS)"
  say "$backend: mixed read/write, 16 signed-in users, consultation $cons"
  local mixed
  mixed="$(PSPM_WRK_COOKIES="$cookies" PSPM_WRK_PLAN="$cplan" PSPM_WRK_CONSULTATION="$cons" \
    PSPM_WRK_NODES="$nodes" PSPM_WRK_PROPOSALS="$props" \
    run_wrk "$backend-mixed" "$base" "$root/bench/client/wrk-mixed.lua" "$spid")"
  add_row "$backend" "mixed (55% plan page, 15% API read, 20% comment, 10% support/withdraw)" "$mixed" 0

  local hwm rss
  hwm="$(rss_kb "$spid" VmHWM)"; rss="$(rss_kb "$spid" VmRSS)"
  local verdict=MISSED pverdict=MISSED
  [ "$((hwm / 1024))" -le "$rss_goal_mb" ] && verdict=MET
  [ "$((public_hwm / 1024))" -le "$rss_goal_mb" ] && pverdict=MET
  verdicts+=("| $backend | $((start_rss / 1024)) | $((public_rss / 1024)) (peak $((public_hwm / 1024))) — $pverdict | $((signed_rss / 1024)) | $((rss / 1024)) | $((hwm / 1024)) — $verdict |")
  if grep -qiE 'panicked|ERROR' "$work/serve-$backend.log"; then
    say "$backend: errors in the server log (count, cause):"
    sed 's/\x1b\[[0-9;]*m//g' "$work/serve-$backend.log" | grep -oE 'panicked.*|error\.cause=.*' | cut -c1-160 | sort | uniq -c | sort -rn | head -8 >&2
  fi
  kill -TERM "$spid"; wait "$spid" 2>/dev/null || true
  [ "$backend" = postgres ] && psql "$pg_admin" -qXc "DROP DATABASE IF EXISTS pspm_bench_$$ WITH (FORCE)" >/dev/null
  return 0
}

for b in $backends; do bench_backend "$b"; done

# --- report ------------------------------------------------------------------------
{
  echo "### $(date -u '+%Y-%m-%d %H:%M UTC') — scale $scale$([ "$scale" = national ] && echo " (fraction $fraction)")"
  echo
  echo "Machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo) RAM;" \
    "load average at the start: $load_before, at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "Command: \`PSPM_BENCH_SCALE=$scale PSPM_BENCH_FRACTION=$fraction PSPM_BENCH_DURATION=$duration PSPM_BENCH_CONNECTIONS=$conns bash bench/load.sh\`"
  echo "wrk: $wthreads threads, $conns connections, ${warmup} s warm-up + ${duration} s per route, on the same machine as the server;" \
    "server: release build, PSPM_LOG=$server_log, default pool."
  echo
  echo "Ceiling (examples/ceiling.rs, axum hello world): **$(printf '%.0f' "$ceiling_rps") requests/s**," \
    "p50 $(json_get "$ceiling" 'round(d["p50_ms"],2)') ms, p99 $(json_get "$ceiling" 'round(d["p99_ms"],2)') ms, RSS $((ceiling_rss / 1024)) MB."
  echo
  echo "| backend | route | req/s | × ceiling | p50 ms | p99 ms | RSS max MB | non-2xx | socket errors | goal (≥ ${ratio_goal}×, p99 ≤ ${p99_goal} ms) |"
  echo "|---|---|---:|---:|---:|---:|---:|---|---:|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "RSS in MB (VmRSS; peak = VmHWM); goal ≤ ${rss_goal_mb} MB:"
  echo
  echo "| backend | at start | after the public pages (peak) | after 16 sign-ins | at the end | peak of the run |"
  echo "|---|---:|---:|---:|---:|---:|"
  printf '%s\n' "${verdicts[@]}"
} | tee "$work/report.md"
if [ -n "${PSPM_BENCH_REPORT:-}" ]; then cp "$work/report.md" "$PSPM_BENCH_REPORT"; fi
