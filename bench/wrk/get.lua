-- GET the URL's path as given (the bare endpoint), with the shared summary line.
package.path = package.path .. ";" .. debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "?.lua"
require("report")
