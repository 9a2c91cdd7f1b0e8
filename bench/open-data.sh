#!/usr/bin/env bash
# The open-data download as readers take it (bench/ANALYTICS.md, "Open-data
# export"): N readers at once on a server that has no archive yet, while
# /health (one database query) is asked every second; then N readers again,
# and a conditional request. Reports each answer, and the server's memory.
#
# Usage: bench/open-data.sh BINARY DATABASE_URL [N]
set -euo pipefail
bin=$1
url=$2
n=${3:-8}
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base=http://127.0.0.1:$port
zip=$base/api/v1/export/open-data.zip
PSPM_ADDR=127.0.0.1:$port DATABASE_URL=$url PSPM_DEMO=false PSPM_LOG=warn "$bin" serve &
server=$!
trap 'kill $server 2>/dev/null' EXIT
until curl -fsS -m 2 "$base/health" >/dev/null 2>&1; do sleep 0.5; done

memory() { awk '/VmHWM|VmRSS/ { printf "%s %d MiB  ", $1, $2 / 1024 }' "/proc/$server/status"; echo; }
readers() {
    local pids=()
    for _ in $(seq "$n"); do
        curl -s -o /dev/null -m 600 -w "  %{http_code} in %{time_total} s, %{size_download} bytes\n" "$zip" &
        pids+=($!)
    done
    wait "${pids[@]}"
}

echo "started: $(memory)"
echo "$n readers at once, no archive yet:"
start=$(date +%s.%N)
readers &
downloads=$!
worst=0
while kill -0 "$downloads" 2>/dev/null; do
    t=$(curl -s -o /dev/null -m 60 -w "%{http_code} %{time_total}" "$base/health")
    worst=$(echo "$t $worst" | awk '{ print ($2 > $3 ? $2 : $3) }')
    [ "${t%% *}" = 200 ] || echo "  /health answered ${t%% *}"
    sleep 1
done
wait "$downloads"
echo "  slowest /health meanwhile: $worst s"
# Readers told to come back (503) ask until the archive is there.
until [ "$(curl -s -o /dev/null -w '%{http_code}' "$zip")" = 200 ]; do sleep 1; done
echo "  first archive after $(echo "$(date +%s.%N) - $start" | bc) s; $(memory)"
echo "$n readers at once, archive built:"
readers
etag=$(curl -s -D - -o /dev/null "$zip" | awk -F': ' 'tolower($1) == "etag" { print $2 }' | tr -d '\r')
echo "  If-None-Match $etag: $(curl -s -o /dev/null -w '%{http_code} in %{time_total} s' -H "If-None-Match: $etag" "$zip")"
echo "after: $(memory)"
