-- Varied catalogue searches for bench/load.sh: each request asks for one or two words of
-- the national generator's vocabulary (backend/src/services/scale.rs, WORDS), a level,
-- a policy area and a page, drawn at random: about 48 x 48 x 4 x 5 x 3 combinations, far
-- more than the server keeps (app::KEPT_SEARCHES, 64), so nearly every request is a search
-- of its own and the figures show the uncached cost. The route `search` repeats one query
-- (a shared link, a popular search), which the server keeps.
-- Usage: wrk --latency -s bench/client/wrk-search.lua http://HOST:PORT
-- Optional: PSPM_WRK_GZIP=1 asks for gzip, as browsers do.

local words = {
  "servizi", "digitali", "cittadini", "comuni", "dati", "piattaforma", "scuole", "sanità",
  "energia", "mobilità", "bilancio", "partecipazione", "formazione", "comunità", "accesso",
  "processi", "risultati", "progetto", "uffici", "cooperazione", "innovazione",
  "monitoraggio", "strategia", "appalti", "trasparenza", "inclusione", "casa", "turismo",
  "rifiuti", "acqua", "lavoro", "imprese", "territorio", "giovani", "anziani", "trasporti",
  "semplificazione", "identità", "pagamenti", "interoperabilità", "competenze",
  "connettività", "sostenibilità", "clima", "cultura", "giustizia", "ricerca", "sportelli",
}
local levels = { "local", "regional", "national", "eu" }
local areas = { "digital", "public_administration", "finance", "environment", "health" }

if os.getenv("PSPM_WRK_GZIP") == "1" then
  wrk.headers["Accept-Encoding"] = "gzip"
end

local function encode(s)
  return (string.gsub(s, "[^%w%-_.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

init = function(args)
  math.randomseed(os.time() + math.random(1000000))
end

request = function()
  local q = words[math.random(#words)]
  if math.random(2) == 1 then q = q .. " " .. words[math.random(#words)] end
  local path = string.format("/practices?q=%s&level=%s&policy_area=%s&page=%d",
    encode(q), levels[math.random(#levels)], areas[math.random(#areas)], math.random(3))
  return wrk.format("GET", path)
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
