// The state every socket object of this package carries (Tarantool's `_gc_socket`,
// `itype`, `_errno`, `rbuf` and LuaSocket's `timeout` fields), and the receiver check
// every method starts with.
import * as core from '@sockport/core';
import type { Waiting } from './buffered-read.js';
import { setErrno } from './errno.js';

/**
 * What the socket objects of this package share: the descriptor, its type and the
 * socket's own errno. {@link SocketObject} and the LuaSocket kinds ({@link TcpMaster},
 * {@link TcpServer}, {@link TcpClient}) build on it.
 */
export abstract class SocketBase {
  /** The numeric socket type it was created with (`SOCK_STREAM` is 1), as Tarantool's `itype` field. */
  readonly itype: number;
  /** @internal The descriptor. */
  readonly _sock: core.Socket;
  /**
   * @internal The socket's last error, Tarantool's `_errno` field: null for nil (no
   * error: `error()` is nil), or a number, which may be 0 (`error()` is `'Success'`).
   */
  _errno: number | null = null;
  /** @internal The read-ahead buffer, made by the first buffered read. */
  _rbuf: core.ReadBuffer | undefined = undefined;
  /**
   * @internal LuaSocket's `settimeout` value, in seconds (null: none; false: none for
   * the calls that wait, an error for `send`, as in Tarantool).
   */
  _timeout: number | null | false = null;
  /** @internal The protocol number, once asked for by name()/peer(). */
  _protocol = -1;
  /** @internal The last string delimiter read with, and its bytes. */
  _delimiter: string | undefined = undefined;
  /** @internal */
  _delimiters: readonly Uint8Array[] | undefined = undefined;
  /** @internal The state of a buffered read that waits, kept for the socket's next one. */
  _waiting: Waiting | undefined = undefined;
  /** @internal A unix listener's path (tcp_server, luasocket.bind), which its close removes. */
  _unlinkPath: unknown = undefined;
  #brand = true;

  /** @internal */
  constructor(sock: core.Socket, itype: number) {
    if (!(sock instanceof core.Socket)) throw new TypeError('socket objects come from socket(), tcp_connect, tcp_server, accept and the LuaSocket constructors');
    this._sock = sock;
    this.itype = itype;
  }

  /** How `console.log` shows it: the class and Tarantool's `tostring` text (never throws). */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `${this.constructor.name} { ${this._sock.closed ? 'closed' : String(this)} }`;
  }

  /** @internal Whether `value` is a socket object of this package (any kind). */
  static _is(value: unknown): value is SocketBase {
    return typeof value === 'object' && value !== null && #brand in value;
  }
}

/** @internal The error every method raises on a closed socket. */
export function closedError(): Error {
  return new Error('attempt to use closed socket');
}

/**
 * @internal Tarantool's check_socket: the open descriptor of a socket receiver, or the
 * usage error (no receiver, or not a socket) or the closed-socket error.
 */
export function checkSocket(self: unknown): core.Socket {
  if (!SocketBase._is(self))
    throw new TypeError(self === undefined || self === null ? 'Usage: socket:method()' : 'Usage: socket:method(), called with non-socket');
  const sock = self._sock;
  if (sock.closed) throw closedError();
  return sock;
}

/** @internal Records a failed syscall: the socket's errno and the module-level errno. */
export function fail(self: SocketBase, rc: number): void {
  self._errno = -rc;
  setErrno(-rc);
}

/** @internal `socket_error(self)`: the text of the socket's errno, or null when it has none. */
export function errorText(self: SocketBase): string | null {
  return self._errno === null ? null : core.strerror(self._errno);
}

/** @internal A syscall's 0-or-negative-errno result as true, or false with errno set. */
export function succeeded(self: SocketBase, rc: number): boolean {
  if (rc === 0) return true;
  fail(self, rc);
  return false;
}
