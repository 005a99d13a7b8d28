-- post.lua - wrk script for bench/http/run.mjs: POSTs a consultation per request, each body
-- distinct (run tag, thread number, request number in buyer_company and in amount), with an API
-- token as Authorization: Bearer (no session, so no CSRF token). Counts the answers by status
-- in every thread and prints, at the end, one line the runner parses:
--   RESULT ok=N non2xx=M statuses=201:N,400:K,...
-- and writes the id of every consultation answered 2xx (from its Location header), one a line,
-- into BENCH_IDS, for the runner to find each in the database.
-- Set by the environment: BENCH_TOKEN, BENCH_PAVILION, BENCH_EXHIBITOR, BENCH_TAG, BENCH_IDS.

local token = os.getenv("BENCH_TOKEN") or error("BENCH_TOKEN is not set")
local pavilion = tonumber(os.getenv("BENCH_PAVILION") or "1")
local exhibitor = tonumber(os.getenv("BENCH_EXHIBITOR") or "1")
local tag = os.getenv("BENCH_TAG") or "bench"
local ids_file = os.getenv("BENCH_IDS")

local threads = {}
local counter = 1

function setup(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end

function init(args)
  n = 0
  ok = 0
  non2xx = 0
  statuses = {}
  ids = {}
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. token
  prefix = string.format('{"pavilion_id":%d,"exhibitor_id":%d,"kind":"walk_in",' ..
    '"consulted_at":"2024-01-10T09:30:00-08:00","buyer_company":"%s t%d #', pavilion, exhibitor,
    tag, id)
end

function request()
  n = n + 1
  local body = prefix .. n .. string.format('","buyer_country":"US","product":"bench load",' ..
    '"amount":%d,"currency":"USD","next_step":"send a quote"}', 100000 + n)
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  if status >= 200 and status < 300 then
    ok = ok + 1
    local location = headers["Location"] or headers["location"] or ""
    local created = location:match("/(%d+)$")
    if created then
      ids[#ids + 1] = tonumber(created)
    end
  else
    non2xx = non2xx + 1
  end
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total_ok, total_bad, by = 0, 0, {}
  local out = ids_file and io.open(ids_file, "w")
  for _, t in ipairs(threads) do
    if out then
      for _, created in ipairs(t:get("ids")) do
        out:write(created, "\n")
      end
    end
    total_ok = total_ok + t:get("ok")
    total_bad = total_bad + t:get("non2xx")
    local s = t:get("statuses")
    for code, count in pairs(s) do
      by[code] = (by[code] or 0) + count
    end
  end
  if out then
    out:close()
  end
  local parts = {}
  for code, count in pairs(by) do
    table.insert(parts, code .. ":" .. count)
  end
  table.sort(parts)
  io.write(string.format("RESULT ok=%d non2xx=%d statuses=%s\n", total_ok, total_bad,
    table.concat(parts, ",")))
end
