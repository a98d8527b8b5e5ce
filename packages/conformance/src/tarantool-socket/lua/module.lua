-- The module table, its constants, the errno module, socket() and the receiver checks.
local c = require('common')
local show, try = c.show, c.try
local socket = require('socket')
local errno = require('errno')

show('type socket', type(socket))
for _, k in ipairs({ 'tcp_connect', 'getaddrinfo', 'tcp_server', 'iowait', 'tcp', 'connect', 'bind' }) do
  show('type socket.' .. k, type(socket[k]))
end
show('iowait is internal.iowait', socket.iowait == socket.internal.iowait)
show('SHUT_RD', socket.SHUT_RD)
show('SHUT_WR', socket.SHUT_WR)
show('SHUT_RDWR', socket.SHUT_RDWR)
show('DOMAIN', socket.internal.DOMAIN)
show('SO_TYPE', socket.internal.SO_TYPE)
show('SEND_FLAGS', socket.internal.SEND_FLAGS)
show('AI_FLAGS', socket.internal.AI_FLAGS)
show('SOL_SOCKET', socket.internal.SOL_SOCKET)
show('protocols', socket.internal.protocols)
show('SO_OPT[1]', socket.internal.SO_OPT[1])
show('SO_OPT[6]', socket.internal.SO_OPT[6])
show('SO_OPT[0]', socket.internal.SO_OPT[0])

-- The errno module.
errno(0)
show('errno()', errno())
show('errno(5)', errno(5))
show('errno() after set', errno())
show('errno(0)', errno(0))
show('strerror()', errno.strerror())
show('strerror(111)', errno.strerror(111))
show('strerror(0)', errno.strerror(0))
errno(104)
show('strerror() current', errno.strerror())
show('constants', errno.EAGAIN, errno.EINPROGRESS, errno.ECONNREFUSED, errno.ETIMEDOUT, errno.EPIPE, errno.ENOTSUP)
show('unknown constant', errno.EFOOBAR)
-- errno(n) takes n as the FFI makes a C int of it.
for _, v in ipairs({ 2^31, true, -1.7, math.huge, false }) do
  show('errno(' .. tostring(v) .. ')', errno(v), errno())
end
show('strerror(2^31)', errno.strerror(2^31))
show('strerror text', errno.strerror('3'))
errno(0)

-- socket(): success and every failure shape.
local function make(label, ...)
  errno(0)
  local res = { socket(...) }
  local n = select('#', socket(...))
  show(label, n, res[1] ~= nil, errno())
  if res[1] then
    show(label .. ' nonblock', res[1]:nonblock())
    show(label .. ' itype', res[1].itype)
    res[1]:close()
  end
end
make('socket tcp', 'AF_INET', 'SOCK_STREAM', 'tcp')
make('socket udp6', 'AF_INET6', 'SOCK_DGRAM', 'udp')
make('socket unix', 'AF_UNIX', 'SOCK_STREAM', 0)
make('socket PF', 'PF_INET', 'SOCK_STREAM', 0)
make('socket numbers', 2, 1, 6)
make('socket TCP name', 'AF_INET', 'SOCK_STREAM', 'TCP')
make('socket lower domain', 'inet', 'SOCK_STREAM', 'tcp')
make('socket bad type', 'AF_INET', 'STREAM', 'tcp')
make('socket bad proto', 'AF_INET', 'SOCK_STREAM', 'nosuchproto')
make('socket nil proto', 'AF_INET', 'SOCK_STREAM', nil)
make('socket table proto', 'AF_INET', 'SOCK_STREAM', {})
make('socket 999 domain', 999, 1, 0)
make('socket wrong proto', 'AF_INET', 'SOCK_STREAM', 'udp')
make('socket 999 type', 2, 999, 0)
show('protocols after TCP', socket.internal.protocols)

-- Receiver checks and closed sockets.
local s = socket('AF_INET', 'SOCK_STREAM', 'tcp')
try('close no receiver', s.close)
try('close non-socket', s.close, {})
try('errno non-socket', s.errno, 'x')
try('syswrite bad data', s.syswrite, s, 5)
try('syswrite no receiver bad data', s.syswrite, nil, nil)
try('syswrite non-socket', s.syswrite, {}, 'x')
show('close', s:close())
try('close again', s.close, s)
try('errno closed', s.errno, s)
try('error closed', s.error, s)
try('fd closed', s.fd, s)
try('tostring closed', tostring, s)
try('read closed', s.read, s, 1)
try('name closed', s.name, s)
try('nonblock closed', s.nonblock, s)
try('readable closed', s.readable, s, 0)

-- glibc's protocol lookups leave errno 0: name() and peer() of a socket whose protocol
-- is not 0, and the first lookup of a protocol name (not once it is cached).
local pa, pb = c.pair(socket)
errno(7); pa:name(); show('errno after tcp name()', errno())
errno(7); pa:peer(); show('errno after tcp peer()', errno())
errno(7); tostring(pa); show('errno after tostring(tcp)', errno())
local ux = socket('AF_UNIX', 'SOCK_STREAM', 0)
errno(7); ux:name(); show('errno after unix name()', errno())
ux:close()
errno(7); local ul = socket('AF_INET', 'SOCK_DGRAM', 'udplite'); show('errno after udplite 1st', errno())
ul:close()
errno(7); ul = socket('AF_INET', 'SOCK_DGRAM', 'udplite'); show('errno after udplite 2nd', errno())
ul:close()
errno(7); try('getsockopt SOL_SCTP', pb.getsockopt, pb, 'SOL_SCTP', 'SO_TYPE'); show('errno after SOL_SCTP', errno())
pa:close() pb:close()
errno(0)

c.finish()
