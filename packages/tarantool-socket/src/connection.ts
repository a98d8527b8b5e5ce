// Setting up and tearing down: sysconnect, bind, listen, accept, shutdown, close, and
// the name/peer address tables. Each is one syscall; none waits.
import * as core from '@sockport/core';
import { fromAddress, socketName, type FromAddress, type SocketName } from './address-table.js';
import { getErrno } from './errno.js';
import { closingDescriptor } from './fiber-wake.js';
import { localResolve } from './local-resolve.js';
import { describe, luaInt } from './lua.js';
import { checkSocket, fail, succeeded, SocketBase } from './socket-base.js';
import { unlinkPath } from './unlink.js';

/** A `shutdown` direction: read, write or both, by any of Tarantool's names or numbers. */
export type ShutdownHow = 'R' | 'READ' | 'receive' | 0 | 'W' | 'WRITE' | 'send' | 1 | 'RW' | 'READ_WRITE' | 'both' | 2;

// Lua keeps string and number keys apart ('0' is not 0), so two maps.
const SHUTDOWN_NAMES = new Map<string, number>([
  ['R', core.SHUT_RD], ['READ', core.SHUT_RD], ['receive', core.SHUT_RD],
  ['W', core.SHUT_WR], ['WRITE', core.SHUT_WR], ['send', core.SHUT_WR],
  ['RW', core.SHUT_RDWR], ['READ_WRITE', core.SHUT_RDWR], ['both', core.SHUT_RDWR],
]);
const SHUTDOWN_NUMBERS = new Map<number, number>([[0, core.SHUT_RD], [1, core.SHUT_WR], [2, core.SHUT_RDWR]]);

// A syscall on a locally resolved address: true, or false with errno.
function toAddress(self: SocketBase, host: unknown, port: unknown, call: (sock: core.Socket, addr: core.EncodedAddress) => number): boolean {
  const sock = checkSocket(self);
  self._errno = null;
  const addr = localResolve(host, port);
  return succeeded(self, typeof addr === 'number' ? addr : call(sock, addr));
}

/** @internal connect(2) to a locally resolved address: true, or false with errno. */
export function sysconnect(self: SocketBase, host: unknown, port: unknown): boolean {
  return toAddress(self, host, port, (sock, addr) => sock.connect(addr));
}

/** @internal bind(2) to a locally resolved address: true, or false with errno. */
export function bind(self: SocketBase, host: unknown, port: unknown): boolean {
  return toAddress(self, host, port, (sock, addr) => sock.bind(addr));
}

/**
 * A listen backlog as the FFI converts it to a C int: nil is 256, booleans
 * count as 1/0, and a number out of the int range (infinity, NaN) becomes INT_MIN,
 * which the kernel, like any backlog beyond its limit, takes as its limit.
 */
function backlogOf(backlog: unknown): number {
  if (backlog === undefined || backlog === null) return 256;
  if (typeof backlog === 'boolean') return backlog ? 1 : 0;
  if (typeof backlog === 'number') return luaInt(backlog);
  throw new TypeError(`listen: backlog must be a number, got ${describe(backlog)}`);
}

/** @internal listen(2): true, or false with errno. */
export function listen(self: SocketBase, backlog: unknown): boolean {
  const sock = checkSocket(self);
  self._errno = null;
  const rc = sock.listen(backlogOf(backlog));
  return succeeded(self, rc);
}

/** @internal accept(2), never waiting: the new socket (non-blocking) and its peer, or null with errno. */
export function accept(self: SocketBase): [core.Socket, FromAddress] | null {
  const sock = checkSocket(self);
  self._errno = null;
  const client = sock.acceptFrom();
  if (typeof client === 'number') {
    fail(self, client);
    return null;
  }
  // The kernel always names a connecting peer (an unnamed unix peer has an empty path).
  return [client[0], fromAddress(client[1]) as FromAddress];
}

/**
 * @internal shutdown(2). No direction means both, as in Tarantool; a direction that is
 * none of Tarantool's names is refused with EINVAL instead of shutting both.
 */
export function shutdown(self: SocketBase, how: unknown): boolean {
  const sock = checkSocket(self);
  self._errno = null;
  let ihow: number | undefined = core.SHUT_RDWR;
  if (typeof how === 'string') ihow = SHUTDOWN_NAMES.get(how);
  else if (typeof how === 'number') ihow = SHUTDOWN_NUMBERS.get(how);
  else if (how !== undefined && how !== null) ihow = undefined;
  const rc = ihow === undefined ? -core.errno.EINVAL : sock.shutdown(ihow);
  return succeeded(self, rc);
}

/** @internal close(2): true, or false with errno. Pending waits on the socket wake up. */
export function close(self: SocketBase): boolean {
  const sock = checkSocket(self);
  self._errno = null;
  closingDescriptor(sock.fd);
  const rc = sock.close();
  return succeeded(self, rc);
}

/**
 * The socket's own close: a unix listener's path is removed first, so that no other
 * server can take it between the close and the removal. (Failure paths that close
 * a socket they made call {@link close}: the path may be another server's.)
 */
export function closeOwn(self: SocketBase): boolean {
  if (SocketBase._is(self) && self._unlinkPath !== undefined && !self._sock.closed) unlinkPath(self._unlinkPath);
  return close(self);
}

function protocolOf(self: SocketBase): number {
  if (self._protocol < 0) {
    const got = self._sock.getsockoptRaw(core.constants.levels.SOL_SOCKET!, core.constants.options.SO_PROTOCOL!, 'int');
    self._protocol = got.ok ? (got.value as number) : self._sock.protocol;
  }
  return self._protocol;
}

function addressTable(self: SocketBase, addr: core.SockAddr | core.OtherAddr | number): SocketName | null {
  if (typeof addr === 'number') {
    fail(self, addr);
    return null;
  }
  const from = fromAddress(addr);
  // A family without an address table (AF_PACKET) gives nil and, as Tarantool's
  // `self._errno = boxerrno()`, whatever the process errno holds.
  self._errno = from === null ? getErrno() : null;
  return from === null ? null : socketName(from, self._sock.type, protocolOf(self));
}

/** @internal getsockname(2) as an address table, or null with errno. */
export function name(self: SocketBase): SocketName | null {
  return addressTable(self, checkSocket(self).getsockname());
}

/** @internal getpeername(2) as an address table, or null with errno (ENOTCONN). */
export function peer(self: SocketBase): SocketName | null {
  return addressTable(self, checkSocket(self).getpeername());
}
