#!/usr/bin/env bash
# Crash: under write load, `kill -9` the server and start it again (PSPM_CRASH_KILLS
# times), then kill it once more and check, on the files/rows it left behind, that every
# write it acknowledged is there, nothing is half-written (each new contribution has the
# audit event of its transaction) and the database is consistent (SQLite
# `PRAGMA integrity_check` = ok and no foreign-key violation; PostgreSQL: no orphan or
# duplicate rows). Writes after each restart must succeed again (the load client only
# tolerates refused and reset connections, i.e. the moments the server is down).
#
#   PSPM_RESILIENCE_SHORT=1 bash bench/resilience/crash.sh   # 1 kill, ~10 s per backend
#   bash bench/resilience/crash.sh                           # 5 kills over 60 s
source "$(dirname "$0")/lib.sh"

if [ "$SHORT" = 1 ]; then kills="${PSPM_CRASH_KILLS:-1}"; every="${PSPM_CRASH_EVERY:-3}"; else kills="${PSPM_CRASH_KILLS:-5}"; every="${PSPM_CRASH_EVERY:-10}"; fi
conns="${PSPM_CRASH_CONNECTIONS:-32}"
# The load runs through every kill and ends `every` seconds after the last restart
# (the duration is only an upper bound).
secs=$(( (kills + 1) * (every + 30) ))

backends_to_run
for backend in "${RUN_BACKENDS[@]}"; do
  label="crash-$backend"
  nprob=${#PROBLEMS[@]}
  fresh_db "$backend" crash
  url="$DB_URL"
  load_demo "$url"
  port="$(free_port)"
  start_server "$label" "$url" "$port"
  base="http://127.0.0.1:$port"
  client prepare --base "$base" --db "$url" --users 16 --tag "crash$$" --out "$WORK/$label.setup.json" \
    || fail "$backend: preparing users failed: $CLIENT_OUT"
  since="$(json_get "$(cat "$WORK/$label.setup.json")" 'd["max_contribution_id"]')"
  say "$backend: write load ($conns connections, mostly writes), kill -9 every $every s ($kills times)"
  "${CLIENT[@]}" load --setup "$WORK/$label.setup.json" --threads "$conns" --duration "$secs" \
    --mix read=10,comment=60,proposal=10,support=20 --record "$WORK/$label.acks" --timeout 15 \
    --tolerate refused,reset --stop-file "$WORK/$label.stop" >"$WORK/$label.load.json" 2>>"$WORK/client.err" &
  load_pid=$!
  track_pid "$load_pid"
  after_restart=""
  for k in $(seq 1 "$kills"); do
    sleep "$every"
    kill -9 "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null || true
    say "$backend: killed the server (kill $k of $kills)"
    sleep 0.5
    start_server "$label" "$url" "$port"
    after_restart="$(json_get "$("${CLIENT[@]}" discover --db "$url")" 'd["max_contribution_id"]')"
    say "$backend: restarted; last contribution id $after_restart"
  done
  sleep "$every"
  touch "$WORK/$label.stop"
  load_rc=0
  wait "$load_pid" || load_rc=$?
  load_out="$(cat "$WORK/$label.load.json")"
  say "$backend: load: $load_out"
  # The final crash: nothing is flushed or closed gracefully.
  kill -9 "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
  check_no_panic "$label"
  [ "$load_rc" = 0 ] || problem "$backend: requests failed other than while the server was down: $(json_get "$load_out" 'd["errors"], {k: d["error_samples"].get(k, [])[:2] for k in d["errors"]}')"
  resumed="$(awk -F'\t' -v m="$after_restart" '$1 == "C" && $2 > m {n++} END {print n+0}' "$WORK/$label.acks")"
  [ "$resumed" -gt 0 ] || problem "$backend: no write was acknowledged after the last restart"
  client integrity --db "$url" --since-id "$since" || problem "$backend: integrity check failed after kill -9: $CLIENT_OUT"
  say "$backend: integrity: $CLIENT_OUT"
  client verify --db "$url" --record "$WORK/$label.acks" || problem "$backend: acknowledged writes lost after kill -9: $CLIENT_OUT"
  say "$backend: verify: $CLIENT_OUT"
  # And the server starts on what the crash left.
  start_server "$label" "$url" "$port"
  curl -fsS "$base/health" | grep -q '"database":"ok"' || problem "$backend: unhealthy after the crash"
  stop_server "$label"
  ((${#PROBLEMS[@]} == nprob)) || continue
  echo "crash $backend: ok — $kills kill(s), $(json_get "$CLIENT_OUT" 'd["acked_contributions"]') acknowledged contributions all present, $resumed after the last restart; by class $(json_get "$load_out" 'd["by_class"]')"
done
finish_checks crash
echo "crash: passed"
