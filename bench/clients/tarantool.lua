-- Real Tarantool's own clients for `pnpm bench`, beside bench/clients/tarantool-socket.mjs:
-- <conns> fibers, each with a tcp_connect connection that writes a 64-byte line and reads
-- its echo back with read('\n'), for a 0.5 s warm-up and then <seconds>. Prints what
-- bench/c/peer.c's pingpong prints.
--   tarantool bench/clients/tarantool.lua <port> <conns> <seconds>
local socket = require('socket')
local fiber = require('fiber')
local clock = require('clock')
require('log').level(1)

local port, conns, seconds = tonumber(arg[1]), tonumber(arg[2]), tonumber(arg[3])
local line = string.rep('x', 63) .. '\n'
local count, stopped = 0, false
local done = fiber.channel(conns)

local function fail(what)
  io.stderr:write(what .. '\n')
  os.exit(1)
end

for _ = 1, conns do
  fiber.create(function()
    local s = socket.tcp_connect('127.0.0.1', port)
    if s == nil then fail('tcp_connect: ' .. require('errno').strerror()) end
    s:setsockopt('tcp', 'TCP_NODELAY', true)
    while not stopped do
      if s:write(line) == nil then fail('write: ' .. s:error()) end
      local echo = s:read('\n')
      if echo == nil or #echo ~= #line then fail('read: ' .. tostring(s:error())) end
      count = count + 1
    end
    s:close()
    done:put(true)
  end)
end

fiber.sleep(0.5)
local warmCount, warmAt = count, clock.monotonic()
fiber.sleep(seconds)
stopped = true
local rate, total = (count - warmCount) / (clock.monotonic() - warmAt), count
for _ = 1, conns do done:get() end
print(string.format('{"roundtrips_per_s": %.1f, "total": %d}', rate, total))
io.stdout:flush()
os.exit(0)
