// The LuaSocket-compatible layer Tarantool ships: tcp{master}, tcp{server} and
// tcp{client} objects, and the socket.tcp/connect/bind constructors. One object moves
// between kinds as Lua's setmetatable moves it: listen() turns a master into a server.
import * as core from '@sockport/core';
import * as connection from './connection.js';
import type { ShutdownHow } from './connection.js';
import { socketNew } from './create.js';
import { errno, getErrno, isTransient } from './errno.js';
import { lookup } from './getaddrinfo.js';
import { luaText, secondsOrNone, truthy } from './lua.js';
import { receive, send, waitLimit, type ReceivePattern, type ReceiveResult } from './luasocket-io.js';
import { deadlineOf, doWait } from './readiness.js';
import { settle } from './settle.js';
import { checkSocket, errorText, SocketBase } from './socket-base.js';
import * as sockopt from './sockopt.js';
import { connectAndWait, tcpConnect } from './tcp-connect.js';
import { serverBind } from './tcp-server.js';

/** An error result of the LuaSocket layer: `null` and the strerror text. */
export type LuaSocketError = [null, string];

/** The options `setoption` knows. */
export type LuaSocketOption = 'reuseaddr' | 'keepalive' | 'linger' | 'tcp-nodelay';

function ok(done: boolean, self: SocketBase): [1] | LuaSocketError {
  return done ? [1] : [null, errorText(self)!];
}

function familyWord(family: string | number): string {
  return typeof family === 'string' ? family.replace(/^AF_/, '').toLowerCase() : String(family);
}

/**
 * What every LuaSocket object has: close, getsockname, getpeername, settimeout and
 * setoption. Tarantool's own socket methods (`read`, `nonblock`, ...) are not
 * reachable from these objects.
 */
export abstract class LuaSocket extends SocketBase {
  /** `'master'`, `'server'` or `'client'`: the kind, as `tostring` shows it. */
  abstract get kind(): 'master' | 'server' | 'client';

  /**
   * Closes: `[1]`, or `[null, error]`. A second close throws
   * `'attempt to use closed socket'` (real LuaSocket returns 1). A unix server made by
   * {@link bind} also removes its socket file, and gives `[true]`.
   */
  close(): [1] | [true] | [false] | LuaSocketError {
    const done = connection.closeOwn(this);
    // A unix server's close is tcp_server's, whose boolean luasocket.bind hands back in a list.
    return this._unlinkPath !== undefined ? [done] : ok(done, this);
  }

  /** The local address as `[host, port, family]` (`['127.0.0.1', '8080', 'inet']`), or `[null, error]`. */
  getsockname(): [string, string, string] | LuaSocketError {
    const aka = connection.name(this);
    if (aka === null) return [null, errorText(this)!];
    return [aka.host, String(aka.port), familyWord(aka.family)];
  }

  /** The peer's address as `[host, port, family]`, or `[null, 'Transport endpoint is not connected']`. */
  getpeername(): [string, string, string] | LuaSocketError {
    const peer = connection.peer(this);
    if (peer === null) return [null, errorText(this)!];
    return [peer.host, String(peer.port), familyWord(peer.family)];
  }

  /**
   * Sets the timeout (seconds) of this object's waiting calls; null means none, a
   * negative value polls once. `mode` is ignored, as in Tarantool. Returns 1. Sockets
   * accepted from a server do not inherit it.
   */
  settimeout(value: number | false | null | undefined, mode?: string): 1 {
    void mode;
    checkSocket(this);
    this._timeout = value === false ? false : secondsOrNone(value, 'settimeout: value');
    return 1;
  }

