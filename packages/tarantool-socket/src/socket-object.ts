// The socket object `socket()`, `tcp_connect`, `tcp_server` and `accept` give: every
// method of Tarantool's socket_object, each delegating to the module of its family.
import type { FromAddress, SocketName } from './address-table.js';
import { bufferedWrite } from './buffered-write.js';
import * as connection from './connection.js';
import type { ShutdownHow } from './connection.js';
import type { FlagNames } from './flags.js';
import { seconds } from './lua.js';
import * as readiness from './readiness.js';
import type { WaitResult } from './readiness.js';
import { readSpec, type ReadSpec } from './read-spec.js';
import { settle } from './settle.js';
import { checkSocket, errorText, SocketBase } from './socket-base.js';
import * as sockopt from './sockopt.js';
import type { OptionLevel } from './sockopt.js';
import * as io from './unbuffered-io.js';

/**
 * A socket, as Tarantool's `socket_object`. It is non-blocking from its creation.
 *
 * - Methods that may suspend a fiber in Tarantool (`read`, `write`, `readable`,
 *   `writable`, `wait`) return Promises; every other method is synchronous.
 * - Errors are returned, not thrown: `null` (or `false`) with the socket's errno, read
 *   with {@link SocketObject.errno} and {@link SocketObject.error}. Bad arguments, a
 *   foreign receiver and any use after {@link SocketObject.close} throw (or reject),
 *   with Tarantool's messages (`'attempt to use closed socket'`).
 * - `read` uses a read-ahead buffer; `recv`, `sysread` and `recvfrom` read the kernel
 *   directly, so mixing them with `read` reorders data (as in Tarantool).
 * - Closing the socket wakes every pending wait on it: a pending `read` rejects with
 *   `'attempt to use closed socket'`, a pending `readable` resolves `true`.
 * - A socket object that becomes garbage is closed.
 */
export class SocketObject extends SocketBase {
  /**
   * Connects to a locally resolved address (an IP address or `'unix/'` with a path as
   * `port`; no DNS), without waiting. `true` when connected at once; `false` with errno
   * otherwise: `EINPROGRESS` for a TCP connect under way (wait with
   * {@link SocketObject.writable}, then read `SO_ERROR`), `EINVAL` for a host that is
   * not numeric.
   */
  sysconnect(host: string | number, port?: number | string | Uint8Array | null): boolean {
    return connection.sysconnect(this, host, port);
  }

  /**
   * One send(2) of `data`: the bytes the kernel took (maybe fewer), or `null` with errno
   * (`EAGAIN` when there is no room, `EPIPE` after a write shutdown). `flags` is a
   * `MSG_*` name or a list of them; an unknown name throws.
   */
  send(data: string | Uint8Array, flags?: FlagNames | null): number | null {
    return io.send(this, data, flags);
  }

