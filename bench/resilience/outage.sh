#!/usr/bin/env bash
# Database outage (PostgreSQL only). Starts a PRIVATE PostgreSQL (initdb in a temporary
# folder, its own port; the shared cluster on 5432 is never touched), runs the server on
# it with PSPM_DB_TIMEOUT_SECS=2 under read/write load, stops the database with
# `pg_ctl stop -m immediate`, then starts it again. Passes when, while the database is
# down, every probed request (/health, the plan page, the plan API) answers 503 within
# the timeout + PSPM_OUTAGE_MARGIN (1.5 s), with a clear message (/health says
# "unreachable", the API the code `service_unavailable`, the page PSPM_OUTAGE_PAGE_TEXT)
# and no stack trace or driver message; when no load request gets a 500 or hangs; when
# the server recovers without a restart within PSPM_OUTAGE_RECOVER (10 s) of the
# database being back; and when every acknowledged write is stored.
#
#   PSPM_RESILIENCE_SHORT=1 bash bench/resilience/outage.sh   # 5 s outage (CI)
#   bash bench/resilience/outage.sh                           # 3 outages of 30 s
source "$(dirname "$0")/lib.sh"

timeout_s="${PSPM_OUTAGE_DB_TIMEOUT:-2}"
margin="${PSPM_OUTAGE_MARGIN:-1.5}"
recover="${PSPM_OUTAGE_RECOVER:-10}"
page_text="${PSPM_OUTAGE_PAGE_TEXT:-unavailable}"
if [ "$SHORT" = 1 ]; then outages="${PSPM_OUTAGES:-1}"; down_s="${PSPM_OUTAGE_SECONDS:-5}"; else outages="${PSPM_OUTAGES:-3}"; down_s="${PSPM_OUTAGE_SECONDS:-30}"; fi
before_s=2
after_s=$((recover + 1))

# --- a private PostgreSQL ------------------------------------------------------------
pgbin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
if [ -z "$pgbin" ] || [ ! -x "$pgbin/initdb" ]; then
  say "installing postgresql (initdb)"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  pgbin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
fi
pgdir="$(mktemp -d /tmp/pspm-outage-pg.XXXXXX)"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres: "$pgdir"
on_exit "as_pg '$pgbin/pg_ctl' -D '$pgdir/data' -m immediate stop >/dev/null 2>&1; rm -rf '$pgdir'"
pgport="$(free_port)"
as_pg "$pgbin/initdb" -D "$pgdir/data" -A trust -U postgres >"$pgdir/initdb.log" 2>&1 || { cat "$pgdir/initdb.log" >&2; fail "initdb failed"; }
pg_start() {
  as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w -t 30 \
    -o "-p $pgport -k $pgdir -c listen_addresses=127.0.0.1 -c fsync=on" start >/dev/null \
    || { tail -5 "$pgdir/server.log" >&2; fail "the private PostgreSQL did not start"; }
}
pg_stop() { as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null; }
pg_start
url="postgres://postgres@127.0.0.1:$pgport/pspm_outage"
psql "postgres://postgres@127.0.0.1:$pgport/postgres" -qXc "CREATE DATABASE pspm_outage" >/dev/null
say "private PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on port $pgport ($pgdir)"

# --- the server under load -----------------------------------------------------------
label=outage-postgres
load_demo "$url"
port="$(free_port)"
start_server "$label" "$url" "$port" PSPM_DB_TIMEOUT_SECS="$timeout_s"
base="http://127.0.0.1:$port"
client prepare --base "$base" --db "$url" --users 8 --tag "outage$$" --out "$WORK/$label.setup.json" \
  || fail "preparing users failed: $CLIENT_OUT"
setup="$(cat "$WORK/$label.setup.json")"
plan="$(json_get "$setup" 'd["public_plan_id"]')"
since="$(json_get "$setup" 'd["max_contribution_id"]')"
total=$((before_s + outages * (down_s + after_s) + 1))
: >"$WORK/events"
"${CLIENT[@]}" probe --base "$base" --path /health --path "/plans/$plan" --path "/api/v1/plans/$plan" \
  --duration "$total" --interval 0.25 --timeout 30 --out "$WORK/samples.jsonl" >/dev/null 2>>"$WORK/client.err" &
probe_pid=$!
track_pid "$probe_pid"
# Load: 503 is the correct answer while the database is down; a 500, a reset or a
# request slower than the timeout + margin fails.
"${CLIENT[@]}" load --setup "$WORK/$label.setup.json" --threads 16 --duration "$total" \
  --record "$WORK/$label.acks" --timeout 30 --tolerate unavailable \
  --max-latency "$(python3 -c "print($timeout_s * 2 + $margin)")" >"$WORK/load.json" 2>>"$WORK/client.err" &
load_pid=$!
track_pid "$load_pid"

sleep "$before_s"
verdicts=()
for k in $(seq 1 "$outages"); do
  : >"$WORK/events"
  echo "down $(now)" >>"$WORK/events"
  pg_stop
  say "database stopped (-m immediate), outage $k of $outages, $down_s s"
  sleep "$down_s"
  echo "up $(now)" >>"$WORK/events"
  pg_start
  say "database started again"
  sleep "$after_s"
  cp "$WORK/events" "$WORK/events.$k"
done
wait "$probe_pid" || true
load_rc=0
wait "$load_pid" || load_rc=$?
load_out="$(cat "$WORK/load.json")"
say "load: $load_out"

problems=0
for k in $(seq 1 "$outages"); do
  out="$("${CLIENT[@]}" outage-check --samples "$WORK/samples.jsonl" --events "$WORK/events.$k" \
    --timeout "$timeout_s" --margin "$margin" --recover-within "$recover" --window "$after_s" --page-text "$page_text" 2>>"$WORK/client.err")" || problems=$((problems + 1))
  say "outage $k: $out"
  verdicts+=("$out")
done
curl -fsS "$base/health" | grep -q '"database":"ok"' || problem "not healthy at the end"
stop_server "$label"
check_no_panic "$label"
client verify --db "$url" --record "$WORK/$label.acks" || problem "acknowledged writes missing: $CLIENT_OUT"
say "verify: $CLIENT_OUT"
client integrity --db "$url" --since-id "$since" || problem "integrity check failed: $CLIENT_OUT"
say "integrity: $CLIENT_OUT"
if [ "$problems" -gt 0 ]; then
  for v in "${verdicts[@]}"; do json_get "$v" '"\n".join(d["problem_samples"])' >&2; done
  problem "the server misbehaved while the database was down ($problems of $outages outages failed the outage check; samples above)"
fi
[ "$load_rc" = 0 ] || problem "load requests failed: $(json_get "$load_out" 'd["errors"], {k: d["error_samples"].get(k, [])[:2] for k in d["errors"]}, d["max_latency_ms_by_class"]')"
finish_checks outage
echo "outage postgres: ok — $outages outage(s) of $down_s s; $(json_get "${verdicts[0]}" '"503 within %ss, recovered %ss after the database came back" % (d["max_latency_during_outage_s"], d["recovered_after_s"])'); load by class $(json_get "$load_out" 'd["by_class"]')"
echo "outage: passed"