  /**
   * Sets `'reuseaddr'`, `'keepalive'`, `'tcp-nodelay'` (booleans or numbers) or
   * `'linger'`: `[1]`, or `[null, error]`. For `'linger'`, a table gives its `on` field
   * (when truthy) or else the table itself, its `timeout` is ignored (the linger time is
   * 0), and `false` gives `[null, null]` (as in Tarantool). Other names throw.
   */
  setoption(option: LuaSocketOption, value: unknown): [1] | LuaSocketError | [null, null] {
    let r: unknown;
    if (option === 'reuseaddr') r = sockopt.setsockopt(this, 'socket', 'SO_REUSEADDR', value);
    else if (option === 'keepalive') r = sockopt.setsockopt(this, 'socket', 'SO_KEEPALIVE', value);
    else if (option === 'tcp-nodelay') r = sockopt.setsockopt(this, 'tcp', 'TCP_NODELAY', value);
    else if (option === 'linger') {
      const table = typeof value === 'object' && value !== null;
      const on = table && truthy((value as { on?: unknown }).on) ? (value as { on?: unknown }).on : value;
      r = sockopt.linger(this, on, null)[0];
    } else throw new TypeError(`Unknown socket option name: ${luaText(option)}`);
    if (!truthy(r)) return [null, errorText(this)] as LuaSocketError | [null, null];
    return [1];
  }

  /** `tcp{master}: fd=N` (or `server`, `client`), as Tarantool's `tostring`. */
  override toString(): string {
    return `tcp{${this.kind}}: fd=${checkSocket(this).fd}`;
  }

  /** The same text as {@link LuaSocket.toString}, Tarantool's `__serialize`. */
  toJSON(): string {
    return this.toString();
  }
}

/**
 * `socket.tcp()`'s unconnected TCP socket. `listen()` turns it into a {@link TcpServer}
 * (the same object: narrow with `instanceof TcpServer`); `connect()` leaves it a
 * master, which can then `receive` and `send`.
 */
export class TcpMaster extends LuaSocket {
  /** `'master'`. (Typed as any kind: the same object moves between kinds.) */
  get kind(): 'master' | 'server' | 'client' {
    return 'master';
  }

  /** Binds to a numeric host and port (no DNS): `[1]`, or `[null, error]` (`'Invalid argument'` for a second bind). */
  bind(host: string | number, port?: number | string | Uint8Array | null): [1] | LuaSocketError {
    return ok(connection.bind(this, host, port), this);
  }

  /** Listens and becomes a {@link TcpServer}: `[1]`, or `[null, error]`. */
  listen(backlog?: number | null): [1] | LuaSocketError {
    if (!connection.listen(this, backlog)) return [null, errorText(this)!];
    Object.setPrototypeOf(this, TcpServer.prototype);
    return [1];
  }

  /**
   * Connects (IPv4 only: the name is resolved for `AF_INET`) within the object's
   * timeout: `[1]`, or `[null, error]` (`'Connection refused'`, `'Connection timed
   * out'`, `'Invalid argument'` when the name does not resolve).
   */
  connect(host: string, port: number | string): Promise<[1] | LuaSocketError> {
    return settle(async () => {
      checkSocket(this);
      const deadline = deadlineOf(waitLimit(this._timeout));
      const left = (): number | null => (deadline === Infinity ? null : deadline - core.monotonic());
      const entries = await lookup(host, port, left(), { family: 'AF_INET', type: 'SOCK_STREAM' });
      if (entries === null || entries.length === 0) {
        this._errno = core.errno.EINVAL;
        return [null, errorText(this)!];
      }
      for (const remote of entries) if (await connectAndWait(this, remote.host, remote.port, left())) return [1];
      return [null, errorText(this)!];
    });
  }

  /** Like {@link TcpClient.receive}: masters have it too (libraries rely on that). */
  receive(pattern?: ReceivePattern | null, prefix?: string | Uint8Array | number | null): Promise<ReceiveResult> {
    return settle(() => receive(this, pattern, prefix));
  }

  /** Like {@link TcpClient.send}. */
  send(data: string | Uint8Array, i?: number | null, j?: number | null): Promise<[number] | LuaSocketError> {
    return settle(() => send(this, data, i, j));
  }
}

/** A listening LuaSocket socket (`tcp{server}`): from `master.listen()` or {@link bind}. */
export class TcpServer extends LuaSocket {
  /** `'server'`. (Typed as any kind: the same object moves between kinds.) */
  get kind(): 'master' | 'server' | 'client' {
    return 'server';
  }

  /**
   * Waits (within the object's timeout) for a connection: `[client]`, or
   * `[null, 'Connection timed out']` / `[null, error]`.
   */
  accept(): Promise<[TcpClient] | LuaSocketError> {
    return settle(async () => {
      checkSocket(this);
      const deadline = deadlineOf(waitLimit(this._timeout));
      do {
        const got = connection.accept(this);
        if (got !== null) return [new TcpClient(got[0], this.itype)];
        if (!isTransient(this._errno)) break;
      } while ((await doWait(this, core.READABLE, deadline - core.monotonic())) !== 0);
      return [null, errorText(this)!];
    });
  }
}

