// socket.tcp_server: a listening socket with an accept loop that runs one async
// handler per connection, and the bind path it shares with LuaSocket's socket.bind.
import * as core from '@sockport/core';
import type { AddrInfoEntry, FromAddress } from './address-table.js';
import * as connection from './connection.js';
import { socketNew } from './create.js';
import { getErrno, isTransient, setErrno } from './errno.js';
import { lookup } from './getaddrinfo.js';
import { logError, logInfo } from './log.js';
import { isUnixHost } from './local-resolve.js';
import { concatText, numberToString, seconds } from './lua.js';
import { readable } from './readiness.js';
import { SocketBase } from './socket-base.js';
import { SocketObject } from './socket-object.js';
import * as sockopt from './sockopt.js';
import { tcpConnect } from './tcp-connect.js';
import { unlinkPath } from './unlink.js';

/** Runs once per accepted connection; the connection is shut down and closed when it settles. */
export type TcpHandler = (sock: SocketObject, from: FromAddress) => unknown;

/** Runs once on the listening socket before bind; what it returns (or resolves to) is the listen backlog (256 when nothing). */
export type TcpPrepare = (sock: SocketObject) => unknown;

/** `tcp_server`'s table form: the handler, an optional prepare step, and a name for its log lines. */
export interface TcpServerOptions {
  /** Serves one connection (see {@link TcpHandler}). */
  handler: TcpHandler;
  /** Prepares the listening socket before bind (see {@link TcpPrepare}). */
  prepare?: TcpPrepare | null;
  /** Names the server's log lines (`<name>/<host>:<port>`); `'server'` by default. */
  name?: string;
  /** Other keys are ignored, as in Tarantool. */
  [key: string]: unknown;
}

const USAGE = 'Usage: socket.tcp_server(host, port, handler | opts)';
const FATAL = new Set([core.errno.EBADF, core.errno.EINVAL, core.errno.EOPNOTSUPP, core.errno.ENOTSOCK]);
// After an accept error that is neither transient nor fatal (EMFILE, ...), the next try waits this long.
const ACCEPT_RETRY_MS = 10;

// Binds; a unix listener's close will remove its file first.
function bindOnce(s: SocketObject, addr: AddrInfoEntry): boolean {
  if (!connection.bind(s, addr.host, addr.port)) return false;
  if (addr.family === 'AF_UNIX') s._unlinkPath = addr.port;
  return true;
}

// Binds, removing a dead unix socket file (nobody accepts on it) that is in the way.
async function bindAddr(s: SocketObject, addr: AddrInfoEntry): Promise<boolean> {
  if (bindOnce(s, addr)) return true;
  if (addr.family !== 'AF_UNIX' || getErrno() !== core.errno.EADDRINUSE) return false;
  const saved = getErrno();
  const probe = await tcpConnect('unix/', addr.port, null);
  if (probe !== null) {
    probe.close();
    setErrno(saved);
    return false;
  }
  if (getErrno() !== core.errno.ECONNREFUSED) {
    setErrno(saved);
    return false;
  }
  logInfo('tcp_server', `remove dead UNIX socket: ${concatText(addr.port)}`);
  if (!unlinkPath(addr.port)) {
    logError('tcp_server', core.strerror(getErrno()));
    setErrno(saved);
    return false;
  }
  return bindOnce(s, addr);
}

/**
 * @internal Tarantool's tcp_server_bind: a listening socket and the address entry it
 * used, or null with the module errno set. Without `prepare`, SO_REUSEADDR is set.
 */
export async function serverBind(host: unknown, port: unknown, prepare: TcpPrepare | null | undefined, timeout: number | null): Promise<[SocketObject, AddrInfoEntry] | null> {
  let entries: AddrInfoEntry[] | null;
  if (isUnixHost(host)) entries = [{ host: 'unix/', family: 'AF_UNIX', port: port as string, type: 'SOCK_STREAM', protocol: 0 }];
  else entries = await lookup(host, port, timeout, { type: 'SOCK_STREAM', flags: 'AI_PASSIVE' });
  if (entries === null) return null;
  for (const addr of entries) {
    const s = socketNew(addr.family, addr.type, addr.protocol);
    if (!s) continue;
    // What prepare or listen raises leaves the socket as it is, open, as in Tarantool
    // (prepare may have kept it); it closes when it becomes garbage.
    let backlog: unknown;
    if (prepare) backlog = await prepare(s);
    else sockopt.setsockopt(s, 'SOL_SOCKET', 'SO_REUSEADDR', 1);
    const ok = (await bindAddr(s, addr)) && connection.listen(s, backlog);
    if (!ok) {
      const saved = getErrno();
      if (!s._sock.closed) connection.close(s);
      setErrno(saved);
      return null;
    }
    return [s, addr];
  }
  // Resolution worked, but no address family could make a socket.
  setErrno(core.errno.EAFNOSUPPORT);
  return null;
}

