-- wrk against opentracker: /announce of a random (peer, torrent) pair. PEERS peers, CATALOG torrents drawn with a
-- Zipf-like skew (the index is CATALOG^u, u uniform: popular torrents far more often), like the tracker's population.
local peers = tonumber(os.getenv("PEERS") or "100000")
local catalog = tonumber(os.getenv("CATALOG") or "1000000")
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
local function bytes20(prefix, n)
  local hex = string.format("%s%032x", prefix, n)
  return (hex:gsub("..", "%%%0"))
end
request = function()
  local peer = math.random(peers) - 1
  local torrent = math.floor(catalog ^ math.random()) - 1
  return wrk.format("GET", "/announce?info_hash=" .. bytes20("70656572", torrent) .. "&peer_id=" .. bytes20("70656572", peer)
    .. "&port=" .. (1024 + peer % 64000) .. "&uploaded=0&downloaded=0&left=0&compact=1&numwant=50")
end