  /**
   * Sends all of `data`, waiting for room as needed until `timeout` seconds (default
   * infinite) have passed. Resolves with the byte count, `0` for empty data, or `null`
   * with errno (`ETIMEDOUT`, `EPIPE`, `ECONNRESET`). Settles at once when the kernel
   * takes everything.
   */
  write(data: string | Uint8Array, timeout?: number | null): Promise<number | null> {
    // The hot path of every server: no closure, no extra promise.
    try {
      checkSocket(this);
      const bytes = data instanceof Uint8Array ? data : io.bytesArg(data, 'write: data');
      // Nothing to send returns before the timeout is looked at, as in Tarantool.
      if (bytes.length === 0) return Promise.resolve(0);
      return Promise.resolve(bufferedWrite(this, bytes, timeout === undefined ? null : seconds(timeout, 'write: timeout')));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * One write(2), never waiting: the bytes taken, or `null` with errno (`EAGAIN`).
   * `syswrite(buffer, size)` writes the first `size` bytes of `buffer`.
   */
  syswrite(data: string | Uint8Array): number | null;
  syswrite(buffer: Uint8Array, size: number): number | null;
  syswrite(data: string | Uint8Array, size?: number): number | null {
    return io.syswrite(this, data, size);
  }

  /**
   * One recv(2), bypassing the read-ahead buffer: the bytes, an empty Buffer at end of
   * stream (or for an empty datagram), or `null` with errno (`EAGAIN` when nothing is
   * there, `EINVAL` for an unknown flag). `size` defaults to 512, or on datagram
   * sockets to the size of the next datagram.
   */
  recv(size?: number | null, flags?: FlagNames | null): Buffer | null {
    return io.recv(this, size, flags);
  }

  /**
   * One read(2), bypassing the read-ahead buffer: up to `size` bytes (default 16320),
   * an empty Buffer at end of stream, or `null` with errno (`EAGAIN`).
   * `sysread(buffer, size)` reads into `buffer` and returns the count.
   */
  sysread(size?: number | null): Buffer | null;
  sysread(buffer: Uint8Array, size: number): number | null;
  sysread(arg?: number | Uint8Array | null, size?: number): Buffer | number | null {
    return arg instanceof Uint8Array ? io.sysreadInto(this, arg, size) : io.sysread(this, arg);
  }

  /**
   * Reads through the read-ahead buffer until `spec` is met or `timeout` seconds (default
   * infinite, one deadline for the whole call) pass:
   * - a number: exactly that many bytes;
   * - a delimiter (string or bytes): everything up to and including it;
   * - `{ chunk, delimiter }`: at most `chunk` bytes, ending early after the delimiter
   *   (or the first-ending of a list of delimiters).
   *
   * Resolves with the bytes; at end of stream with what is left (maybe empty, then
   * always empty); `null` with errno on error or timeout (`ETIMEDOUT`: nothing is lost,
   * the bytes stay buffered). Settles at once when the buffer already holds the answer.
   */
  read(spec: ReadSpec, timeout?: number | null): Promise<Buffer | null> {
    // The hot path of every server: no closure, no extra promise.
    try {
      checkSocket(this);
      return Promise.resolve(readSpec(this, spec, timeout));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Binds to a locally resolved address (numeric host, or `'unix/'` and a path; an
   * omitted port is 0, any port): `true`, or `false` with errno (`EADDRINUSE`,
   * `EINVAL`, `ENOBUFS` for a unix path of 108 bytes or more).
   */
  bind(host: string | number, port?: number | string | Uint8Array | null): boolean {
    return connection.bind(this, host, port);
  }

  /** Starts listening (backlog 256 by default): `true`, or `false` with errno. */
  listen(backlog?: number | null): boolean {
    return connection.listen(this, backlog);
  }

  /**
   * One accept(2), never waiting (await {@link SocketObject.readable} first):
   * `[client, from]`, with the client non-blocking already, or `[null]` with errno
   * (`EAGAIN` when no connection is pending, `EINVAL` when not listening).
   */
  accept(): [SocketObject, FromAddress] | [null] {
    const got = connection.accept(this);
    return got === null ? [null] : [new SocketObject(got[0], this.itype), got[1]];
  }

  /**
   * One sendto(2) to a locally resolved address: the bytes sent, `true` for empty data
   * (nothing is sent), or `null` with errno (`EINVAL` for an unknown flag or a host
   * that is not numeric).
   */
  sendto(host: string | number, port: number | string | Uint8Array | null | undefined, data: string | Uint8Array | number | null | undefined, flags?: FlagNames | null): number | true | null {
    return io.sendto(this, host, port, data, flags);
  }

  /**
   * One recvfrom(2): `[data, from]` (`from` is null when the kernel names no sender:
   * connected TCP, an unbound unix datagram sender), or `[null]` with errno (`EAGAIN`).
   * `size` defaults as in {@link SocketObject.recv}.
   */
  recvfrom(size?: number | null, flags?: FlagNames | null): [Buffer, FromAddress | null] | [null] {
    return io.recvfrom(this, size, flags);
  }

  /**
   * Shuts down the read side (`'R'`, `'READ'`, `'receive'`, 0), the write side (`'W'`,
   * `'WRITE'`, `'send'`, 1) or both (`'RW'`, `'READ_WRITE'`, `'both'`, 2, or no
   * argument): `true`, or `false` with errno (`ENOTCONN`; `EINVAL` for any other
   * direction).
   */
  shutdown(how?: ShutdownHow | null): boolean {
    return connection.shutdown(this, how);
  }

  /**
   * Closes the socket: `true`, or `false` with errno. Afterwards every call on it
   * throws `'attempt to use closed socket'` (a second close included), and every
   * pending wait wakes up.
   */
  close(): boolean {
    return connection.closeOwn(this);
  }

  /** The socket's last errno, 0 when the last call succeeded. */
  errno(): number {
    checkSocket(this);
    return this._errno ?? 0;
  }

  /** The text of the socket's last errno (`'Connection refused'`), `null` when the last call succeeded. */
  error(): string | null {
    checkSocket(this);
    return errorText(this);
  }

  /**
   * Sets an option: `true`, or `false` with errno (a failed call, or a level that does
   * not resolve). `level` is a number, `'SOL_SOCKET'`/`'socket'`, or a protocol
   * (`'tcp'`, `'IPPROTO_TCP'`); booleans set 1/0. An unknown option, and a read-only
   * one (`SO_TYPE`, `SO_ERROR`, `SO_LINGER`, ...), throw.
   */
  setsockopt(level: OptionLevel, name: string, value: number | boolean | string): boolean {
    return sockopt.setsockopt(this, level, name, value);
  }

  /**
   * Reads an option: a number (a string for `SO_BINDTODEVICE`), `null` with errno when
   * the call fails, or `false` with errno for a level that does not resolve. An unknown
   * option, `SO_LINGER` (use {@link SocketObject.linger}) and `TCP_INFO` throw.
   */
  getsockopt(level: OptionLevel, name: string): number | string | null | false {
    return sockopt.getsockopt(this, level, name);
  }

  /**
   * `SO_LINGER`. With no argument: `[active, seconds]`. With one: sets it (any truthy
   * `active` turns it on, 0 included) and returns the arguments as given, `timeout`
   * defaulting to 0 (a boolean timeout is 1 or 0, as the FFI converts it). `[null]`
   * with errno when the call fails.
   */
  linger(): [boolean, number] | [null];
  linger<A>(active: A, timeout?: number | null): [A, number] | [null];
  linger<A>(active: A, timeout: boolean): [A, boolean] | [null];
  linger(active?: unknown, timeout?: number | boolean | null): [unknown, number | boolean] | [null] {
    return sockopt.linger(this, active, timeout);
  }

  /**
   * With no argument, whether the socket is non-blocking. With one, sets it (any truthy
   * value, 0 included) or clears it (`false`) and returns the new flag. `null` with
   * errno when the call fails. A blocking socket makes `sysread`, `recv` and the like
   * block the whole thread.
   */
  nonblock(flag?: unknown): boolean | null {
    return sockopt.nonblock(this, flag);
  }

  /**
   * Waits until the socket is readable: `true`, or `false` with errno `ETIMEDOUT` after
   * `timeout` seconds (default infinite; 0 or less polls once). Resolves `true` if the
   * socket is closed meanwhile.
   */
  readable(timeout?: number | null): Promise<boolean> {
    return settle(() => readiness.readable(this, timeout));
  }

  /** Waits until the socket is writable: `true`, or `false` with errno `ETIMEDOUT` after `timeout` seconds. */
  writable(timeout?: number | null): Promise<boolean> {
    return settle(() => readiness.writable(this, timeout));
  }

  /**
   * Waits until the socket is readable or writable: `'R'`, `'W'` or `'RW'`, or the
   * number `0` (with errno `ETIMEDOUT`) after `timeout` seconds.
   */
  wait(timeout?: number | null): Promise<WaitResult> {
    return settle(() => readiness.wait(this, timeout));
  }

  /**
   * The near side's address (getsockname): `{ host, family, type, protocol, port }`, with
   * `toString()` giving `host:port`; `null` with errno on failure.
   */
  name(): SocketName | null {
    return connection.name(this);
  }

  /** The far side's address (getpeername), like {@link SocketObject.name}; `null` with errno `ENOTCONN` when unconnected. */
  peer(): SocketName | null {
    return connection.peer(this);
  }

  /** The descriptor number. */
  fd(): number {
    return checkSocket(this).fd;
  }

  /** Tarantool's `tostring(sock)`: `fd 12, aka 127.0.0.1:40000, peer 127.0.0.1:3301`. The socket's errno is kept. */
  override toString(): string {
    const fd = checkSocket(this).fd;
    const saved = this._errno;
    let text = `fd ${fd}`;
    const aka = connection.name(this);
    if (aka !== null) text += `, aka ${aka}`;
    const peer = connection.peer(this);
    if (peer !== null) text += `, peer ${peer}`;
    this._errno = saved;
    return text;
  }

  /** Tarantool's `__serialize`: `{ fd, peer, name }`, for `JSON.stringify`. */
  toJSON(): { fd: number; peer: SocketName | null; name: SocketName | null } {
    const fd = checkSocket(this).fd;
    return { fd, peer: connection.peer(this), name: connection.name(this) };
  }
}
