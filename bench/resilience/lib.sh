# Shared helpers of the resilience scripts (sourced, not run).
#
# Environment:
#   PSPM_RESILIENCE_SHORT=1   short mode: seconds, bounded loops, loopback only (CI)
#   PSPM_BIN                  the pspm binary (default: `cargo build --bin pspm`, the debug
#                             binary in cargo's target directory, as .ci/smoke does;
#                             CARGO_TARGET_DIR defaults to /var/tmp/pspm-target like .ci/run)
#   PSPM_RESILIENCE_BACKENDS  "sqlite postgres" (default both; outage.sh is PostgreSQL only)
#   PSPM_PG_ADMIN_URL         shared PostgreSQL for fresh databases
#                             [$PSPM_TEST_POSTGRES_URL, else postgres://postgres@127.0.0.1:5432/postgres]
#   PSPM_RESILIENCE_KEEP=1    keep the work folder (logs, records) after the run
# shellcheck shell=bash
set -euo pipefail

RES_NAME="$(basename "$0" .sh)"
RES_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SHORT="${PSPM_RESILIENCE_SHORT:-0}"
BACKENDS="${PSPM_RESILIENCE_BACKENDS:-sqlite postgres}"
export PGOPTIONS="${PGOPTIONS:--c client_min_messages=warning}"
PG_ADMIN="${PSPM_PG_ADMIN_URL:-${PSPM_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}}"
CLIENT=(python3 "$RES_ROOT/bench/client/pspm_client.py")

