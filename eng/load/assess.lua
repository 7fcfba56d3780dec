-- wrk script of eng/load.sh: POST /incidents/{id}/assessment (level IV: no escalation, no notification), as zhang.wei (the
-- petition handling group's leader, who assesses). Each request assesses the next reported incident of the pool: an
-- incident is assessed once (a second assessment is refused, 409, and counted as an error).
-- Arguments (after --): the pool (one incident id a line) and the index of its first id to use (0-based). Run with one
-- thread (-t1): the next run starts after the ids this one used.

local threads = 0

function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

function init(args)
  ids = {}
  for line in io.lines(args[1]) do
    if line ~= "" then
      ids[#ids + 1] = line
    end
  end
  next_index = tonumber(args[2] or "0") + tid
  step = threads_total or 1
  body = '{"level":"IV","scope":"Individual","potentialRisk":"Low","rationale":"One caller; no media interest."}'
  headers = { ["Content-Type"] = "application/json", ["X-Dev-User"] = "zhang.wei" }
end

function request()
  -- Past the end of the pool it wraps around: those requests are refused (409) and the run is reported invalid.
  local id = ids[(next_index % #ids) + 1]
  next_index = next_index + step
  return wrk.format("POST", "/incidents/" .. id .. "/assessment", headers, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d non2xx=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.status, e.connect, e.read, e.write, e.timeout))
end
