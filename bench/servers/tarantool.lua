-- Real Tarantool beside the ports: the same echo workload as bench/servers/tarantool-socket.mjs,
-- a tcp_server whose handler loops read('\n') / write.
--   tarantool bench/servers/tarantool.lua <port>      prints "listening <port>"
local socket = require('socket')
require('log').level(1)
local server = socket.tcp_server('127.0.0.1', tonumber(arg[1]) or 0, function(s)
  s:setsockopt('tcp', 'TCP_NODELAY', true)
  while true do
    local line = s:read('\n')
    if line == nil or line == '' then return end
    if s:write(line) == nil then return end
  end
end)
if server == nil then
  io.stderr:write(require('errno').strerror() .. '\n')
  os.exit(1)
end
print('listening ' .. server:name().port)
io.stdout:flush()
