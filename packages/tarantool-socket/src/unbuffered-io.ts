// The single-syscall transfers: send, recv, sysread, syswrite, sendto, recvfrom. They
// never wait, and they bypass the read-ahead buffer that `read` fills.
import { Buffer } from 'node:buffer';
import * as core from '@sockport/core';
import { fromAddress, type FromAddress } from './address-table.js';
import { READAHEAD, SEND_FLAGS } from './constants.js';
import { flagBits, flagsError } from './flags.js';
import { localResolve } from './local-resolve.js';
import { describe, luaToString, toNumber } from './lua.js';
import { checkSocket, fail, type SocketBase } from './socket-base.js';

const PEEK_SIZE = core.MSG_PEEK | core.MSG_TRUNC;
const EMPTY = Buffer.alloc(0);
// Linux's MAX_RW_COUNT: no read(2) or recv(2) gives more, so a bigger buffer holds nothing more.
const MAX_RW_COUNT = 0x7ffff000;
// The largest recv buffer LuaJIT's FFI makes (static_alloc raises above it).
const RECV_MAX = 0x7fffffff;
// sysread's ibuf cannot reserve more than the 47-bit address space.
const SYSREAD_MAX = 2 ** 47;

/** @internal Bytes to send: a string (UTF-8) or bytes; anything else raises, as the FFI does. */
export function bytesArg(data: unknown, what: string): Uint8Array {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (data instanceof Uint8Array) return data;
  throw new TypeError(`${what} must be a string or a Uint8Array, got ${describe(data)}`);
}

function sizeArg(size: unknown, what: string): number {
  if (typeof size !== 'number' || !Number.isFinite(size) || size < 0)
    throw new TypeError(`${what} must be a non-negative number, got ${describe(size)}`);
  return Math.trunc(size);
}

/** @internal send(2) once: the bytes taken (maybe fewer), or null with errno. Unknown flags raise. */
export function send(self: SocketBase, data: unknown, flags: unknown): number | null {
  const sock = checkSocket(self);
  // Cleared first, as Tarantool does before the checks below can raise.
  self._errno = null;
  const bytes = bytesArg(data, 'send: data');
  const bits = flagBits(SEND_FLAGS, flags);
  if (bits === null) throw flagsError('send', flags);
  const n = sock.send(bytes, bits);
  if (n >= 0) return n;
  fail(self, n);
  return null;
}

/**
 * The size to receive: as given; 512 on sockets that are not datagram sockets; else the
 * exact size of the next datagram (peeked), or null with EAGAIN when none is queued.
 */
function recvSize(self: SocketBase, sock: core.Socket, size: unknown): number | null {
  // LuaJIT's FFI takes false for a size as 0.
  if (size === false) return 0;
  if (size !== undefined && size !== null) {
    const n = sizeArg(size, 'size');
    if (n > RECV_MAX) throw new TypeError(`recv: size is too large (at most ${RECV_MAX}), got ${describe(size)}`);
    return n;
  }
  if (self.itype !== core.SOCK_DGRAM) return 512;
  self._errno = null;
  const n = sock.recv(EMPTY, PEEK_SIZE);
  if (n >= 0) return n;
  fail(self, n);
  return null;
}

/** @internal recv(2) once: the bytes ('' at end of stream), or null with errno (EINVAL for unknown flags). */
export function recv(self: SocketBase, size: unknown, flags: unknown): Buffer | null {
  const sock = checkSocket(self);
  const bits = flagBits(SEND_FLAGS, flags);
  if (bits === null) {
    self._errno = core.errno.EINVAL;
    return null;
  }
  const want = recvSize(self, sock, size);
  if (want === null) return null;
  self._errno = null;
  const got = sock.recvBuffer(Math.min(want, MAX_RW_COUNT), bits);
  if (typeof got !== 'number') return got;
  fail(self, got);
  return null;
}

/**
 * @internal recvfrom(2) once: the bytes and the sender (null when the kernel names
 * none), or null with errno (EINVAL for unknown flags).
 */
