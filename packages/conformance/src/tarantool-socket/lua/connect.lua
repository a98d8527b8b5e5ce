-- tcp_connect and getaddrinfo: results, the module-level errno, and their arity.
local c = require('common')
local show, try, masked = c.show, c.try, c.masked
local socket = require('socket')
local errno = require('errno')

local function connect(label, ...)
  errno(1234)
  local res = { socket.tcp_connect(...) }
  local n = select('#', socket.tcp_connect(...))
  show(label, n, res[1] ~= nil, errno(), errno.strerror())
  if res[1] then
    show(label .. ' state', res[1]:errno(), res[1]:error(), res[1]:nonblock(), masked(res[1]:peer()))
    res[1]:close()
  end
end

local l, port = c.listener(socket)
connect('tcp_connect', '127.0.0.1', port)
connect('tcp_connect string port', '127.0.0.1', tostring(port))
connect('tcp_connect 127.1', '127.1', port)
connect('tcp_connect localhost', 'localhost', port)
connect('tcp_connect timeout', '127.0.0.1', port, 5)
l:close()
connect('tcp_connect refused', '127.0.0.1', port)
connect('tcp_connect timeout 0', '127.0.0.1', port, 0)
connect('tcp_connect bad service', '127.0.0.1', 'nosuchservice')
connect('tcp_connect v6 refused', '::1', port)

-- Unix paths.
local path = c.tmp .. '/c.sock'
connect('tcp_connect unix missing', 'unix/', path)
local u = socket('AF_UNIX', 'SOCK_STREAM', 0)
u:bind('unix/', path)
connect('tcp_connect unix not listening', 'unix/', path)
u:listen(1)
connect('tcp_connect unix', 'unix/', path)
u:close()
connect('tcp_connect unix stale file', 'unix/', path)
local long = c.tmp .. '/' .. string.rep('x', 120)
connect('tcp_connect unix too long', 'unix/', long)

-- A full accept queue: the connect times out.
local full = socket('AF_INET', 'SOCK_STREAM', 'tcp')
full:bind('127.0.0.1', 0)
full:listen(0)
local fport = full:name().port
local held = {}
for i = 1, 4 do held[i] = socket.tcp_connect('127.0.0.1', fport, 0.2) end
connect('tcp_connect full queue', '127.0.0.1', fport, 0.3)
for _, h in pairs(held) do h:close() end
full:close()

-- getaddrinfo.
local function sorted(list)
  if type(list) ~= 'table' then return list end
  local lines = {}
  for _, e in ipairs(list) do lines[#lines + 1] = c.fmt(e) end
  table.sort(lines)
  return table.concat(lines, ' ')
end
local function gai(label, ...)
  errno(1234)
  local res = { socket.getaddrinfo(...) }
  local n = select('#', socket.getaddrinfo(...))
  show(label, n, sorted(res[1]), errno())
end
gai('gai numeric', '127.0.0.1', 80)
gai('gai stream', '127.0.0.1', 80, { type = 'SOCK_STREAM' })
gai('gai dgram number type', '127.0.0.1', '80', { type = 2 })
gai('gai protocol udp', '127.0.0.1', 80, { protocol = 'udp' })
gai('gai service http', '127.0.0.1', 'http', { type = 'SOCK_STREAM' })
gai('gai timeout and opts', '127.0.0.1', 80, 5, { type = 'SOCK_STREAM' })
gai('gai v6', '::1', 'http', { protocol = 'tcp' })
gai('gai family inet6 v4mapped', '127.0.0.1', 0, { family = 'AF_INET6', flags = 'AI_V4MAPPED', type = 'SOCK_DGRAM' })
gai('gai passive nil host', nil, 80, { type = 'SOCK_STREAM', family = 'AF_INET', flags = { 'AI_PASSIVE' } })
gai('gai nil host', nil, 80, { type = 'SOCK_STREAM', family = 'AF_INET' })
gai('gai empty host', '', 80, { type = 'SOCK_STREAM', family = 'AF_INET6' })
gai('gai nil port', '127.0.0.1', nil, { type = 'SOCK_STREAM' })
gai('gai localhost canonname', 'localhost', 80, { type = 'SOCK_STREAM', family = 'AF_INET', flags = 'AI_CANONNAME' })
gai('gai numerichost localhost', 'localhost', 80, { flags = 'AI_NUMERICHOST' })
gai('gai numericserv http', '127.0.0.1', 'http', { flags = 'AI_NUMERICSERV' })
gai('gai unknown service', '127.0.0.1', 'nosuchservice')
gai('gai inet6 for v4 literal', '127.0.0.1', 80, { family = 'AF_INET6' })
gai('gai stream with udp', '127.0.0.1', 80, { type = 'SOCK_STREAM', protocol = 'udp' })
gai('gai bad type', '127.0.0.1', 80, { type = 'STREAM' })
gai('gai bad family', '127.0.0.1', 80, { family = 'inet' })
gai('gai bad protocol', '127.0.0.1', 80, { protocol = 'nosuchproto' })
gai('gai table protocol', '127.0.0.1', 80, { protocol = {} })
gai('gai bad flag', '127.0.0.1', 80, { flags = 'AI_BOGUS' })
gai('gai number flags', '127.0.0.1', 80, { flags = 1 })
gai('gai unknown key', '127.0.0.1', 80, { bogus = 1, type = 'SOCK_STREAM' })
gai('gai false host', false, 80, { type = 'SOCK_STREAM', family = 'AF_INET' })
gai('gai table host', {}, 80, { type = 'SOCK_STREAM', family = 'AF_INET' })
gai('gai table port', '127.0.0.1', {}, { type = 'SOCK_STREAM' })
gai('gai true port', '127.0.0.1', true, { type = 'SOCK_STREAM' })
gai('gai false host and port', false, false, { type = 'SOCK_STREAM' })
gai('gai port trailing blank', '127.0.0.1', '80 ', { type = 'SOCK_STREAM' })
gai('gai port leading blank', '127.0.0.1', ' 80', { type = 'SOCK_STREAM' })
gai('gai port plus', '127.0.0.1', '+80', { type = 'SOCK_STREAM' })

-- A backlog out of the C int range: the FFI makes it INT_MIN, which the kernel, like any
-- backlog beyond its limit, takes as its limit.
for _, case in ipairs({ { '2^31', 2^31 }, { '1e10', 1e10 }, { '-2^31-1', -2^31 - 1 }, { 'huge', math.huge } }) do
  local t = socket('AF_INET', 'SOCK_STREAM', 'tcp')
  t:bind('127.0.0.1', 0)
  show('listen backlog ' .. case[1], t:listen(case[2]), t:errno())
  t:close()
end

c.finish()
