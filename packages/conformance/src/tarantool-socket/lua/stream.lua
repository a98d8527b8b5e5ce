-- TCP streams: read in every form, write, send, recv, sysread, syswrite, the read-ahead
-- buffer, end of stream, timeouts, the errno model, shutdown and reset.
local c = require('common')
local show, try = c.show, c.try
local socket = require('socket')
local fiber = require('fiber')

local a, b = c.pair(socket)

-- read: limits, delimiters, tables.
show('write empty, false timeout', a:write('', false))
show('write', a:write('hello\nworld\n'))
show('read line', b:read('\n', 5))
show('read limit', b:read(3, 5))
show('read rest of line', b:read('\n', 5))
show('errno after read', b:errno(), b:error())
show('read(0)', b:read(0))
show('read timeout', b:read(1, 0.05))
show('errno after timeout', b:errno(), b:error())
a:write('abc')
show('read 5 timeout keeps', b:read(5, 0.1))
a:write('de')
show('read 5 after', b:read(5, 5))
a:write('xx5yy')
show('read numeric string delimiter', b:read('5', 5))
show('read chunk 1', b:read({ chunk = 1 }, 5))
show('read size 1', b:read({ size = 1 }, 5))
a:write('aXYZb')
show('delimiters XYZ,Y', b:read({ delimiter = { 'XYZ', 'Y' } }, 5))
show('rest Zb', b:read(2, 5))
a:write('ab12cd')
show('delimiters cd,12', b:read({ delimiter = { 'cd', '12' } }, 5))
show('rest cd', b:read(2, 5))
a:write('a 10\nb 15\nabc')
show('gh-658 1', b:read({ size = 13, delimiter = '\n' }, 5))
show('gh-658 2', b:read({ size = 13, delimiter = '\n' }, 5))
show('gh-658 3', b:read({ size = 3, delimiter = '\n' }, 5))
a:write('line\r\n')
show('read line key', b:read({ line = '\r\n' }, 5))
a:write('12345678')
show('chunk within delimiter', b:read({ chunk = 4, delimiter = '7' }, 5))
show('chunk 0', b:read({ chunk = 0, delimiter = '7' }, 5))
show('rest 5678', b:read({ delimiter = '8' }, 5))
a:write('xyz')
show('empty delimiter', b:read('', 5))
show('empty delimiter buffered', b:read('', 5))
show('empty delimiter list', b:read({ delimiter = {} , chunk = 2 }, 5))
show('drain', b:read(1, 5))
a:write('split')
fiber.sleep(0.02)
a:write('-del')
fiber.sleep(0.02)
a:write('im!')
show('delimiter across writes', b:read('-delim!', 5))
show('delimiter timeout', b:read('\n', 0.05), b:errno())
a:write('more\n')
show('after delimiter timeout', b:read('\n', 5))

-- Bad specs raise.
try('read nil', b.read, b)
try('read true', b.read, b, true)
try('read negative', b.read, b, -1)
try('read chunk negative', b.read, b, { chunk = -1 })
try('read delimiter number', b.read, b, { delimiter = 5 })
try('read line false', b.read, b, { line = false, chunk = 2 })
try('read delimiter and line false', b.read, b, { delimiter = false, line = false })
try('read no receiver', b.read, nil, 1)

-- recv and sysread bypass the buffer.
a:write('ABCDEFGH')
show('read 2', b:read(2, 5))
show('recv after read', b:recv(), b:errno())
show('read rest from buffer', b:read(6, 5))
a:write('ijkl')
c.settle(b)
show('recv 2', b:recv(2))
show('recv peek', b:recv(10, 'MSG_PEEK'))
show('recv flags table', b:recv(10, { 'MSG_PEEK', 'MSG_DONTWAIT' }))
show('sysread', b:sysread())
show('sysread empty', b:sysread(), b:errno(), b:error())
show('recv empty', b:recv(), b:errno())
show('recv(0) empty', b:recv(0), b:errno())
show('recv bad flag', b:recv(10, 'MSG_BOGUS'), b:errno())
show('recv number flag', b:recv(10, 64), b:errno())
try('sysread negative', b.sysread, b, -1)
show('sysread 0', b:sysread(0))

-- send, syswrite, write.
show('send', a:send('12'))
show('send flags', a:send('34', 'MSG_DONTWAIT'))
show('send empty', a:send(''))
try('send bad flag', a.send, a, 'x', 'MSG_BOGUS')
try('send number flag', a.send, a, 'x', 64)
try('send number', a.send, a, 5)
show('syswrite', a:syswrite('56'))
show('syswrite empty', a:syswrite(''))
try('syswrite table', a.syswrite, a, {})
show('write empty', a:write(''))
try('write number', a.write, a, 5)
try('write nil', a.write, a)
show('read sent', b:read(6, 5))
show('write with timeout 0', a:write('t0', 0))
show('read t0', b:read(2, 5))

