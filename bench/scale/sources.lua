-- wrk: GET /api/v1/files/{name}/sources, names picked at random from NAMES_FILE (one a line; drawn by popularity).
local names = {}
for line in io.lines(os.getenv("NAMES_FILE")) do names[#names + 1] = line end
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
request = function()
  return wrk.format("GET", "/api/v1/files/" .. names[math.random(#names)] .. "/sources")
end