/** A connected LuaSocket socket (`tcp{client}`): from {@link connect} or `server.accept()`. */
export class TcpClient extends LuaSocket {
  /** `'client'`. (Typed as any kind: the same object moves between kinds.) */
  get kind(): 'master' | 'server' | 'client' {
    return 'client';
  }

  /**
   * Receives within the object's timeout, as Tarantool's LuaSocket emulation does:
   * - a count n: `[prefix + n bytes]`; at end of stream `[null, 'closed', prefix + partial]`;
   * - `'*l'` (the default): a line without its `\n` (a `\r` stays); `[null, 'closed', partial]` at end of stream;
   * - `'*a'`: everything until the end of stream, or what arrived before the timeout;
   *   `[null, 'closed', prefix]` when the stream ends with nothing.
   *
   * A timeout gives `[null, 'Connection timed out']` and keeps what arrived buffered for
   * the next call. Any other pattern throws.
   */
  receive(pattern?: ReceivePattern | null, prefix?: string | Uint8Array | number | null): Promise<ReceiveResult> {
    return settle(() => receive(this, pattern, prefix));
  }

  /**
   * Sends `data` (or its bytes `i..j`, 1-based and inclusive, negative from the end)
   * within the object's timeout: `[i + sent - 1]` (i defaults to 1), or
   * `[null, error]` (`'Connection timed out'`, `'Broken pipe'`).
   */
  send(data: string | Uint8Array, i?: number | null, j?: number | null): Promise<[number] | LuaSocketError> {
    return settle(() => send(this, data, i, j));
  }

  /** Shuts down `'receive'`, `'send'` or `'both'` (the default): `[1]`, or `[null, error]`. */
  shutdown(how?: ShutdownHow | null): [1] | LuaSocketError {
    return ok(connection.shutdown(this, how), this);
  }
}

/**
 * `socket.tcp()`: a new IPv4 TCP socket as a LuaSocket master. Throws
 * `'Usage: socket:method()'` when the socket cannot be made (as Tarantool does).
 */
export function tcp(): TcpMaster {
  const s = socketNew('AF_INET', 'SOCK_STREAM', 'tcp');
  if (!s) throw new Error('Usage: socket:method()');
  return Object.setPrototypeOf(s, TcpMaster.prototype) as TcpMaster;
}

/**
 * LuaSocket's `socket.connect(host, port)`: connects (through {@link tcp_connect}, no
 * timeout) and resolves with `[client]`, or `[null, error]` (`'Connection refused'`).
 * A missing argument rejects with `'Usage: luasocket.connect(host, port)'`.
 */
export function connect(host: string, port: number | string): Promise<[TcpClient] | LuaSocketError> {
  return settle(async () => {
    if (host === undefined || host === null || port === undefined || port === null)
      throw new TypeError('Usage: luasocket.connect(host, port)');
    const s = await tcpConnect(host, port, null);
    if (s === null) return [null, errno.strerror()];
    return [Object.setPrototypeOf(s, TcpClient.prototype) as TcpClient];
  });
}

/**
 * LuaSocket's `socket.bind(host, port [, backlog])`: listens (through the
 * {@link tcp_server} bind path, without SO_REUSEADDR; backlog 256 by default) and
 * resolves with `[server]`, or `[null, error]` (`'Address already in use'`,
 * `'Input/output error'` when the name does not resolve). A missing argument rejects
 * with `'Usage: luasocket.bind(host, port [, backlog])'`.
 */
export function bind(host: string, port: number | string, backlog?: number | null): Promise<[TcpServer] | LuaSocketError> {
  return settle(async () => {
    if (host === undefined || host === null || port === undefined || port === null)
      throw new TypeError('Usage: luasocket.bind(host, port [, backlog])');
    const bound = await serverBind(host, port, () => backlog, null);
    if (bound === null) return [null, core.strerror(getErrno())];
    const s = bound[0];
    Object.setPrototypeOf(s, TcpServer.prototype);
    return [s as unknown as TcpServer];
  });
}
