-- Socket options: levels, round trips, read-only and unknown options, linger, nonblock.
local c = require('common')
local show, try = c.show, c.try
local socket = require('socket')
local errno = require('errno')

local t = socket('AF_INET', 'SOCK_STREAM', 'tcp')
local u = socket('AF_INET', 'SOCK_DGRAM', 'udp')

-- Round trips.
for _, o in ipairs({ 'SO_REUSEADDR', 'SO_KEEPALIVE', 'SO_DONTROUTE', 'SO_OOBINLINE', 'SO_BROADCAST' }) do
  show('set ' .. o .. ' true', t:setsockopt('SOL_SOCKET', o, true), t:getsockopt('SOL_SOCKET', o))
  show('set ' .. o .. ' false', t:setsockopt('SOL_SOCKET', o, false), t:getsockopt('SOL_SOCKET', o))
end
show('SO_RCVBUF 65536', t:setsockopt('SOL_SOCKET', 'SO_RCVBUF', 65536), t:getsockopt('SOL_SOCKET', 'SO_RCVBUF'))
show('SO_SNDBUF 65536', t:setsockopt('socket', 'SO_SNDBUF', 65536), t:getsockopt('socket', 'SO_SNDBUF'))
show('SO_RCVBUF float', t:setsockopt('SOL_SOCKET', 'SO_RCVBUF', 10000.7), t:getsockopt('SOL_SOCKET', 'SO_RCVBUF'))
show('SO_TYPE tcp', t:getsockopt('SOL_SOCKET', 'SO_TYPE'))
show('SO_TYPE udp', u:getsockopt('SOL_SOCKET', 'SO_TYPE'))
show('SO_DOMAIN', t:getsockopt('SOL_SOCKET', 'SO_DOMAIN'))
show('SO_PROTOCOL tcp', t:getsockopt('SOL_SOCKET', 'SO_PROTOCOL'))
show('SO_PROTOCOL udp', u:getsockopt('SOL_SOCKET', 'SO_PROTOCOL'))
show('SO_ERROR', t:getsockopt('SOL_SOCKET', 'SO_ERROR'))
show('SO_ACCEPTCONN before', t:getsockopt('SOL_SOCKET', 'SO_ACCEPTCONN'))
t:bind('127.0.0.1', 0)
t:listen()
show('SO_ACCEPTCONN after', t:getsockopt('SOL_SOCKET', 'SO_ACCEPTCONN'))
show('SO_PRIORITY', t:setsockopt('SOL_SOCKET', 'SO_PRIORITY', 3), t:getsockopt('SOL_SOCKET', 'SO_PRIORITY'))
-- Out of the int range, the FFI's conversion gives INT_MIN.
for _, v in ipairs({ 2^31, 2^32 + 3, -2^31 - 1 }) do
  show('SO_PRIORITY ' .. string.format('%.0f', v), t:setsockopt('SOL_SOCKET', 'SO_PRIORITY', v), t:getsockopt('SOL_SOCKET', 'SO_PRIORITY'))
end
t:setsockopt('SOL_SOCKET', 'SO_PRIORITY', 0)
try('TCP_SAVED_SYN nothing saved', t.getsockopt, t, 'tcp', 'TCP_SAVED_SYN')
-- Read into 4 bytes: the kernel cuts the longer struct to its first int.
show('SO_PEERCRED of tcp', t:getsockopt('SOL_SOCKET', 'SO_PEERCRED'))

-- Levels.
for _, level in ipairs({ 'IPPROTO_TCP', 'SOL_TCP', 'tcp', 'TCP', 6 }) do
  show('TCP_NODELAY at ' .. tostring(level), t:setsockopt(level, 'TCP_NODELAY', true), t:getsockopt(level, 'TCP_NODELAY'))
end
show('TCP_KEEPIDLE', t:setsockopt('tcp', 'TCP_KEEPIDLE', 30), t:getsockopt('tcp', 'TCP_KEEPIDLE'))
show('TCP_KEEPINTVL', t:setsockopt('tcp', 'TCP_KEEPINTVL', 5), t:getsockopt('tcp', 'TCP_KEEPINTVL'))
show('TCP_KEEPCNT', t:setsockopt('tcp', 'TCP_KEEPCNT', 4), t:getsockopt('tcp', 'TCP_KEEPCNT'))
show('TCP_CORK', t:setsockopt('tcp', 'TCP_CORK', 1), t:getsockopt('tcp', 'TCP_CORK'))
show('TCP_KEEPIDLE 0', t:setsockopt('tcp', 'TCP_KEEPIDLE', 0), t:errno(), t:error())
show('TCP option on udp set', u:setsockopt('tcp', 'TCP_NODELAY', 1), u:errno())
show('TCP option on udp get', u:getsockopt('tcp', 'TCP_NODELAY'), u:errno())
show('level SOL_SOCKET number', t:getsockopt(1, 'SO_TYPE'))
errno(0)
show('level nil set', t:setsockopt(nil, 'SO_REUSEADDR', 1), t:errno(), errno())
errno(0)
show('level nil get', t:getsockopt(nil, 'SO_REUSEADDR'), t:errno(), errno())
show('level table', t:getsockopt({}, 'SO_REUSEADDR'), t:errno())
show('level foo', t:setsockopt('foo', 'SO_REUSEADDR', 1), t:errno())
show('level IPPROTO_FOO', t:getsockopt('IPPROTO_FOO', 'SO_REUSEADDR'), t:errno())
show('level SO_SOCKET', t:getsockopt('SO_SOCKET', 'SO_REUSEADDR'), t:errno())
show('level IPPROTO_IPV6', t:getsockopt('IPPROTO_IPV6', 'IPV6_V6ONLY'), t:errno())

