-- wrk: PUT /api/v1/peers/{hostname}/heartbeat with that peer's token, cycling over TOKENS_FILE ("hostname token"
-- a line, written by the population generator's --tokens-out). Each thread starts at its own random peer, so
-- the threads spread over the population instead of beating the same peers in step.
local peers = {}
for line in io.lines(os.getenv("TOKENS_FILE")) do
  local hostname, token = line:match("^(%S+)%s+(%S+)$")
  if hostname then
    peers[#peers + 1] = { "/api/v1/peers/" .. hostname .. "/heartbeat", { ["Authorization"] = "Bearer " .. token } }
  end
end
local at = 0
init = function(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
  at = math.random(#peers) - 1
end
request = function()
  at = at % #peers + 1
  return wrk.format("PUT", peers[at][1], peers[at][2])
end
