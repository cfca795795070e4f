-- POST /api/v1/reports: a valid report of a random event type, place and time in the
-- region, with a fresh random external_id (so a retry would find it). Pass `idempotency`
-- after `--` to send a fresh Idempotency-Key with every request as well.
package.path = package.path .. ";" .. debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "?.lua"
require("report")

local kinds = {
   {"Explosions/Remote violence", "Shelling/artillery/missile attack"},
   {"Battles", "Armed clash"},
   {"Violence against civilians", "Attack"},
   {"Explosions/Remote violence", "Air/drone strike"},
}
local sources = {"jmc-patrol", "jmc-op", "jmc-uav", "ru-peacekeepers"}
local observed = {"saw", "heard", "uav"}
local times = {"minute", "hour", "day"}
local places = {"exact", "settlement", "near"}
local first_day, last_day = 18576, 19619
local idempotency = false

function init(args)
   seed()
   idempotency = args[1] == "idempotency"
   wrk.headers["Content-Type"] = "application/json"
end

local function hex(n)
   local t = {}
   for i = 1, n do t[i] = string.format("%x", math.random(0, 15)) end
   return table.concat(t)
end

function request()
   local kind = kinds[math.random(#kinds)]
   local when = (math.random(first_day, last_day) * 86400) + math.random(0, 86399)
   local body = string.format(
      '{"source": "%s", "occurred_start": "%s", "time_precision": "%s",'
      .. ' "latitude": %.5f, "longitude": %.5f, "geo_precision": "%s",'
      .. ' "event_type": "%s", "sub_event_type": "%s",'
      .. ' "actors": [{"name": "Unknown forces", "side": "initiator"}],'
      .. ' "observations": {"explosions": %d}, "how_observed": "%s", "credibility": %d,'
      .. ' "text": "Load test report %s.", "external_id": "load-%s"}',
      sources[math.random(#sources)], os.date("!%Y-%m-%dT%H:%M:%SZ", when),
      times[math.random(#times)], 39.4 + math.random() * 1.0, 46.0 + math.random() * 1.3,
      places[math.random(#places)], kind[1], kind[2], math.random(0, 20),
      observed[math.random(#observed)], math.random(1, 6), hex(8), hex(24))
   local headers = {}
   for k, v in pairs(wrk.headers) do headers[k] = v end
   if idempotency then headers["Idempotency-Key"] = hex(32) end
   return wrk.format("POST", "/api/v1/reports", headers, body)
end
