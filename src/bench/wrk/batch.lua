-- Batches of 1,000 reports (the API's maximum) per request; entries/s = requests/s x 1,000.
-- Usage: wrk -t2 -c8 -d15s --latency -s batch.lua http://localhost:9480/api/v1/authorization-requests/batch
local seeded = 100
local size = 1000
local items = {}
for i = 0, size - 1 do
  local c = i % seeded
  local redirect = "https://client-" .. c .. ".bench.example.com/oauth/callback"
  if i % 5 == 3 then
    redirect = redirect .. "/"
  end
  items[#items + 1] = '{"clientIp":"203.0.113.7","redirectUri":"' .. redirect
      .. '","resource":"https://mcp-' .. c .. '.bench.example.com/mcp","clientId":"client-' .. c .. '"}'
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
-- what Bench.authorization gives for this path (Wrk sets it): a gateway token for reports, Basic for the baseline
wrk.headers["Authorization"] = os.getenv("BENCH_AUTHORIZATION")
wrk.body = "[" .. table.concat(items, ",") .. "]"
