-- The peers' Teams driver (../../../shared/bench/peers/wrk/teams_message.lua, same bodies and rotation), plus the
-- bearer token Teams sends with every activity, so PipelineBot is measured with JWT validation on.
--   PEERS_DIR=... BEARER_TOKEN=... wrk -t2 -c32 -d10s -s teams_message_auth.lua http://127.0.0.1:5102/api/messages
local peers = assert(os.getenv("PEERS_DIR"), "PEERS_DIR must name the peers folder")
local token = assert(os.getenv("BEARER_TOKEN"), "BEARER_TOKEN must hold the Connector token")

local format = wrk.format
wrk.format = function(method, path, headers, body)
  headers = headers or {}
  headers["Authorization"] = "Bearer " .. token
  return format(method, path, headers, body)
end

-- The peers' script reads its payload relative to its own folder and defines init, request and done.
dofile(peers .. "/wrk/teams_message.lua")
