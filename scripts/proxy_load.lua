-- wrk script for scripts/proxy_load.py: an exact number of IoT CreatePackage requests
-- (PUT /packages/{packageName}, specs/iot.json), valid and invalid mixed, each carrying a unique
-- id in its packageName so that the proxy's and the upstream's access logs can be matched
-- against what was sent.
--
-- Set by the environment (wrk passes no arguments to setup()):
--   PROXY_LOAD_RUN      run tag, the first part of every id ([A-Za-z0-9]+)
--   PROXY_LOAD_VALID    valid requests to send in all
--   PROXY_LOAD_INVALID  invalid requests to send in all
--   PROXY_LOAD_THREADS  the -t given to wrk (the requests are split between the threads)
--   PROXY_LOAD_DIR      a directory for the threads' "finished" markers
--   PROXY_LOAD_BODY     the body of the valid requests
--
-- Each thread sends its share and no more: delay() holds a connection once the share is
-- reserved, and the last thread to receive its last response stops wrk with SIGINT (wrk
-- otherwise runs until -d, which stays the time bound). The request with id RUN-tT-nN is
-- invalid when N falls on the thread's even spread of invalid requests; invalid requests
-- rotate through four faults. done() prints one line, "proxy-load-result {json}".

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } proxy_load_timespec;
int clock_gettime(int clock, proxy_load_timespec *ts);
int kill(int pid, int sig);
int getpid(void);
]]

local CLOCK_MONOTONIC, SIGINT = 1, 2
local timespec = ffi.new("proxy_load_timespec")
local function now_us()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, timespec)
  return tonumber(timespec.tv_sec) * 1000000 + math.floor(tonumber(timespec.tv_nsec) / 1000)
end

local function env_number(name)
  local v = tonumber(os.getenv(name) or "")
  if v == nil or v < 0 or v ~= math.floor(v) then
    error(name .. " must be set to a whole number")
  end
  return v
end

local RUN = os.getenv("PROXY_LOAD_RUN") or error("PROXY_LOAD_RUN must be set")
local DIR = os.getenv("PROXY_LOAD_DIR") or error("PROXY_LOAD_DIR must be set")

