-- GET /api/v1/reports with filters: a time window of 30 days somewhere in the generated
-- period, a box of about 0.5 x 0.6 degrees inside the region, one event type, limit 50.
-- Each request draws its own window and box, so no answer is served from a warm page alone.
package.path = package.path .. ";" .. debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "?.lua"
require("report")

local event_types = {
   "Battles", "Explosions%2FRemote%20violence", "Violence%20against%20civilians",
   "Strategic%20developments", "Protests",
}
-- 2020-11-10 .. 2023-08-20 as Unix days
local first_day, last_day = 18576, 19589

local function iso(day)
   return os.date("!%Y-%m-%dT00:00:00Z", day * 86400)
end

function init(args)
   seed()
end

function request()
   local day = math.random(first_day, last_day)
   local lat = 39.4 + math.random() * 0.6
   local lon = 46.0 + math.random() * 0.8
   local path = string.format(
      "/api/v1/reports?since=%s&until=%s&bbox=%.4f,%.4f,%.4f,%.4f&event_type=%s&limit=50",
      iso(day), iso(day + 30), lon, lat, lon + 0.6, lat + 0.5,
      event_types[math.random(#event_types)])
   return wrk.format("GET", path)
end
