-- wrk report for bench/load.sh: one machine-readable line with the figures it reads.
-- Usage: wrk --latency -s bench/client/wrk-report.lua URL
-- Optional: PSPM_WRK_COOKIE (sent with every request), PSPM_WRK_GZIP.

-- PSPM_WRK_GZIP=1 asks for gzip, as browsers do.
if os.getenv("PSPM_WRK_GZIP") == "1" then
  wrk.headers["Accept-Encoding"] = "gzip"
end

local cookie = os.getenv("PSPM_WRK_COOKIE")
if cookie and cookie ~= "" then
  wrk.headers["Cookie"] = cookie
end

done = function(summary, latency, requests)
  local secs = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"seconds":%.3f,"rps":%.1f,"p50_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,' ..
    '"connect":%d,"read":%d,"write":%d,"non2xx":%d,"timeout":%d}\n',
    summary.requests, secs, summary.requests / secs,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.connect, e.read, e.write, e.status, e.timeout))
end
