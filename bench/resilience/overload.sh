#!/usr/bin/env bash
# Overload: far more concurrent clients than database connections (PSPM_POOL_SIZE=2,
# PSPM_DB_TIMEOUT_SECS=1, 150 connections of mixed read/write load). Passes when every
# request is answered — served after queueing, or 503 `service_unavailable` — and none
# takes longer than PSPM_OVERLOAD_MAX_S (the timeout + 3 s: all of a request's waits
# for a connection, for its session and for its handler, share one deadline, and it
# then needs CPU time on a saturated machine), no request gets a 500, another 4xx or a reset,
# some writes succeed, every acknowledged write is stored and the database is consistent.
#
#   PSPM_RESILIENCE_SHORT=1 bash bench/resilience/overload.sh   # 6 s per backend (CI)
#   bash bench/resilience/overload.sh                           # 60 s per backend
source "$(dirname "$0")/lib.sh"

pool=2
timeout_s="${PSPM_OVERLOAD_DB_TIMEOUT:-1}"
conns="${PSPM_OVERLOAD_CONNECTIONS:-150}"
max_s="${PSPM_OVERLOAD_MAX_S:-$(python3 -c "print($timeout_s + 3)")}"
if [ "$SHORT" = 1 ]; then secs="${PSPM_OVERLOAD_SECONDS:-6}"; else secs="${PSPM_OVERLOAD_SECONDS:-60}"; fi

backends_to_run
for backend in "${RUN_BACKENDS[@]}"; do
  label="overload-$backend"
  nprob=${#PROBLEMS[@]}
  fresh_db "$backend" overload
  url="$DB_URL"
  load_demo "$url"
  port="$(free_port)"
  start_server "$label" "$url" "$port" PSPM_POOL_SIZE="$pool" PSPM_DB_TIMEOUT_SECS="$timeout_s"
  base="http://127.0.0.1:$port"
  client prepare --base "$base" --db "$url" --users 16 --tag "overload$$" --out "$WORK/$label.setup.json" \
    || fail "$backend: preparing users failed: $CLIENT_OUT"
  since="$(json_get "$(cat "$WORK/$label.setup.json")" 'd["max_contribution_id"]')"
  say "$backend: $conns connections on a pool of $pool for $secs s"
  load_rc=0
  client load --setup "$WORK/$label.setup.json" --threads "$conns" --duration "$secs" \
    --record "$WORK/$label.acks" --timeout 30 --tolerate unavailable --max-latency "$max_s" || load_rc=$?
  load_out="$CLIENT_OUT"
  say "$backend: load: $load_out"
  # (The load client counts a 503 from the API without the code service_unavailable as
  # the error class unclear_503.)
  code="$(curl -s -o /dev/null -w '%{http_code}' "$base/health")"
  [ "$code" = 200 ] || problem "$backend: /health answers $code once the load is over"
  stop_server "$label"
  check_no_panic "$label"
  [ "$load_rc" = 0 ] || problem "$backend: requests failed or were too slow: $(json_get "$load_out" 'd["errors"], {k: d["error_samples"].get(k, [])[:2] for k in d["errors"]}, d["max_latency_ms_by_class"]')"
  client verify --db "$url" --record "$WORK/$label.acks" || problem "$backend: acknowledged writes missing: $CLIENT_OUT"
  say "$backend: verify: $CLIENT_OUT"
  client integrity --db "$url" --since-id "$since" || problem "$backend: integrity check failed: $CLIENT_OUT"
  say "$backend: integrity: $CLIENT_OUT"
  ((${#PROBLEMS[@]} == nprob)) || continue
  echo "overload $backend: ok — $(json_get "$load_out" '"%s requests, %s acknowledged writes, by class %s, max latency by class (ms) %s" % (d["requests"], d["acked_writes"], d["by_class"], d["max_latency_ms_by_class"])')"
done
finish_checks overload
echo "overload: passed"