-- Raises.
try('unknown name', t.setsockopt, t, 'SOL_SOCKET', 'SO_BOGUS', 1)
try('unknown name get', t.getsockopt, t, 'SOL_SOCKET', 'SO_BOGUS')
try('nil name', t.getsockopt, t, 'SOL_SOCKET', nil)
try('tcp option at SOL_SOCKET', t.getsockopt, t, 'SOL_SOCKET', 'TCP_NODELAY')
try('level without table', t.getsockopt, t, 'ip', 'IP_TTL')
try('level 0', t.setsockopt, t, 0, 'SO_REUSEADDR', 1)
for _, o in ipairs({ 'SO_TYPE', 'SO_ACCEPTCONN', 'SO_ERROR', 'SO_DOMAIN', 'SO_PROTOCOL', 'SO_PEERCRED', 'SO_LINGER' }) do
  try('set read-only ' .. o, t.setsockopt, t, 'SOL_SOCKET', o, 1)
end
try('set read-only TCP_INFO', t.setsockopt, t, 'tcp', 'TCP_INFO', 1)
try('get SO_LINGER', t.getsockopt, t, 'SOL_SOCKET', 'SO_LINGER')
try('get TCP_INFO', t.getsockopt, t, 'tcp', 'TCP_INFO')
try('set string value', t.setsockopt, t, 'SOL_SOCKET', 'SO_RCVBUF', '5000')
try('set nil value', t.setsockopt, t, 'SOL_SOCKET', 'SO_RCVBUF', nil)
try('set no receiver', t.setsockopt, nil, 'SOL_SOCKET', 'SO_RCVBUF', 1)

-- SO_RCVTIMEO: registered as an int; the kernel wants a timeval.
show('SO_RCVTIMEO set', t:setsockopt('SOL_SOCKET', 'SO_RCVTIMEO', 5), t:errno())
show('SO_RCVTIMEO get', t:getsockopt('SOL_SOCKET', 'SO_RCVTIMEO'))

-- SO_BINDTODEVICE: a string option.
local d = socket('AF_INET', 'SOCK_STREAM', 'tcp')
show('SO_BINDTODEVICE unbound', d:getsockopt('SOL_SOCKET', 'SO_BINDTODEVICE'))
show('SO_BINDTODEVICE lo', d:setsockopt('SOL_SOCKET', 'SO_BINDTODEVICE', 'lo'), d:errno())
show('SO_BINDTODEVICE get', d:getsockopt('SOL_SOCKET', 'SO_BINDTODEVICE'))
show('SO_BINDTODEVICE with a NUL', d:setsockopt('SOL_SOCKET', 'SO_BINDTODEVICE', 'lo\0x'), d:errno())
show('SO_BINDTODEVICE get again', d:getsockopt('SOL_SOCKET', 'SO_BINDTODEVICE'))
show('SO_BINDTODEVICE nil', d:setsockopt('SOL_SOCKET', 'SO_BINDTODEVICE', nil), d:errno())
try('getsockopt name true', d.getsockopt, d, 'SOL_SOCKET', true)
try('setsockopt name false', d.setsockopt, d, 'SOL_SOCKET', false, 1)
d:close()

-- linger.
local l = socket('AF_INET', 'SOCK_STREAM', 'tcp')
show('linger default', l:linger())
show('linger set', l:linger(true, 5))
show('linger read', l:linger())
show('linger 1, 2', l:linger(1, 2))
show('linger yes', l:linger('yes', 3))
show('linger read yes', l:linger())
show('linger 0 is truthy', l:linger(0))
show('linger read 0', l:linger())
show('linger false', l:linger(false))
show('linger read false', l:linger())
show('linger float', l:linger(true, 2.5))
show('linger true, true', l:linger(true, true))
show('linger read true', l:linger())
show('linger true, false', l:linger(true, false))
show('linger read false timeout', l:linger())
show('linger read float', l:linger())
-- Out of the C int's range (NaN, infinities too): set all the same, echoed as given.
for _, v in ipairs({ 1e10, 0/0, math.huge }) do show('linger ' .. tostring(v), l:linger(true, v)) end
try('linger string timeout', l.linger, l, true, '3')
l:close()

-- nonblock.
local n = socket('AF_INET', 'SOCK_STREAM', 'tcp')
show('nonblock default', n:nonblock())
show('nonblock false', n:nonblock(false), n:nonblock())
show('nonblock 0', n:nonblock(0), n:nonblock())
show('nonblock false again', n:nonblock(false))
show('nonblock no', n:nonblock('no'), n:nonblock(nil))
show('nonblock errno', n:errno())
n:close()

t:close()
u:close()
c.finish()
