-- Mixed read/write profile for bench/load.sh: signed-in users (one session cookie per
-- request, taken in turn from PSPM_WRK_COOKIES, a file of "cookie<TAB>user id" lines)
-- read the plan in consultation and contribute to the open consultation through the
-- JSON API:
--   55% GET  /plans/{plan}                            (the plan page, signed in)
--   15% GET  /api/v1/plans/{plan}/nodes               (API read)
--   20% POST /api/v1/consultations/{id}/contributions (a comment on a node)
--    5% POST /api/v1/contributions/{p}/supports       (support a proposal)
--    5% DELETE /api/v1/contributions/{p}/supports     (withdraw it)
-- Supports answer 204 or 409 (already supported, limit reached, not supported): both
-- are correct answers; the report counts 2xx, 409, 5xx and other statuses apart.
-- Environment: PSPM_WRK_COOKIES, PSPM_WRK_PLAN, PSPM_WRK_CONSULTATION,
-- PSPM_WRK_NODES and PSPM_WRK_PROPOSALS (comma-separated ids).

local function split(s)
  local t = {}
  for v in string.gmatch(s or "", "[^,]+") do t[#t + 1] = v end
  return t
end

local threads = {}
local counter = 0

setup = function(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

local cookies, nodes, proposals, plan, consultation
-- Globals, so that done() can read them from each thread with thread:get().
n2xx, n409, n5xx, nother = 0, 0, 0, 0
local seq = 0

init = function(args)
  cookies = {}
  for line in io.lines(os.getenv("PSPM_WRK_COOKIES")) do
    local c = string.match(line, "^([^\t]+)")
    if c then cookies[#cookies + 1] = c end
  end
  nodes = split(os.getenv("PSPM_WRK_NODES"))
  proposals = split(os.getenv("PSPM_WRK_PROPOSALS"))
  plan = os.getenv("PSPM_WRK_PLAN")
  consultation = os.getenv("PSPM_WRK_CONSULTATION")
  math.randomseed(os.time() + (id or 0) * 7919)
end

request = function()
  seq = seq + 1
  local headers = { ["Cookie"] = cookies[(seq + (id or 0)) % #cookies + 1] }
  local r = math.random(100)
  if r <= 55 then
    return wrk.format("GET", "/plans/" .. plan, headers)
  elseif r <= 70 then
    headers["Accept"] = "application/json"
    return wrk.format("GET", "/api/v1/plans/" .. plan .. "/nodes", headers)
  elseif r <= 90 then
    headers["Content-Type"] = "application/json"
    local body = string.format(
      '{"kind":"comment","node_id":%s,"body":"Load test comment %d-%d: more broadband in rural areas."}',
      nodes[math.random(#nodes)], id or 0, seq)
    return wrk.format("POST", "/api/v1/consultations/" .. consultation .. "/contributions", headers, body)
  else
    local method = (r <= 95) and "POST" or "DELETE"
    -- Named as a same-site script does: a bare cookie write is refused (CSRF).
    headers["Content-Type"] = "application/json"
    return wrk.format(method, "/api/v1/contributions/" .. proposals[math.random(#proposals)] .. "/supports", headers)
  end
end

response = function(status, headers, body)
  if status >= 200 and status < 300 then n2xx = n2xx + 1
  elseif status == 409 then n409 = n409 + 1
  elseif status >= 500 then n5xx = n5xx + 1
  else nother = nother + 1 end
end

done = function(summary, latency, requests)
  local a, b, c, d = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    a = a + (t:get("n2xx") or 0)
    b = b + (t:get("n409") or 0)
    c = c + (t:get("n5xx") or 0)
    d = d + (t:get("nother") or 0)
  end
  local secs = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"seconds":%.3f,"rps":%.1f,"p50_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,' ..
    '"connect":%d,"read":%d,"write":%d,"non2xx":%d,"timeout":%d,"s2xx":%d,"s409":%d,"s5xx":%d,"sother":%d}\n',
    summary.requests, secs, summary.requests / secs,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.connect, e.read, e.write, e.status, e.timeout, a, b, c, d))
end
