#!/usr/bin/env bash
# Soak: mixed read/write load at 200 connections for a fixed time, on SQLite and
# PostgreSQL. Passes when no request failed (409 answers to supports are correct
# answers), every write the server acknowledged is in the database afterwards, the
# database is consistent, and the server's memory does not keep growing: the mean RSS
# of the last third of the run is at most PSPM_SOAK_RSS_RATIO (1.25) times that of the
# first third plus PSPM_SOAK_RSS_SLACK_MB (16), and the peak (VmHWM) stays within
# PSPM_SOAK_RSS_LIMIT_MB (150, issue 7's goal; 60–80 MB measured with a debug build).
#
#   PSPM_RESILIENCE_SHORT=1 bash bench/resilience/soak.sh   # 8 s per backend (CI)
#   PSPM_SOAK_SECONDS=600 bash bench/resilience/soak.sh      # long mode (default 300 s)
# Also: PSPM_SOAK_CONNECTIONS (200), PSPM_SOAK_USERS (24).
source "$(dirname "$0")/lib.sh"

if [ "$SHORT" = 1 ]; then secs="${PSPM_SOAK_SECONDS:-8}"; else secs="${PSPM_SOAK_SECONDS:-300}"; fi
conns="${PSPM_SOAK_CONNECTIONS:-200}"
users="${PSPM_SOAK_USERS:-24}"
ratio="${PSPM_SOAK_RSS_RATIO:-1.25}"
slack="${PSPM_SOAK_RSS_SLACK_MB:-16}"
limit_mb="${PSPM_SOAK_RSS_LIMIT_MB:-150}"

backends_to_run
for backend in "${RUN_BACKENDS[@]}"; do
  label="soak-$backend"
  nprob=${#PROBLEMS[@]}
  fresh_db "$backend" soak
  url="$DB_URL"
  load_demo "$url"
  port="$(free_port)"
  start_server "$label" "$url" "$port"
  base="http://127.0.0.1:$port"
  client prepare --base "$base" --db "$url" --users "$users" --tag "soak$$" --out "$WORK/$label.setup.json" \
    || fail "$backend: preparing users failed: $CLIENT_OUT $(tail -3 "$WORK/client.err")"
  since="$(json_get "$(cat "$WORK/$label.setup.json")" 'd["max_contribution_id"]')"
  interval=1; [ "$SHORT" = 1 ] && interval=0.25
  rss_sampler "$SERVER_PID" "$WORK/$label.rss" "$interval"
  say "$backend: $conns connections for $secs s"
  load_rc=0
  client load --setup "$WORK/$label.setup.json" --threads "$conns" --duration "$secs" \
    --record "$WORK/$label.acks" --timeout 30 || load_rc=$?
  load_out="$CLIENT_OUT"
  kill "$SAMPLER_PID" 2>/dev/null || true
  hwm="$(rss_kb "$SERVER_PID" VmHWM)"
  say "$backend: load: $load_out"
  [ "$load_rc" = 0 ] || problem "$backend: requests failed under load: $(json_get "$load_out" 'd["errors"], {k: d["error_samples"].get(k, [])[:2] for k in d["errors"]}')"

  rss_verdict="$(python3 - "$WORK/$label.rss" "$ratio" "$slack" <<'EOF'
import sys
v = [int(x) for x in open(sys.argv[1]).read().split()]
ratio, slack = float(sys.argv[2]), float(sys.argv[3]) * 1024
n = len(v) // 3
if n < 1:
    print("FAIL too few RSS samples"); sys.exit()
first, last = sum(v[:n]) / n, sum(v[-n:]) / n
ok = last <= first * ratio + slack
print(f"{'OK' if ok else 'FAIL'} first third {first/1024:.1f} MB, last third {last/1024:.1f} MB, "
      f"max {max(v)/1024:.1f} MB ({len(v)} samples; limit {ratio} x first + {slack/1024:.0f} MB)")
EOF
)"
  say "$backend: RSS: $rss_verdict; VmHWM $((hwm / 1024)) MB"
  stop_server "$label"
  check_no_panic "$label"
  client verify --db "$url" --record "$WORK/$label.acks" || problem "$backend: acknowledged writes missing: $CLIENT_OUT"
  say "$backend: verify: $CLIENT_OUT"
  client integrity --db "$url" --since-id "$since" || problem "$backend: integrity check failed: $CLIENT_OUT"
  say "$backend: integrity: $CLIENT_OUT"
  [[ "$rss_verdict" == OK* ]] || problem "$backend: memory keeps growing: $rss_verdict"
  [ -n "$hwm" ] && [ "$((hwm / 1024))" -le "$limit_mb" ] \
    || problem "$backend: peak memory (VmHWM) $((${hwm:-0} / 1024)) MB is above $limit_mb MB"
  ((${#PROBLEMS[@]} == nprob)) || continue
  echo "soak $backend: ok — $(json_get "$load_out" '"%s requests, %s req/s, %s acknowledged writes, by class %s" % (d["requests"], d["rps"], d["acked_writes"], d["by_class"])'); RSS $rss_verdict"
done
finish_checks soak
echo "soak: passed"
