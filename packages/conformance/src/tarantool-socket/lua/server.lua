-- tcp_server: handler forms, prepare, results, errors, unix paths, closing.
local c = require('common')
local show, try, masked = c.show, c.try, c.masked
local socket = require('socket')
local errno = require('errno')
local fiber = require('fiber')
local fio = require('fio')

local events = fiber.channel(100)

-- The function form: an echo handler; it gets (socket, from).
local function echo(s, from)
  events:put({ 'handler', select('#', s, from), masked(from), s:nonblock() })
  while true do
    local line = s:read('\n', 5)
    if line == nil or line == '' then break end
    s:write(line)
  end
end
local results = c.pack(socket.tcp_server('127.0.0.1', 0, echo))
local server, addr = results[1], results[2]
show('tcp_server', results.n, server ~= nil, addr)
show('server name', masked(server:name()))
show('server reuseaddr', server:getsockopt('SOL_SOCKET', 'SO_REUSEADDR'))
show('server nonblock', server:nonblock())
local port = server:name().port
local cl = socket.tcp_connect('127.0.0.1', port)
local h = events:get(5)
show('handler args', h[2], h[3], h[4])
cl:write('hello\n')
show('echo', cl:read('\n', 5))
cl:shutdown('W')
show('eof after handler returns', cl:read(10, 5))
cl:close()
show('close server', server:close())
show('connect after close', socket.tcp_connect('127.0.0.1', port), errno())