-- Filling the socket: syswrite and send report EAGAIN, write times out.
a:setsockopt('SOL_SOCKET', 'SO_SNDBUF', 4096)
b:setsockopt('SOL_SOCKET', 'SO_RCVBUF', 4096)
local big = string.rep('z', 65536)
local total = 0
for _ = 1, 200 do
  local n = a:syswrite(big)
  if n == nil then break end
  total = total + n
end
show('syswrite full', a:syswrite(big), a:errno(), a:error())
show('send full', a:send(big), a:errno())
show('write full times out', a:write(big, 0.1), a:errno(), a:error())
show('writable full', a:writable(0.05), a:errno())
-- Reading on the other side makes room again (bounded; sysread bypasses the buffer).
local room = false
for _ = 1, 4000 do
  b:sysread(65536)
  room = a:writable(0)
  if room then break end
  b:readable(0.05)
end
show('writable after drain', room)
a:close()
b:close()
a, b = c.pair(socket)

-- End of stream.
a:write('tail')
a:shutdown('W')
show('read at eof', b:read(10, 5))
show('read after eof', b:read(10, 5), b:errno())
show('read delimiter after eof', b:read('\n', 5))
show('recv at eof', b:recv())
show('sysread at eof', b:sysread())
show('write after shutdown W', a:write('x'), a:errno())
show('send after shutdown W', a:send('x'), a:errno())
show('reverse direction works', b:write('back'), a:read(4, 5))
b:close()
a:close()

-- Shutdown directions and errors.
local u = socket('AF_INET', 'SOCK_STREAM', 'tcp')
show('shutdown unconnected', u:shutdown(), u:errno())
show('shutdown R unconnected', u:shutdown('R'), u:errno())
u:close()
local a2, b2 = c.pair(socket)
show('shutdown R', b2:shutdown('R'))
show('read after shutdown R', b2:read(1, 5))
show('shutdown 1', a2:shutdown(1))
show('shutdown both', a2:shutdown('both'))
a2:close() b2:close()
local a3, b3 = c.pair(socket)
show('shutdown recv', b3:shutdown('recv'), b3:errno())
show('shutdown xyz', b3:shutdown('xyz'), b3:errno())
show('shutdown 5', b3:shutdown(5), b3:errno())
a3:close() b3:close()

-- Reset by linger(true, 0).
local a4, b4 = c.pair(socket)
show('linger on', a4:linger(true, 0))
a4:close()
c.settle(b4)
show('read after reset', b4:read(1, 5), b4:errno(), b4:error())
show('read after reset again', b4:read(1, 5), b4:errno())
b4:close()

-- Peer close: readable, then EOF.
local a5, b5 = c.pair(socket)
a5:write('last')
a5:close()
show('readable after peer close', b5:readable(5))
show('read remainder', b5:read(100, 5))
show('read eof', b5:read(100, 5), b5:errno())
show('write to closed peer', b5:write('x', 1) ~= nil or b5:errno() == 32 or b5:errno() == 104)
b5:close()

-- Two fibers write to one full socket. A short write waits with writable(), which
-- yields even when there is room again: the other writer goes first.
local wa, wb = c.smallpair(socket, 4096, 4096)
local chw = fiber.channel(2)
fiber.create(function() chw:put({ 'A', wa:write(string.rep('A', 20000), 2), wa:errno() }) end)
fiber.create(function() chw:put({ 'B', wa:write(string.rep('B', 20000), 2), wa:errno() }) end)
fiber.sleep(0.02)
local parts = {}
for _ = 1, 200 do
  local d = wb:sysread(100000)
  if d == nil then
    if not wb:readable(0.2) then break end
  elseif d == '' then break
  else parts[#parts + 1] = d end
end
for _ = 1, 2 do local r = chw:get(2) show('two writers: ' .. r[1], r[2], r[3]) end
show('two writers: interleaving', c.rle(table.concat(parts)))
wa:close() wb:close()

-- Two writers blocked on a full socket when the peer resets it: the first meets the
-- reset, the second the broken pipe, and each sees its own errno.
local ra, rb = c.smallpair(socket, 4096, 4096)
local chr2 = fiber.channel(2)
local big = string.rep('x', 1000000)
fiber.create(function() chr2:put({ 'WA', ra:write(big, 2), ra:errno() }) end)
fiber.create(function() chr2:put({ 'WB', ra:write(big, 2), ra:errno() }) end)
fiber.sleep(0.05)
rb:linger(true, 0)
rb:close()
for _ = 1, 2 do local r = chr2:get(2) show('reset under two writers: ' .. r[1], r[2], r[3]) end
ra:close()

-- A refill takes all the room the read-ahead buffer has: recv then starts after it.
local pa, pb = c.pair(socket)
pa:write(string.rep('a', 20000) .. string.rep('b', 20000))
c.settle(pb)
show('read pulls ahead', #pb:read(1, 5))
local after = pb:recv(60000)
show('recv after read-ahead', after and #after, after and c.rle(after))
pa:close() pb:close()

c.finish()
