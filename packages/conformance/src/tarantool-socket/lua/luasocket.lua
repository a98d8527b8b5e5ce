-- The LuaSocket-compatible layer: object kinds, constructors, every method, receive
-- patterns, send arithmetic, setoption quirks, closed objects.
local c = require('common')
local show, try, masked, pack = c.show, c.try, c.masked, c.pack
local socket = require('socket')
local fiber = require('fiber')

local function kind(o) return (tostring(o):gsub('fd=%d+', 'fd=N')) end
local function methods(o)
  local out = {}
  for _, m in ipairs({ 'accept', 'bind', 'close', 'connect', 'getpeername', 'getsockname', 'listen',
      'receive', 'send', 'setoption', 'settimeout', 'shutdown', 'read', 'write', 'nonblock', 'sysread' }) do
    if o[m] ~= nil then out[#out + 1] = m end
  end
  return table.concat(out, ',')
end

-- A master: bind, listen turns it into a server.
local m = socket.tcp()
show('tcp()', kind(m))
show('master methods', methods(m))
show('master settimeout', m:settimeout(5))
show('master getpeername', m:getpeername())
show('master bind', m:bind('127.0.0.1', 0))
show('master bind again', m:bind('127.0.0.1', 0))
local host, port, family = m:getsockname()
show('master getsockname', host, type(port), family)
show('master setoption reuseaddr', m:setoption('reuseaddr', true))
show('listen', m:listen(8))
show('after listen', kind(m))
show('server methods', methods(m))
show('serialize', c.fmt((tostring(m):gsub('fd=%d+', 'fd=N'))))
local sport = tonumber(port)

-- A client from socket.connect; the server accepts it.
local cl = pack(socket.connect('127.0.0.1', sport))
show('connect', cl.n, kind(cl[1]))
show('client methods', methods(cl[1]))
local client = cl[1]
local acc = pack(m:accept())
show('accept', acc.n, kind(acc[1]))
local peer = acc[1]
local ph, pp, pf = client:getpeername()
show('client getpeername', ph, tonumber(pp) == sport, pf)
show('server settimeout 0, accept', m:settimeout(0), (function() local r = pack(m:accept()) return r.n, r[1], r[2] end)())

-- receive: lines keep their \r; counts; *a.
client:send('HELO lua\r\nsecond\n\nrest')
show('receive *l', peer:receive('*l'))
show('receive default', peer:receive())
show('receive empty line', peer:receive())
show('receive prefix', peer:receive(2, 'pre-'))
peer:settimeout(0.05)
show('receive line timeout', peer:receive('*l'))
show('receive count timeout', peer:receive(10))
client:send('\n')
show('receive kept bytes', peer:receive('*l'))
show('receive(0)', peer:receive(0))
try('receive bad pattern', peer.receive, peer, '*L')
try('receive number-like pattern', peer.receive, peer, 'l')
try('receive table pattern', peer.receive, peer, {})
peer:settimeout(nil)

-- send arithmetic.
show('send', client:send('0123456789'))
show('send i', client:send('0123456789', 3))
show('send i j', client:send('0123456789', 3, 5))
show('send negative i', client:send('0123456789', -3))
show('send past end', client:send('xyz', 5))
show('send empty', client:send(''))
show('received', peer:receive(10 + 8 + 3 + 3))
-- string.sub truncates fractional indices first; huge and NaN ones become INT_MIN.
show('send i 0.5', client:send('0123456789', 0.5))
show('send i -3.5', client:send('0123456789', -3.5))
show('send j -2.5', client:send('0123456789', 1, -2.5))
show('send j -0.5', client:send('0123456789', 1, -0.5))
show('send i huge', client:send('0123456789', math.huge))
show('send j nan', client:send('0123456789', 1, 0/0))
show('received fractions', peer:receive(10 + 3 + 9 + 0 + 10 + 0))
show('receive prefix false', (function() client:send('ab') return peer:receive(2, false) end)())

-- settimeout(false): no limit for receive, a raise for send once there is data.
peer:settimeout(false)
client:send('ok')
show('timeout false receive', peer:receive(2))
show('timeout false send empty', peer:send(''))
try('timeout false send', peer.send, peer, 'x')
peer:settimeout(nil)

-- *a: everything until the end, or until the timeout.
client:send('all of it')
peer:settimeout(0.1)
show('receive *a timeout', peer:receive('*a'))
peer:settimeout(0.05)
show('receive *a nothing', peer:receive('*a'))
peer:settimeout(nil)
client:send('the end')
client:shutdown('send')
show('receive *a eof', peer:receive('*a'))
show('receive *a after eof', peer:receive('*a', 'p'))
show('receive count at eof', peer:receive(5, 'x'))
show('receive line at eof', peer:receive('*l'))
show('receive huge at eof', peer:receive(math.huge))

-- setoption quirks.
try('setoption name true', peer.setoption, peer, true, 1)
try('setoption name nil', peer.setoption, peer, nil, 1)
show('setoption keepalive', peer:setoption('keepalive', true))
show('setoption tcp-nodelay', peer:setoption('tcp-nodelay', true))
show('setoption linger table', peer:setoption('linger', { on = true, timeout = 5 }))
show('setoption linger false', peer:setoption('linger', false))
show('setoption linger on=false', peer:setoption('linger', { on = false }))
try('setoption broadcast', peer.setoption, peer, 'broadcast', true)
try('setoption nil value', peer.setoption, peer, 'reuseaddr', nil)

-- shutdown, close, closed objects.
show('shutdown recv means both', peer:shutdown('recv'))
show('close', peer:close())
try('close again', peer.close, peer)
try('getsockname closed', peer.getsockname, peer)
try('receive closed', peer.receive, peer)
show('client close', client:close())
show('server close', m:close())

-- connect errors, master connect, IPv4 only.
local l2, p2 = c.listener(socket)
l2:close()
show('connect refused', socket.connect('127.0.0.1', p2))
try('connect no port', socket.connect, '127.0.0.1')
try('connect no host', socket.connect, nil, 80)
local m2 = socket.tcp()
show('master connect refused', m2:connect('127.0.0.1', p2))
show('master connect v6', m2:connect('::1', p2))
show('master connect bad service', m2:connect('127.0.0.1', 'nosuchservice'))
local l3, p3 = c.listener(socket)
show('master connect', m2:connect('127.0.0.1', p3))
show('master stays master', kind(m2))
show('master connect again', m2:connect('127.0.0.1', p3))
l3:readable(5)
local srv = l3:accept()
srv:write('to master\n')
show('master receive', m2:receive())
show('master send', m2:send('from master\n'))
show('server got', srv:read('\n', 5))
m2:close() srv:close() l3:close()

-- accept timeouts.
local m3 = socket.tcp()
m3:bind('127.0.0.1', 0)
m3:listen()
m3:settimeout(0.05)
show('accept timeout', m3:accept())
m3:settimeout(-1)
show('accept negative timeout', m3:accept())
m3:close()

-- socket.bind: no SO_REUSEADDR, unix paths, errors.
local b = pack(socket.bind('127.0.0.1', 0))
show('bind', b.n, kind(b[1]))
local raw = getmetatable(socket('AF_INET', 'SOCK_STREAM', 'tcp')).__index
show('bind reuseaddr', raw.getsockopt(b[1], 'SOL_SOCKET', 'SO_REUSEADDR'))
local bh, bp, bf = b[1]:getsockname()
show('bind getsockname', bh, bf)
local busy = pack(socket.bind('127.0.0.1', tonumber(bp)))
show('bind busy', busy.n, busy[1], busy[2])
show('bind unresolvable', socket.bind('127.0.0.1', 'nosuchservice'))
try('bind no port', socket.bind, '127.0.0.1')
b[1]:close()
local upath = c.tmp .. '/ls.sock'
local ub = socket.bind('unix/', upath)
show('bind unix', kind(ub), ub:getsockname())
show('bind unix close', ub:close())
show('bind unix missing dir', socket.bind('unix/', c.tmp .. '/nodir/x.sock'))
show('bind backlog', kind((socket.bind('127.0.0.1', 0, 3))))

c.finish()