-- The idempotency token is a query parameter (36 to 64 non-space characters); the valid body
-- (about 400 bytes, scripts/proxy_load.py's VALID_BODY) must hold a "cost-center" tag.
local TOKEN = "3f2b8c1e-4d5a-4e6f-9a7b-8c9d0e1f2a3b"
local VALID_BODY = os.getenv("PROXY_LOAD_BODY") or error("PROXY_LOAD_BODY must be set")
if not VALID_BODY:find('"cost-center"', 1, true) then
  error('PROXY_LOAD_BODY must hold a "cost-center" tag')
end
-- Each invalid request breaks one thing the spec constrains; the last is not JSON at all.
local INVALID = {
  -- clientToken shorter than 36 characters
  { suffix = "", token = "short", body = VALID_BODY },
  -- a tag key outside ^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$
  { suffix = "", token = TOKEN, body = VALID_BODY:gsub('"cost%-center"', '"cost-center!"') },
  -- a packageName outside [a-zA-Z0-9-_.]+ (the id stays readable in the path)
  { suffix = "!", token = TOKEN, body = VALID_BODY },
  -- a body cut short: SerializationException
  { suffix = "", token = TOKEN, body = VALID_BODY:sub(1, #VALID_BODY - 40) },
}

-- Main state: split the requests between the threads.
local threads_seen, all_threads = 0, {}
function setup(thread)
  local threads = env_number("PROXY_LOAD_THREADS")
  local valid, invalid = env_number("PROXY_LOAD_VALID"), env_number("PROXY_LOAD_INVALID")
  local i = threads_seen
  threads_seen = threads_seen + 1
  local function share(total)
    return math.floor(total / threads) + ((i < total % threads) and 1 or 0)
  end
  thread:set("tid", i)
  thread:set("threads", threads)
  thread:set("quota", share(valid) + share(invalid))
  thread:set("invalid_quota", share(invalid))
  table.insert(all_threads, thread)
end

-- Thread state.
reserved, issued, issued_invalid, answered = 0, 0, 0, 0
statuses, error_types = {}, {}
first_us, last_us = 0, 0
local finished = false
local host

function init(args)
  host = wrk.headers["Host"] or (wrk.port and (wrk.host .. ":" .. wrk.port) or wrk.host)
end

function delay()
  if reserved >= quota then
    return 3600000 -- this thread has sent its share: hold the connection
  end
  reserved = reserved + 1
  return 0
end

local function is_invalid(n)
  if quota == 0 then return false end
  return math.floor((n + 1) * invalid_quota / quota) > math.floor(n * invalid_quota / quota)
end

function request()
  local suffix, token, body = "", TOKEN, VALID_BODY
  if reserved <= issued then
    -- wrk calls request() once before the run to see how many requests it returns: that
    -- request is never sent, and is not counted.
    return "PUT /packages/" .. RUN .. "-unsent?clientToken=" .. token .. " HTTP/1.1\r\n"
      .. "Host: " .. (host or "") .. "\r\n"
      .. "Content-Type: application/json\r\n"
      .. "Content-Length: " .. #body .. "\r\n\r\n" .. body
  end
  local n = issued
  issued = issued + 1
  if n == 0 then first_us = now_us() end
  local id = RUN .. "-t" .. tid .. "-n" .. n
  if is_invalid(n) then
    local fault = INVALID[(issued_invalid % #INVALID) + 1]
    issued_invalid = issued_invalid + 1
    suffix, token, body = fault.suffix, fault.token, fault.body
  end
  return "PUT /packages/" .. id .. suffix .. "?clientToken=" .. token .. " HTTP/1.1\r\n"
    .. "Host: " .. host .. "\r\n"
    .. "Content-Type: application/json\r\n"
    .. "Content-Length: " .. #body .. "\r\n\r\n" .. body
end

local function file_exists(path)
  local f = io.open(path, "r")
  if f then f:close() return true end
  return false
end

function response(status, headers, body)
  answered = answered + 1
  statuses[status] = (statuses[status] or 0) + 1
  local error_type = headers["x-amzn-errortype"] or headers["X-Amzn-Errortype"]
  if error_type then
    local name = error_type:match("^[^:]*")
    error_types[name] = (error_types[name] or 0) + 1
  end
  if not finished and answered >= quota and issued >= quota then
    finished = true
    last_us = now_us()
    local marker = io.open(DIR .. "/finished-" .. tid, "w")
    marker:write(tostring(answered), "\n")
    marker:close()
    for t = 0, threads - 1 do
      if not file_exists(DIR .. "/finished-" .. t) then return end
    end
    ffi.C.kill(ffi.C.getpid(), SIGINT) -- every thread is done: end wrk's -d wait
  end
end

-- Main state again: one JSON line.
local function json(v)
  local kind = type(v)
  if kind == "table" and #v > 0 then
    local parts = {}
    for _, x in ipairs(v) do table.insert(parts, json(x)) end
    return "[" .. table.concat(parts, ",") .. "]"
  elseif kind == "table" then
    local parts = {}
    for k, x in pairs(v) do
      table.insert(parts, string.format("%q", tostring(k)) .. ":" .. json(x))
    end
    return "{" .. table.concat(parts, ",") .. "}"
  elseif kind == "string" then
    return string.format("%q", v)
  elseif kind == "number" then
    return string.format("%.17g", v)
  elseif kind == "boolean" then
    return tostring(v)
  end
  return "null"
end

function done(summary, latency, requests)
  local result = {
    summary = summary,
    latency_us = {
      min = latency.min, max = latency.max, mean = latency.mean,
      p50 = latency:percentile(50.0), p90 = latency:percentile(90.0),
      p99 = latency:percentile(99.0), p999 = latency:percentile(99.9),
    },
    threads = {},
  }
  for _, thread in ipairs(all_threads) do
    table.insert(result.threads, {
      tid = thread:get("tid"), quota = thread:get("quota"),
      invalid_quota = thread:get("invalid_quota"), reserved = thread:get("reserved"),
      issued = thread:get("issued"), issued_invalid = thread:get("issued_invalid"),
      answered = thread:get("answered"), statuses = thread:get("statuses"),
      error_types = thread:get("error_types"),
      first_us = thread:get("first_us"), last_us = thread:get("last_us"),
    })
  end
  io.write("proxy-load-result ", json(result), "\n")
end
