-- Single reports, one per request, over wrk's keep-alive connections. The path comes from the URL, so the same
-- script (same bodies, same Lua cost per request) drives the ingestion endpoint and the no-op baseline.
-- Usage: wrk -t2 -c64 -d15s --latency -s ingest.lua http://localhost:9480/api/v1/authorization-requests
-- Four in five reports match a seeded client, server and policy (src/bench: Bench.seed); the rest are near misses
-- and unknowns, which cost the resolver its near-miss search.
local seeded = 100
local bodies = {}

local function report(redirect, resource, clientId)
  return '{"clientIp":"203.0.113.7","redirectUri":"' .. redirect .. '","resource":"' .. resource
      .. '","clientId":"' .. clientId .. '"}'
end

for i = 0, 499 do
  local c = i % seeded
  local redirect = "https://client-" .. c .. ".bench.example.com/oauth/callback"
  local resource = "https://mcp-" .. c .. ".bench.example.com/mcp"
  if i % 5 == 3 then
    redirect = redirect .. "/"
  elseif i % 5 == 4 then
    redirect = "https://unknown-" .. i .. ".example.org/cb"
    resource = "https://unknown-" .. i .. ".example.org/mcp"
  end
  bodies[#bodies + 1] = report(redirect, resource, "client-" .. c)
end

local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
-- what Bench.authorization gives for this path (Wrk sets it): a gateway token for reports, Basic for the baseline
wrk.headers["Authorization"] = os.getenv("BENCH_AUTHORIZATION")

request = function()
  n = n % #bodies + 1
  return wrk.format(nil, nil, nil, bodies[n])
end
