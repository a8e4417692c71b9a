-- Records per second through the Fluent Bit filter (bindings/fluent-bit/logscrub.lua), called
-- as Fluent Bit calls it, on one core: Kubernetes-style records of ~190 bytes of JSON, first
-- clean, then each with an AWS key in its log line.
-- Usage (from the repository root, after building build/liblogscrub.so):
--   luajit bench/fluent_bit_filter.lua [RECORDS]
dofile("bindings/fluent-bit/logscrub.lua")
local n = tonumber(arg[1]) or 200000

local records = {}
for i = 1, n do
  records[i] = {
    log = "2024-05-14T09:12:49Z INFO request id=" .. i .. " GET /api/v1/items?page=3 200 12ms",
    stream = "stdout",
    kubernetes = {pod_name = "api-7d9f", namespace_name = "prod", labels = {app = "api"}},
  }
end

local function run(what)
  local changed, start = 0, os.clock()
  for i = 1, n do
    if logscrub_filter("app", 0, records[i]) ~= 0 then changed = changed + 1 end
  end
  local seconds = os.clock() - start
  print(string.format("%-14s %d records, %d changed: %.0f records/s, %.2f us per record", what, n,
                      changed, n / seconds, seconds / n * 1e6))
end

run("clean")
for i = 1, n do records[i].log = records[i].log .. " key AKIAZ5B3Q2XJ7N4PLW6R" end
run("with a secret")
