-- Shared by the scenario scripts: one printed line per observation, in a format the
-- TypeScript twins reproduce exactly (see ../format.ts).
--   show(label, ...)    label [n] v1 | v2 ...   (n = how many values, nil included)
--   try(label, f, ...)  like show, or "label raise: <message>" when f raises
local M = {}

M.tmp = os.getenv('SCENARIO_TMP') or '/tmp'
-- Connected sockets to hand to fibers and handlers without globals.
M.fiber = require('fiber')

local function quote(s)
  local out = {}
  for i = 1, #s do
    local b = s:byte(i)
    if b >= 32 and b <= 126 and b ~= 34 and b ~= 92 then
      out[#out + 1] = string.char(b)
    else
      out[#out + 1] = string.format('\\x%02X', b)
    end
  end
  local text = table.concat(out)
  -- Temporary paths differ between runs: show them relative to the scenario directory.
  local at = text:find(M.tmp, 1, true)
  while at do
    text = text:sub(1, at - 1) .. '<tmp>' .. text:sub(at + #M.tmp)
    at = text:find(M.tmp, 1, true)
  end
  return '"' .. text .. '"'
end

local function fmt(v)
  local t = type(v)
  if t == 'nil' then return 'nil' end
  if t == 'boolean' or t == 'number' then return tostring(v) end
  if t == 'string' then return quote(v) end
  if t == 'table' then
    if v._gc_socket ~= nil then
      local ok, text = pcall(tostring, v)
      local kind = ok and text:match('^tcp{(%a+)}') or nil
      return kind and ('<tcp{' .. kind .. '}>') or '<socket>'
    end
    local keys = {}
    for k in pairs(v) do keys[#keys + 1] = tostring(k) end
    table.sort(keys)
    local out = {}
    for _, k in ipairs(keys) do
      local val = v[k]
      if val == nil then val = v[tonumber(k)] end
      out[#out + 1] = k .. '=' .. fmt(val)
    end
    return '{' .. table.concat(out, ',') .. '}'
  end
  return '<' .. t .. '>'
end
M.fmt = fmt

function M.show(label, ...)
  local n = select('#', ...)
  local vals = { ... }
  local out = {}
  for i = 1, n do out[i] = fmt(vals[i]) end
  print(label .. ' [' .. n .. '] ' .. table.concat(out, ' | '))
end

-- The message of an error, without the "file:line: " Lua prepends.
local function message(err)
  local text = tostring(err)
  return (text:gsub('^[^:]*:%d+: ', ''))
end
M.message = message

function M.try(label, f, ...)
  local res = { pcall(f, ...) }
  if res[1] then
    M.show(label, unpack(res, 2, table.maxn(res)))
  else
    print(label .. ' raise: ' .. message(res[2]))
  end
end

-- The values of a call and how many there were (nil included): { n = count, ... }.
function M.pack(...)
  return { n = select('#', ...), ... }
end

-- An address table with its port hidden when it is a real (random) port number.
function M.masked(t)
  if type(t) ~= 'table' then return t end
  local copy = {}
  for k, v in pairs(t) do copy[k] = v end
  if type(copy.port) == 'number' and copy.port > 0 then copy.port = '<port>' end
  return copy
end

-- A listening TCP socket on 127.0.0.1 and its port.
function M.listener(socket)
  local l = socket('AF_INET', 'SOCK_STREAM', 'tcp')
  assert(l:bind('127.0.0.1', 0))
  assert(l:listen(16))
  return l, l:name().port
end

-- A connected TCP pair: client, server side.
function M.pair(socket)
  local l, port = M.listener(socket)
  local c = socket.tcp_connect('127.0.0.1', port)
  assert(l:readable(5))
  local s = l:accept()
  l:close()
  return c, s
end

-- Waits (bounded) until the socket has something to read.
function M.settle(s)
  s:readable(5)
end

-- A connected TCP pair with small kernel buffers (client send, server receive), so that
-- writes fill it.
function M.smallpair(socket, snd, rcv)
  local l = socket('AF_INET', 'SOCK_STREAM', 'tcp')
  l:setsockopt('SOL_SOCKET', 'SO_RCVBUF', rcv)
  assert(l:bind('127.0.0.1', 0))
  assert(l:listen(16))
  local a = socket('AF_INET', 'SOCK_STREAM', 'tcp')
  a:setsockopt('SOL_SOCKET', 'SO_SNDBUF', snd)
  a:sysconnect('127.0.0.1', l:name().port)
  a:writable(5)
  l:readable(5)
  local b = l:accept()
  l:close()
  return a, b
end

-- Run-length text of a string: 'A3 B2' for 'AAABB'.
function M.rle(s)
  local out, i = {}, 1
  while i <= #s do
    local ch, j = s:sub(i, i), i
    while j < #s and s:sub(j + 1, j + 1) == ch do j = j + 1 end
    out[#out + 1] = ch .. (j - i + 1)
    i = j + 1
  end
  return table.concat(out, ' ')
end

function M.finish()
  io.stdout:flush()
  os.exit(0)
end

return M