export function recvfrom(self: SocketBase, size: unknown, flags: unknown): [Buffer, FromAddress | null] | [null] {
  const sock = checkSocket(self);
  const bits = flagBits(SEND_FLAGS, flags);
  if (bits === null) {
    self._errno = core.errno.EINVAL;
    return [null];
  }
  let want: number | null;
  if (size === undefined || size === null) want = recvSize(self, sock, size);
  else {
    // Tarantool's recvfrom takes the size in C with lua_tointeger into an int: a numeric
    // string counts, anything else is 0, 2^32 + 2 is 2, and a negative size fails to
    // allocate.
    const n = toNumber(size) ?? 0;
    want = Math.abs(n) < 2 ** 63 ? Math.trunc(n) | 0 : 0;
    if (want < 0) {
      self._errno = core.errno.ENOMEM;
      return [null];
    }
  }
  if (want === null) return [null];
  self._errno = null;
  const buf = Buffer.allocUnsafe(Math.min(want, MAX_RW_COUNT));
  const n = sock.recvfrom(buf, bits);
  if (n < 0) {
    fail(self, n);
    return [null];
  }
  const from = fromAddress(core.lastAddress());
  return [n === buf.length ? buf : Buffer.from(buf.subarray(0, Math.min(n, buf.length))), from];
}

/**
 * @internal sendto(2) once to a locally resolved address: the bytes sent, `true` for
 * empty data (nothing is sent, the address is not checked), or null with errno.
 */
export function sendto(self: SocketBase, host: unknown, port: unknown, data: unknown, flags: unknown): number | true | null {
  const sock = checkSocket(self);
  const bits = flagBits(SEND_FLAGS, flags);
  if (bits === null) {
    self._errno = core.errno.EINVAL;
    return null;
  }
  self._errno = null;
  if (data === undefined || data === null || data === '' || (data instanceof Uint8Array && data.length === 0)) return true;
  const bytes = data instanceof Uint8Array ? data : Buffer.from(luaToString(data, 'sendto: data'), 'utf8');
  const addr = localResolve(host, port);
  const n = typeof addr === 'number' ? addr : sock.sendto(bytes, addr, bits);
  if (n >= 0) return n;
  fail(self, n);
  return null;
}

/** @internal write(2) once, never waiting: the bytes taken, or null with errno. */
export function syswrite(self: SocketBase, data: unknown, size: unknown): number | null {
  let bytes: Uint8Array;
  if (data instanceof Uint8Array && size !== undefined && size !== null) {
    const n = typeof size === 'number' && Number.isInteger(size) && size >= 0 && size <= data.length ? size : -1;
    if (n < 0) throw new TypeError(`syswrite: size must be an integer in 0..${data.length}, got ${describe(size)}`);
    bytes = data.subarray(0, n);
  } else if (typeof data === 'string' || data instanceof Uint8Array) {
    bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  } else {
    throw new TypeError('Usage: socket:syswrite(data) or socket:syswrite(const char *, size)');
  }
  const sock = checkSocket(self);
  self._errno = null;
  const n = sock.send(bytes);
  if (n >= 0) return n;
  fail(self, n);
  return null;
}

/** @internal read(2) once into a new Buffer ('' at end of stream), or null with errno. */
export function sysread(self: SocketBase, size: unknown): Buffer | null {
  // The size is checked before the receiver, as in Tarantool.
  if (typeof size === 'number' && size < 0) throw new TypeError('socket:sysread(): size can not be negative');
  // Tarantool's `size or READAHEAD`: false is no size too.
  const want = size === undefined || size === null || size === false ? READAHEAD : sizeArg(size, 'sysread: size');
  if (want >= SYSREAD_MAX) throw new TypeError(`sysread: size is too large to allocate, got ${describe(size)}`);
  const sock = checkSocket(self);
  self._errno = null;
  // read(2) of nothing answers 0 without looking at the socket (recv(2) would say EAGAIN).
  if (want === 0) return EMPTY;
  const got = sock.recvBuffer(Math.min(want, MAX_RW_COUNT));
  if (typeof got !== 'number') return got;
  fail(self, got);
  return null;
}

/** @internal read(2) once into `buffer[0, size)`: the bytes read (0 at end of stream), or null with errno. */
export function sysreadInto(self: SocketBase, buffer: Uint8Array, size: unknown): number | null {
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 0 || size > buffer.length)
    throw new TypeError(`sysread: size must be an integer in 0..${buffer.length}, got ${describe(size)}`);
  const sock = checkSocket(self);
  self._errno = null;
  if (size === 0) return 0;
  const n = sock.recv(buffer, 0, 0, size);
  if (n >= 0) return n;
  fail(self, n);
  return null;
}
