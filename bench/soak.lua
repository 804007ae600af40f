-- wrk script for bench/soak.sh: cycles over a plan of signed-in pages and API calls and counts
-- every response status, so that a redirect to the sign-in page (a lost session) or a 429 is
-- caught as an error instead of passing as "2xx or 3xx".
--
--   wrk -t2 -c1000 -d600s --timeout 10s -s bench/soak.lua http://127.0.0.1:PORT -- PLAN_FILE
--
-- PLAN_FILE has one request per line: a path, then any number of "Name: value" headers, all
-- separated by tabs. Every request in the plan must answer 200.
--
-- At the end it prints lines starting with "soak:" that bench/soak.sh reads:
--   soak: status <code> <count>        one line per status seen
--   soak: unexpected <count>           responses that were not 200
--   soak: latency_ms p50 <ms> p90 <ms> p99 <ms> p999 <ms> max <ms>
--   soak: socket_errors connect <n> read <n> write <n> timeout <n>
--   soak: requests <n>

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

local function split(line, separator)
  local fields = {}
  for field in string.gmatch(line, "[^" .. separator .. "]+") do
    table.insert(fields, field)
  end
  return fields
end

-- Each thread builds the raw requests once, so the hot path only picks the next string.
function init(args)
  local plan = args[1]
  if plan == nil then
    error("soak.lua: pass the plan file after --")
  end
  prepared = {}
  for line in io.lines(plan) do
    if line ~= "" then
      local fields = split(line, "\t")
      local headers = {}
      for i = 2, #fields do
        local name, value = string.match(fields[i], "^([^:]+):%s*(.*)$")
        if name == nil then
          error("soak.lua: bad header '" .. fields[i] .. "' in " .. plan)
        end
        headers[name] = value
      end
      table.insert(prepared, wrk.format("GET", fields[1], headers))
    end
  end
  if #prepared == 0 then
    error("soak.lua: " .. plan .. " has no requests")
  end
  next_index = 0
  statuses = {}
  unexpected = 0
end

function request()
  next_index = next_index % #prepared + 1
  return prepared[next_index]
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status ~= 200 then
    unexpected = unexpected + 1
  end
end

function done(summary, latency, requests)
  local totals = {}
  local unexpected_total = 0
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      totals[status] = (totals[status] or 0) + count
    end
    unexpected_total = unexpected_total + thread:get("unexpected")
  end
  local codes = {}
  for status in pairs(totals) do
    table.insert(codes, status)
  end
  table.sort(codes)
  for _, status in ipairs(codes) do
    io.write(string.format("soak: status %d %d\n", status, totals[status]))
  end
  io.write(string.format("soak: unexpected %d\n", unexpected_total))
  -- wrk measures latency in microseconds.
  io.write(string.format("soak: latency_ms p50 %.2f p90 %.2f p99 %.2f p999 %.2f max %.2f\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, latency.max / 1000))
  local e = summary.errors
  io.write(string.format("soak: socket_errors connect %d read %d write %d timeout %d\n",
    e.connect, e.read, e.write, e.timeout))
  io.write(string.format("soak: requests %d\n", summary.requests))
end
