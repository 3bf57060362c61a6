-- The peers' Teams driver (../../../shared/bench/peers/wrk/teams_message.lua, same bodies and rotation), plus the
-- bearer token Teams sends with every activity, so PipelineBot is measured with JWT validation on.
--   PEERS_DIR=... BEARER_TOKEN=... wrk -t2 -c32 -d10s -s teams_message_auth.lua http://127.0.0.1:5102/api/messages
local peers = assert(os.getenv("PEERS_DIR"), "PEERS_DIR must name the peers folder")
local token = assert(os.getenv("BEARER_TOKEN"), "BEARER_TOKEN must hold the Connector token")

-- PipelineBot answers an activity it has already taken (same conversation and id) once, as it must for the
-- Connector's redeliveries; the peers' 1,024 rotated ids repeat within a second of the run, so each request here gets an
-- id of its own (the run's start, thread number and count), or most would be measured as dropped repeats.
local run = os.time()
local sent = 0
local format = wrk.format
wrk.format = function(method, path, headers, body)
  headers = headers or {}
  headers["Authorization"] = "Bearer " .. token
  sent = sent + 1
  if body then
    body = body:gsub('"id":"17369334%d+"', string.format('"id":"%d-%d-%d"', run, thread_number or 0, sent), 1)
  end
  return format(method, path, headers, body)
end

-- The peers' script reads its payload relative to its own folder and defines init, request and done.
dofile(peers .. "/wrk/teams_message.lua")

local threads = 0
local peer_setup = setup
function setup(thread)
  thread:set("thread_number", threads)
  threads = threads + 1
  if peer_setup then
    peer_setup(thread)
  end
end
