-- Numbers as the module reads them: LuaJIT's string-to-number rules wherever a timeout,
-- size, errno number or port is taken (hex floats, signed hex, binary, inf; C white
-- space only), recvfrom's C int size, sizes past 4 GiB, and the module errno that a
-- unix tcp_server's file removal leaves.
local c = require('common')
local show, try = c.show, c.try
local socket = require('socket')
local errno = require('errno')

local a, b = c.pair(socket)
local nbsp = '\xc2\xa0'

-- Timeouts.
try('readable -0x1, idle', function() return b:readable('-0x1') end)
try('readable 0x1p-5, idle', function() return b:readable('0x1p-5') end)
try('readable nbsp 0, idle', function() return b:readable(nbsp .. '0') end)
a:write('abcdef')
c.settle(b)
try('readable inf, ready', function() return b:readable('inf') end)
try('read Infinity', function() return b:read(1, 'Infinity') end)
try('read 0b1', function() return b:read(1, '0b1') end)
try('write 0b1', function() return a:write('q', '0b1') end)
try('read +0x1p0', function() return b:read(4, '+0x1p0') end)
try('read nbsp', function() return b:read(1, nbsp .. '1') end)

-- errno numbers.
try('strerror +0x3', function() return errno.strerror('+0x3') end)
try('strerror 0x1p1', function() return errno.strerror('0x1p1') end)
try('strerror nbsp 3', function() return errno.strerror(nbsp .. '3') end)

-- Ports with white space other than C's.
local l, port = c.listener(socket)
try('tcp_connect nbsp port', function()
  local s = socket.tcp_connect('127.0.0.1', nbsp .. port)
  if s then s:close() end
  return s ~= nil, errno()
end)
try('getaddrinfo nbsp service', function()
  local r = socket.getaddrinfo('127.0.0.1', nbsp .. '80', { type = 'SOCK_STREAM' })
  return r and #r, errno()
end)
try('getaddrinfo tab service', function()
  local r = socket.getaddrinfo('127.0.0.1', '\t80', { type = 'SOCK_STREAM' })
  return r and r[1].port, errno()
end)
l:close()

-- recvfrom takes its size into a C int with lua_tointeger.
local u = socket('AF_INET', 'SOCK_DGRAM', 'udp')
u:bind('127.0.0.1', 0)
local sizes = { 3, 2^31, -1, 2^32 - 1, 2^32, 2^32 + 2, 2^33 + 3, -2^32 + 5, -0.5, 3.9,
  'abc', {}, true, ' 3 ', nbsp .. '3', '0x1p1', '1e400' }
for _, v in ipairs(sizes) do
  u:sendto('127.0.0.1', u:name().port, 'abcdef')
  u:readable(1)
  try('recvfrom ' .. c.fmt(v), function() local d = u:recvfrom(v); return d, u:errno() end)
  while u:recv() do end
end
-- false for a size is LuaJIT's 0: the datagram goes, unread.
u:sendto('127.0.0.1', u:name().port, 'abcdef')
u:readable(1)
try('udp recv false', function() return u:recv(false), u:errno() end)
try('udp recv after false', function() return u:recv(), u:errno() end)
u:close()

-- Sizes past what one read(2) gives, and past what can be allocated.
a:write('abcdef')
c.settle(b)
try('sysread 2^32+2', function() return b:sysread(2^32 + 2), b:errno() end)
a:write('abcdef')
c.settle(b)
try('recv 2^31', function() return b:recv(2^31) end)
try('recv 2^32+2', function() return b:recv(2^32 + 2) end)
try('sysread 2^53', function() return b:sysread(2^53) end)
-- false for a size: recv's 0 (the data stays), sysread's `size or READAHEAD`.
try('recv false', function() return b:recv(false), b:errno() end)
try('sysread false', function() return b:sysread(false) end)
a:close()
b:close()

-- A unix tcp_server removes a dead socket file in its way: fio.unlink leaves errno 0,
-- and so does the removal when the server closes.
local path = c.tmp .. '/numbers-stale.sock'
os.remove(path)
local dead = socket('AF_UNIX', 'SOCK_STREAM', 0)
dead:bind('unix/', path)
dead:close()
errno(0)
local srv = socket.tcp_server('unix/', path, function() end)
show('server over a dead file', srv ~= nil, errno())
errno(5)
show('close unix server', srv:close(), errno())
errno(5)
local inet = socket.tcp_server('127.0.0.1', 0, function() end)
show('close inet server', inet:close(), errno())
os.remove(path)

-- Numbers for socket()'s domain, type and protocol go through the FFI as C ints: NaN,
-- the infinities and what an int cannot hold are INT_MIN, which socket(2) refuses (no
-- value). The object keeps the type as given: 2.5 is then no datagram socket, so a
-- recv() without a size reads 512 bytes.
for _, v in ipairs({ { 'nan', 0/0 }, { 'inf', 1/0 }, { '2^31', 2^31 }, { '2^32+1', 2^32 + 1 } }) do
  errno(0)
  try('socket domain ' .. v[1], function() local r = c.pack(socket(v[2], 'SOCK_STREAM', 'tcp')); return r.n, r[1] == nil, errno() end)
  errno(0)
  try('socket type ' .. v[1], function() local r = c.pack(socket('AF_INET', v[2], 'tcp')); return r.n, r[1] == nil, errno() end)
  errno(0)
  try('socket protocol ' .. v[1], function() local r = c.pack(socket('AF_INET', 'SOCK_STREAM', v[2])); return r.n, r[1] == nil, errno() end)
end
local half = socket('AF_INET', 2.5, 0)
half:bind('127.0.0.1', 0)
local sender = socket('AF_INET', 'SOCK_DGRAM', 'udp')
sender:sendto('127.0.0.1', half:name().port, string.rep('x', 600))
half:readable(5)
show('type 2.5: recv()', #half:recv())
half:close()
sender:close()

-- getaddrinfo's type, family and protocol reach C through lua_tointeger into an int:
-- the low 32 bits, 0 (any) for NaN, the infinities and 2^53. Options that Lua cannot
-- index raise.
local function kinds(list)
  if type(list) ~= 'table' then return list end
  local out = {}
  for i, e in ipairs(list) do out[i] = e.type .. '/' .. tostring(e.protocol) end
  return table.concat(out, ',')
end
for _, f in ipairs({ 'type', 'family', 'protocol' }) do
  for _, v in ipairs({ { 'nan', 0/0 }, { 'inf', 1/0 }, { '2^32+1', 2^32 + 1 }, { '2^53', 2^53 } }) do
    errno(0)
    try('getaddrinfo ' .. f .. ' ' .. v[1], function() return kinds(socket.getaddrinfo('127.0.0.1', 80, 1, { [f] = v[2] })), errno() end)
  end
end
try('getaddrinfo opts 5', function() return kinds(socket.getaddrinfo('127.0.0.1', 80, 1, 5)) end)
try('getaddrinfo opts true', function() return kinds(socket.getaddrinfo('127.0.0.1', 80, 1, true)) end)
try('getaddrinfo opts string', function() return kinds(socket.getaddrinfo('127.0.0.1', 80, 1, 'x')) end)

-- iowait's events number is read as an int the same way: its low 32 bits.
local ia, ib = c.pair(socket)
try('iowait events 2^32+1', function() return socket.iowait(ia:fd(), 2^32 + 1, 0) end)
try('iowait events 2^32+2', function() return socket.iowait(ia:fd(), 2^32 + 2, 0) end)
try('iowait events 2^31+2', function() return socket.iowait(ia:fd(), 2^31 + 2, 0) end)
ia:close()
ib:close()

c.finish()
