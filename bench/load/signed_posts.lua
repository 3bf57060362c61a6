-- wrk driver: replays the pre-signed POSTs of make-requests.js (REQUESTS=<file>), each thread walking its own share
-- of the lines, and counts answers by status so the run can be checked against what the bot stored.
--   THREADS=2 REQUESTS=/tmp/alerts.txt CONTENT_TYPE=application/json wrk -t2 -c32 -d10s -s signed_posts.lua http://127.0.0.1:5103/api/alerts
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  local lines = {}
  local n = 0
  for line in io.lines(os.getenv("REQUESTS")) do
    if n % tonumber(os.getenv("THREADS") or "1") == id then
      table.insert(lines, line)
    end
    n = n + 1
  end
  requests_ = lines
  at = 0
  created, ok, other = 0, 0, 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = os.getenv("CONTENT_TYPE") or "application/json"
end

function request()
  at = at % #requests_ + 1
  local fields = {}
  for field in requests_[at]:gmatch("[^\t]+") do
    table.insert(fields, field)
  end
  local headers = { ["Content-Type"] = wrk.headers["Content-Type"] }
  for i = 1, #fields - 1, 2 do
    headers[fields[i]] = fields[i + 1]
  end
  return wrk.format(nil, nil, headers, fields[#fields])
end

function response(status, headers, body)
  if status == 201 then created = created + 1
  elseif status == 200 then ok = ok + 1
  else other = other + 1 end
end

function done(summary, latency, requests)
  local c, o, x = 0, 0, 0
  for _, thread in ipairs(threads) do
    c = c + thread:get("created"); o = o + thread:get("ok"); x = x + thread:get("other")
  end
  io.write(string.format("RESULT requests=%d rps=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f created=%d ok=%d other=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, c, o, x))
end
