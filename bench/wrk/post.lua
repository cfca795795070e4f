-- POST a small JSON body to the URL's path (the bare write), with the shared summary line.
package.path = package.path .. ";" .. debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "?.lua"
require("report")

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"source": "jmc-op", "latitude": 39.99, "longitude": 46.93, "text": "bare"}'
