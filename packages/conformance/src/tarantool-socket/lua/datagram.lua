-- Datagrams: sendto/recvfrom, recv sizes, truncation, empty datagrams, flags, unix
-- datagram senders without a name.
local c = require('common')
local show, try, masked = c.show, c.try, c.masked
local socket = require('socket')

local r = socket('AF_INET', 'SOCK_DGRAM', 'udp')
show('bind', r:bind('127.0.0.1'))
local port = r:name().port
local s = socket('AF_INET', 'SOCK_DGRAM', 'udp')
show('recvfrom nothing', r:recvfrom())
show('recvfrom nothing errno', r:errno(), r:error())
show('recv nothing', r:recv(), r:errno())
show('sendto', s:sendto('127.0.0.1', port, 'X'))
r:readable(5)
local data, from = r:recvfrom(512)
show('recvfrom', data, masked(from))
show('from keys are host/family/port', from.type == nil and from.protocol == nil)
show('sendto empty', s:sendto('127.0.0.1', port, ''))
show('sendto nil', s:sendto('127.0.0.1', port, nil))
show('sendto empty bad host', s:sendto('nohost', port, ''))
show('sendto number', s:sendto('127.0.0.1', port, 12345))
r:readable(5)
show('recv number text', r:recv())
show('sendto bad flag', s:sendto('127.0.0.1', port, 'x', 'MSG_BOGUS'), s:errno())
show('sendto number flag', s:sendto('127.0.0.1', port, 'x', 4), s:errno())
show('sendto flag', s:sendto('127.0.0.1', port, 'flagged', 'MSG_DONTWAIT'))
r:readable(5)
show('recv flagged', r:recv())
show('sendto bad host', s:sendto('localhost', port, 'x'), s:errno())
show('sendto v6 on inet', s:sendto('::1', port, 'x'), s:errno())
show('recvfrom bad flag', r:recvfrom(10, 'MSG_BOGUS'), r:errno())

-- Default sizes: the next datagram's exact size.
local big = string.rep('d', 2000)
s:sendto('127.0.0.1', port, big)
r:readable(5)
show('recv default size', #r:recv())
s:sendto('127.0.0.1', port, big)
r:readable(5)
local d2, f2 = r:recvfrom()
show('recvfrom default size', #d2, masked(f2))
s:sendto('127.0.0.1', port, 'truncate-me')
r:readable(5)
show('recv truncates', r:recv(4))
show('rest discarded', r:recv(), r:errno())
s:sendto('127.0.0.1', port, 'peek')
r:readable(5)
show('recv peek', r:recv(10, 'MSG_PEEK'))
show('recv after peek', r:recv())

-- Connected datagram sockets: send and the empty datagram.
show('send unconnected', s:send('x'), s:errno())
show('sysconnect udp', s:sysconnect('127.0.0.1', port))
show('send connected', s:send('conn'))
r:readable(5)
show('recv connected', r:recv())
show('send empty datagram', s:send(''))
r:readable(5)
show('recv empty datagram', r:recv(), r:errno())
show('write udp', s:write('w'))
r:readable(5)
show('recvfrom write', (r:recvfrom()))
show('syswrite udp', s:syswrite('sw'))
r:readable(5)
show('sysread udp', r:sysread())
show('peer udp', masked(s:peer()))
show('listen udp', s:listen(), s:errno())
show('accept udp', s:accept())
show('accept udp errno', s:errno())
show('wait udp', s:wait(0))
s:close()
r:close()

-- IPv6 datagrams.
local r6 = socket('AF_INET6', 'SOCK_DGRAM', 'udp')
r6:bind('::1', 0)
local s6 = socket('AF_INET6', 'SOCK_DGRAM', 'udp')
show('sendto v6', s6:sendto('::1', r6:name().port, 'six'))
r6:readable(5)
local d6, f6 = r6:recvfrom()
show('recvfrom v6', d6, masked(f6))
show('sendto v4 on inet6', s6:sendto('127.0.0.1', r6:name().port, 'x'), s6:errno())
s6:close()
r6:close()

-- Unix datagrams: an unbound sender has no address.
local path = c.tmp .. '/d.sock'
local ur = socket('AF_UNIX', 'SOCK_DGRAM', 0)
show('bind unix dgram', ur:bind('unix/', path))
local us = socket('AF_UNIX', 'SOCK_DGRAM', 0)
show('sendto unix', us:sendto('unix/', path, 'abc'))
ur:readable(5)
show('recvfrom unbound sender', ur:recvfrom())
local named = socket('AF_UNIX', 'SOCK_DGRAM', 0)
named:bind('unix/', c.tmp .. '/n.sock')
named:sendto('unix/', path, 'named')
ur:readable(5)
show('recvfrom named sender', ur:recvfrom())
show('sendto unix missing', us:sendto('unix/', c.tmp .. '/missing.sock', 'x'), us:errno())
named:close() us:close() ur:close()

-- recvfrom on TCP: no sender.
local a, b = c.pair(socket)
a:write('tcp')
b:readable(5)
show('recvfrom tcp', b:recvfrom())
show('sendto unconnected tcp', socket('AF_INET', 'SOCK_STREAM', 'tcp'):sendto('127.0.0.1', port, 'x'))
a:close() b:close()

-- recvfrom takes its size in C, where a numeric string reads as a number.
local sr = socket('AF_INET', 'SOCK_DGRAM', 'udp')
sr:bind('127.0.0.1', 0)
local ss = socket('AF_INET', 'SOCK_DGRAM', 'udp')
for _, size in ipairs({ '3', ' 4 ', '0x3' }) do
  ss:sendto('127.0.0.1', sr:name().port, 'abcdefgh')
  sr:readable(5)
  show('recvfrom size "' .. size .. '"', (sr:recvfrom(size)))
end
sr:close() ss:close()

-- read() refills its buffer with one read(2) of all the room the buffer has, so the
-- room (the ibuf's slab layout, and what earlier reads left) decides where a datagram
-- is cut.
local rr = socket('AF_INET', 'SOCK_DGRAM', 'udp')
rr:bind('127.0.0.1', 0)
local rs = socket('AF_INET', 'SOCK_DGRAM', 'udp')
for _, n in ipairs({ 100, 16320, 16337, 20000, 40000, 30000 }) do
  rs:sendto('127.0.0.1', rr:name().port, string.rep('x', n))
  rs:sendto('127.0.0.1', rr:name().port, 'END\n')
  local first = rr:read(1, 5)
  local rest = rr:read('\n', 5)
  show('read datagram ' .. n, first and #first, rest and #rest)
end
rr:close() rs:close()

c.finish()
