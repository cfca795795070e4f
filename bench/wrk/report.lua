-- Shared by the wrk scripts of bench/api_load.py: a done() that prints one JSON line the
-- bench parses, and per-thread random seeds.

local threads = {}
local counter = 0

function setup(thread)
   counter = counter + 1
   thread:set("thread_id", counter)
   table.insert(threads, thread)
end

function seed()
   math.randomseed(os.time() * 1000 + (thread_id or 0) * 7919 + math.floor(os.clock() * 1e6))
end

function done(summary, latency, requests)
   local e = summary.errors
   io.write(string.format(
      'WRK_JSON {"requests": %d, "duration_us": %d, "bytes": %d, '
      .. '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d, '
      .. '"p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f}\n',
      summary.requests, summary.duration, summary.bytes,
      e.connect, e.read, e.write, e.status, e.timeout,
      latency:percentile(50), latency:percentile(90), latency:percentile(99),
      latency.max, latency.mean))
end