-- The table form with prepare: called once with the listening socket, before bind.
local prepared = {}
local s2, addr2 = socket.tcp_server('127.0.0.1', 0, {
  handler = function(s) s:write('hi\n') end,
  prepare = function(...)
    local sock = ...
    prepared[#prepared + 1] = { select('#', ...), sock:getsockopt('SOL_SOCKET', 'SO_REUSEADDR'), masked(sock:name()) }
    return 5
  end,
  name = 'named',
})
show('prepare calls', #prepared, prepared[1][1], prepared[1][2], prepared[1][3])
show('with prepare reuseaddr', s2:getsockopt('SOL_SOCKET', 'SO_REUSEADDR'))
show('with prepare addr', addr2)
local c2 = socket.tcp_connect('127.0.0.1', s2:name().port)
show('table form handler', c2:read('\n', 5))
show('table form eof', c2:read(10, 5))
c2:close()
s2:close()
show('prepare calls after connect', #prepared)

-- prepare returning nothing, and a handler that raises or closes its socket.
local s3 = socket.tcp_server('127.0.0.1', 0, { handler = function(s) error('handler failed') end, prepare = function() end })
local c3 = socket.tcp_connect('127.0.0.1', s3:name().port)
show('raising handler closes', c3:read(10, 5))
c3:close()
s3:close()
local s4 = socket.tcp_server('127.0.0.1', 0, function(s) s:close() end)
local c4 = socket.tcp_connect('127.0.0.1', s4:name().port)
show('handler closed socket', c4:read(10, 5))
c4:close()
s4:close()
-- Several connections at once, each with its own handler.
local s5 = socket.tcp_server('127.0.0.1', 0, echo)
local clients = {}
for i = 1, 3 do clients[i] = socket.tcp_connect('127.0.0.1', s5:name().port) end
for i = 1, 3 do events:get(5) end
for i = 3, 1, -1 do clients[i]:write('n' .. i .. '\n') end
local answers = {}
for i = 1, 3 do answers[i] = clients[i]:read('\n', 5) end
show('concurrent handlers', answers[1], answers[2], answers[3])
for i = 1, 3 do clients[i]:close() end
s5:close()

-- Errors.
local busy = socket('AF_INET', 'SOCK_STREAM', 'tcp')
busy:bind('127.0.0.1', 0)
busy:listen()
errno(0)
local r = c.pack(socket.tcp_server('127.0.0.1', busy:name().port, echo))
show('busy port', r.n, r[1], errno())
busy:close()
errno(0)
r = c.pack(socket.tcp_server('127.0.0.1', 'nosuchservice', echo))
show('unresolvable', r.n, r[1], errno())
try('usage number', socket.tcp_server, '127.0.0.1', 0, 5)
try('usage nil', socket.tcp_server, '127.0.0.1', 0)
try('usage handler not function', socket.tcp_server, '127.0.0.1', 0, { handler = 5 })
try('usage prepare not function', socket.tcp_server, '127.0.0.1', 0, { handler = echo, prepare = 5 })
-- What prepare raises, or listen raises on its result, leaves the socket open.
local kept
try('prepare raises', socket.tcp_server, '127.0.0.1', 0, { handler = echo, prepare = function(s) kept = s; error('boom', 0) end })
try('kept after prepare raised', function() return kept:nonblock() end)
kept:close()
local kpath = c.tmp .. '/kept.sock'
show('listen raises', (pcall(socket.tcp_server, 'unix/', kpath, { handler = echo, prepare = function(s) kept = s; return 'x' end })))
show('kept after listen raised', kept:name())
show('kept close', kept:close(), fio.path.exists(kpath))

-- Unix paths: stale files are removed, live ones refused, close unlinks.
local path = c.tmp .. '/srv.sock'
local f = io.open(path, 'w')
f:write('stale')
f:close()
local us, uaddr = socket.tcp_server('unix/', path, echo)
show('unix over stale file', us ~= nil, uaddr)
show('unix name', us:name())
show('unix file exists', fio.path.exists(path))
errno(0)
r = c.pack(socket.tcp_server('unix/', path, echo))
show('unix live path', r.n, r[1], errno())
local uc = socket.tcp_connect('unix/', path)
events:get(5)
uc:write('u\n')
show('unix echo', uc:read('\n', 5))
uc:close()
show('unix close', us:close())
show('unix file removed', fio.path.exists(path))
try('unix close again', us.close, us)
local dead = socket('AF_UNIX', 'SOCK_STREAM', 0)
dead:bind('unix/', path)
dead:close()
local us2 = socket.tcp_server('unix/', path, echo)
show('unix over dead socket file', us2 ~= nil)
us2:close()

-- Connections that wait with their data already sent: the loop takes one per readable(),
-- which yields, so each handler that needs no wait runs to its end before the next.
local order = {}
local n = 0
local queued = socket.tcp_server('127.0.0.1', 0, function(s)
  n = n + 1
  local me = n
  table.insert(order, 'H' .. me .. ' start')
  local line = s:read('\n', 2)
  table.insert(order, 'H' .. me .. ' got ' .. tostring(line))
  s:write('r' .. me)
  table.insert(order, 'H' .. me .. ' end')
end)
local cls = {}
for i = 1, 3 do
  cls[i] = socket('AF_INET', 'SOCK_STREAM', 'tcp')
  cls[i]:sysconnect('127.0.0.1', queued:name().port)
end
for i = 1, 3 do cls[i]:send('m' .. i .. '\n') end
for i = 1, 3 do show('pending connection reply ' .. i, cls[i]:read(2, 2)) cls[i]:close() end
show('pending connections, handler order', table.concat(order, ', '))
queued:close()

-- A client in the same process: its connect and the listener wake in one poll, and the
-- client (reported last) prints that it is connected before the handler starts.
local eorder = {}
local es = socket.tcp_server('127.0.0.1', 0, function(s)
  table.insert(eorder, 'H start')
  local line = s:read('\n', 1)
  table.insert(eorder, 'H got ' .. (line and line:sub(1, 1) or 'nil'))
end)
for i = 1, 2 do
  local cl = socket.tcp_connect('127.0.0.1', es:name().port)
  table.insert(eorder, 'C' .. i .. ' connected')
  cl:write('x\n')
  fiber.sleep(0.02)
  cl:close()
end
show('client beside its handler', table.concat(eorder, ', '))
es:close()

c.finish()