say() { echo "[$RES_NAME $(date +%H:%M:%S)] $*" >&2; }
# fail MESSAGE: the one failure exit, with the server logs' last lines.
fail() {
  echo >&2
  echo "FAILED: $RES_NAME: $*" >&2
  local f
  for f in "$WORK"/*.log; do
    [ -f "$f" ] || continue
    if grep -qiE 'error|panick' "$f"; then
      echo "--- $(basename "$f") (error lines)" >&2
      grep -iE 'error|panick' "$f" | tail -8 >&2
    fi
  done
  exit 1
}

# problem MESSAGE: remembers a failed check and goes on (so one run reports every failed
# check); finish_checks LABEL fails with all of them.
PROBLEMS=()
problem() { echo "[$RES_NAME] CHECK FAILED: $*" >&2; PROBLEMS+=("$*"); }
finish_checks() {
  ((${#PROBLEMS[@]} == 0)) && return 0
  local msg p
  msg="$1: ${#PROBLEMS[@]} check(s) failed:"
  for p in "${PROBLEMS[@]}"; do msg+=$'\n  - '"$p"; done
  fail "$msg"
}

WORK="$(mktemp -d "/tmp/pspm-$RES_NAME.XXXXXX")"
_PIDS=()
_PG_DBS=()
_CLEANUPS=()
_cleanup() {
  local rc=$? p
  for p in "${_PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  for p in "${_PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  for p in "${_CLEANUPS[@]}"; do eval "$p" || true; done
  for p in "${_PG_DBS[@]}"; do
    psql "$PG_ADMIN" -qXc "DROP DATABASE IF EXISTS $p WITH (FORCE)" >/dev/null 2>&1 || true
  done
  if [ "${PSPM_RESILIENCE_KEEP:-0}" = 1 ] || { [ "$rc" != 0 ] && [ -n "${CI_KEEP_ON_FAIL:-}" ]; }; then
    echo "[$RES_NAME] work folder kept: $WORK" >&2
  else
    rm -rf "$WORK"
  fi
}
trap _cleanup EXIT

track_pid() { _PIDS+=("$1"); }
on_exit() { _CLEANUPS+=("$1"); }

need_tools() {
  local need=()
  command -v curl >/dev/null 2>&1 || need+=(curl)
  command -v python3 >/dev/null 2>&1 || need+=(python3)
  if [[ " $BACKENDS " == *" postgres "* ]]; then command -v psql >/dev/null 2>&1 || need+=(postgresql-client); fi
  if ((${#need[@]})); then
    say "installing: ${need[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  fi
}

pspm_bin() {
  if [ -n "${PSPM_BIN:-}" ]; then echo "$PSPM_BIN"; return; fi
  export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/pspm-target}"  # .ci/run's build cache
  (cd "$RES_ROOT" && cargo build --bin pspm -q) >&2
  local td
  td="$(cd "$RES_ROOT" && cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')"
  echo "$td/debug/pspm"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rss_kb() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status" 2>/dev/null || true; }
json_get() { python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(eval(sys.argv[2], {"d": d}))' "$1" "$2"; }
now() { python3 -c 'import time; print(f"{time.time():.3f}")'; }

pg_available() { pg_isready -q -d "$PG_ADMIN" 2>/dev/null || psql "$PG_ADMIN" -qtAXc 'select 1' >/dev/null 2>&1; }

# backends_to_run: sets RUN_BACKENDS to the backends asked for; PostgreSQL is skipped
# (with a message) when the shared server is unreachable, unless PSPM_REQUIRE_ALL=1 (CI).
backends_to_run() {
  local b
  RUN_BACKENDS=()
  for b in $BACKENDS; do
    if [ "$b" = postgres ] && ! pg_available; then
      [ "${PSPM_REQUIRE_ALL:-}" = 1 ] && fail "PostgreSQL unreachable at $PG_ADMIN"
      say "SKIPPED postgres: unreachable at $PG_ADMIN"
      continue
    fi
    RUN_BACKENDS+=("$b")
  done
}

# fresh_db BACKEND NAME: an empty database; sets DB_URL (not a subshell, so that the
# PostgreSQL database is remembered and dropped at exit).
fresh_db() {
  local backend="$1" name="$2"
  case "$backend" in
    sqlite) DB_URL="sqlite://$WORK/$name.db" ;;
    postgres)
      local db="pspm_res_${name}_$$"
      _PG_DBS+=("$db")
      psql "$PG_ADMIN" -qXc "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db" >/dev/null
      local base="${PG_ADMIN%/*}" query=""
      case "$PG_ADMIN" in *\?*) query="?${PG_ADMIN#*\?}" ;; esac
      DB_URL="$base/$db$query" ;;
    *) fail "unknown backend $backend" ;;
  esac
}

# load_demo URL: the small demo (a ministry, regions, users, an open consultation).
load_demo() {
  DATABASE_URL="$1" PSPM_LOG=warn "$BIN" demo >"$WORK/demo.out" 2>&1 || { cat "$WORK/demo.out" >&2; fail "pspm demo failed"; }
}

# start_server LABEL URL PORT [VAR=value...]: starts `pspm serve` in the background, sets
# SERVER_PID and waits for /health (60 s).
start_server() {
  local label="$1" url="$2" port="$3"
  shift 3
  env DATABASE_URL="$url" PSPM_ADDR="127.0.0.1:$port" PSPM_DEMO=false PSPM_LOG="${PSPM_LOG:-warn}" "$@" \
    "$BIN" serve >>"$WORK/$label.log" 2>&1 &
  SERVER_PID=$!
  track_pid "$SERVER_PID"
  local i
  for i in $(seq 1 120); do
    curl -fsS -o /dev/null "http://127.0.0.1:$port/health" 2>/dev/null && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || fail "$label: the server exited at start (see $label.log): $(tail -3 "$WORK/$label.log")"
    sleep 0.5
  done
  fail "$label: the server did not answer /health within 60 s"
}

stop_server() { # graceful; checks the goodbye line
  local label="$1"
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  local i
  for i in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$SERVER_PID" 2>/dev/null && { kill -9 "$SERVER_PID"; fail "$label: no graceful stop within 10 s of SIGTERM"; }
  wait "$SERVER_PID" 2>/dev/null || true
}

# client SUBCOMMAND ARGS...: runs the Python client, keeps its JSON summary in $CLIENT_OUT;
# returns its exit code.
client() {
  local rc=0
  CLIENT_OUT="$("${CLIENT[@]}" "$@" 2>>"$WORK/client.err")" || rc=$?
  echo "$CLIENT_OUT" >>"$WORK/client.jsonl"
  return $rc
}

# rss_sampler PID FILE INTERVAL: background VmRSS samples (kB), one a line; sets SAMPLER_PID.
rss_sampler() {
  (while kill -0 "$1" 2>/dev/null; do rss_kb "$1" VmRSS >>"$2"; sleep "$3"; done) &
  SAMPLER_PID=$!
  track_pid "$SAMPLER_PID"
}

# no_leaks LOG: the server never panicked.
check_no_panic() {
  if grep -q 'panicked' "$WORK/$1.log"; then
    grep -m3 -A3 'panicked' "$WORK/$1.log" >&2
    fail "$1: the server panicked"
  fi
}

BIN="$(pspm_bin)"
[ -x "$BIN" ] || fail "no pspm binary at $BIN"
need_tools
