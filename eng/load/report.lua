-- wrk script of eng/load.sh: POST /incidents, one new petition per request (a new Idempotency-Key and a new phone number
-- each time, so that no report replays or links to another), as zhou.min (customer service, who reports).
-- Arguments (after --): the file the new incidents' ids are appended to (one per line, from the Location header), and the
-- run's number (0-40: keeps the phone numbers of every run of one script invocation apart).

local threads = 0

function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

function init(args)
  n = 0
  run = tonumber(args[2] or "0")
  if args[1] ~= nil and args[1] ~= "" then
    out = io.open(args[1] .. "." .. tid, "a")
    out:setvbuf("line")
  end
  salt = string.format("%d-%d", os.time(), math.random(1, 1000000000))
end

function request()
  n = n + 1
  local phone = string.format("+86 139 %08d", run * 2000000 + tid * 500000 + n)
  local body = '{"kind":"Petition","channel":"Hotline","category":"ServiceAttitude",'
    .. '"description":"The caller waited 40 minutes on the hotline and was cut off twice.",'
    .. '"petitioner":{"name":"Ms. Lin","phones":["' .. phone .. '"]},'
    .. '"complainedAbout":{"department":"TechnicalSupport"}}'
  return wrk.format("POST", "/incidents", {
    ["Content-Type"] = "application/json",
    ["X-Dev-User"] = "zhou.min",
    ["Idempotency-Key"] = "load-" .. salt .. "-" .. tid .. "-" .. n,
  }, body)
end

function response(status, headers, body)
  if status == 201 and out ~= nil then
    local location = headers["Location"] or headers["location"]
    if location ~= nil then
      out:write(string.match(location, "[^/]+$"), "\n")
    end
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d non2xx=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.status, e.connect, e.read, e.write, e.timeout))
end