async function runHandler(name: string, handler: TcpHandler, client: SocketObject, from: FromAddress): Promise<void> {
  let failure: unknown;
  let failed = false;
  try {
    await handler(client, from);
  } catch (error) {
    failed = true;
    failure = error;
  }
  // A handler may have closed the connection itself: then there is nothing left to do.
  if (!client._sock.closed) {
    connection.shutdown(client, null);
    connection.close(client);
  }
  if (failed) logError(`${name}/${from.host}:${concatText(from.port)}`, failure instanceof Error ? (failure.stack ?? failure.message) : String(failure));
}

// Accepts one connection and starts its handler, as Tarantool's loop does between two
// readable() waits (each yields, so a handler that needs no wait runs to its end before
// the next connection is taken): false once the listener must stop (a fatal error).
async function acceptOne(name: string, handler: TcpHandler, s: SocketObject, fiber: string): Promise<boolean> {
  if (s._sock.closed) return false;
  const got = connection.accept(s);
  if (got !== null) {
    void runHandler(name, handler, new SocketObject(got[0], s.itype), got[1]);
    return true;
  }
  const err = s._errno ?? 0;
  if (isTransient(err)) return true;
  logError(fiber, `accept(${s.toString()}) failed: ${core.strerror(err)}`);
  if (FATAL.has(err)) return false;
  // EMFILE and the like stay until something changes: do not spin on them.
  await new Promise((r) => setTimeout(r, ACCEPT_RETRY_MS));
  return true;
}

// A Tarantool fiber runs until it waits before the next one woken by the same poll
// starts, where async functions go on hop by hop. A client in the same process whose
// connect woke with the listener (tcp_connect's layers take three hops) has printed
// that it is connected before the handler of its connection starts, as there.
async function fibersFirst(): Promise<true> {
  await null;
  await null;
  return true;
}

async function acceptLoop(name: string, handler: TcpHandler, s: SocketObject, addr: AddrInfoEntry): Promise<void> {
  const fiber = `${name}/${addr.host}:${concatText(addr.port)}`;
  logInfo(fiber, 'started');
  try {
    // Closing the server wakes the wait (readable resolves true) and ends the loop.
    while (!s._sock.closed && (await readable(s, null)) && (await fibersFirst()) && (await acceptOne(name, handler, s, fiber)));
  } catch (error) {
    logError(fiber, error instanceof Error ? error.message : String(error));
  }
  logInfo(fiber, 'stopped');
}

function serverOptions(handlerOrOptions: unknown): TcpServerOptions {
  if (typeof handlerOrOptions === 'function') return { handler: handlerOrOptions as TcpHandler };
  if (typeof handlerOrOptions === 'object' && handlerOrOptions !== null) {
    const opts = handlerOrOptions as Partial<TcpServerOptions>;
    const prepare = opts.prepare;
    if (typeof opts.handler === 'function' && (prepare === undefined || prepare === null || typeof prepare === 'function'))
      return { ...opts } as TcpServerOptions;
  }
  throw new TypeError(USAGE);
}

/**
 * Listens on `host` and `port` (resolved with `AI_PASSIVE`; port 0 picks a free port;
 * `'unix/'` with a path as `port` listens on a unix socket, removing a dead socket file
 * in the way) and runs `handler(sock, from)` for every connection, each on its own. When
 * a handler settles, its connection is shut down and closed.
 *
 * The table form `{ handler, prepare, name }` adds `prepare(sock)`, called once on the
 * listening socket before bind: its result is the listen backlog, and SO_REUSEADDR is
 * then left to it (without `prepare` it is set). `timeout` bounds the name resolution.
 *
 * Resolves with `[server, addr]`, where `addr` is the address entry used (its `port` is
 * the one asked for: use `server.name().port` for the real one), or `[null]` with the
 * module errno set (`EADDRINUSE`, `EIO` when the name does not resolve). Closing the
 * server stops the accept loop (and removes a unix socket file); connections already
 * accepted go on.
 *
 * @example
 * ```ts
 * const [server] = await socket.tcp_server('127.0.0.1', 0, async (s) => {
 *   for (let line; (line = await s.read('\n')) && line.length > 0; ) await s.write(line);
 * });
 * ```
 */
export async function tcp_server(host: string | Uint8Array | null | undefined, port: number | string | Uint8Array | null | undefined, handlerOrOptions: TcpHandler | TcpServerOptions, timeout?: number | null): Promise<[SocketObject, AddrInfoEntry] | [null]> {
  const opts = serverOptions(handlerOrOptions);
  const name = opts.name ?? 'server';
  const bound = await serverBind(host, port, opts.prepare, seconds(timeout, 'tcp_server: timeout'));
  if (bound === null) return [null];
  void acceptLoop(name, opts.handler, bound[0], bound[1]);
  return bound;
}
