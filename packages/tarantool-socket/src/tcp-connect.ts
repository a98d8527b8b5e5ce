// socket.tcp_connect, and the connect-and-wait step it shares with LuaSocket's connect.
import * as core from '@sockport/core';
import { socketNew } from './create.js';
import { setErrno } from './errno.js';
import { lookup } from './getaddrinfo.js';
import { isUnixHost } from './local-resolve.js';
import { secondsOrNone } from './lua.js';
import { deadlineOf, doWait } from './readiness.js';
import { settle } from './settle.js';
import type { SocketBase } from './socket-base.js';
import type { SocketObject } from './socket-object.js';
import * as connection from './connection.js';
import * as sockopt from './sockopt.js';

/**
 * @internal Tarantool's socket_tcp_connect: connect(2), and on EINPROGRESS wait until
 * writable (within `timeout` seconds) and take SO_ERROR. True when connected, else
 * false with the socket's errno (ETIMEDOUT when the wait ran out).
 */
export async function connectAndWait(self: SocketBase, host: unknown, port: unknown, timeout: number | null): Promise<boolean> {
  if (connection.sysconnect(self, host, port)) return true;
  if (self._errno !== core.errno.EINPROGRESS) return false;
  if ((await doWait(self, core.WRITABLE, timeout)) !== 0) {
    const soError = sockopt.getsockopt(self, 'SOL_SOCKET', 'SO_ERROR');
    self._errno = typeof soError === 'number' ? soError : self._errno;
  }
  return self._errno === 0;
}

async function connectUnix(path: unknown, timeout: number | null): Promise<SocketObject | null> {
  const s = socketNew('AF_UNIX', 'SOCK_STREAM', 0);
  if (!s) return null;
  if (!(await connectAndWait(s, 'unix/', path, timeout))) {
    const saved = s._errno ?? 0;
    s.close();
    setErrno(saved);
    return null;
  }
  setErrno(0);
  return s;
}

/**
 * @internal tcp_connect with a timeout already converted: the connected socket, or
 * null with the module errno set.
 */
export async function tcpConnect(host: unknown, port: unknown, timeout: number | null): Promise<SocketObject | null> {
  if (isUnixHost(host)) return connectUnix(port, timeout);
  const stop = deadlineOf(timeout);
  const entries = await lookup(host, port, timeout, { type: 'SOCK_STREAM', protocol: 'tcp' });
  if (entries === null || entries.length === 0) {
    setErrno(core.errno.EINVAL);
    return null;
  }
  for (const remote of entries) {
    const left = stop - core.monotonic();
    if (left <= 0) {
      setErrno(core.errno.ETIMEDOUT);
      return null;
    }
    const s = socketNew(remote.family, remote.type, remote.protocol);
    if (!s) continue;
    if (await connectAndWait(s, remote.host, remote.port, left === Infinity ? null : left)) {
      setErrno(0);
      return s;
    }
    const saved = s._errno ?? 0;
    s.close();
    setErrno(saved);
  }
  return null;
}

/**
 * Connects to `host` and `port` within `timeout` seconds (default infinite; one
 * deadline for resolution and every attempt). `host` is resolved (names work); each
 * address is tried in turn. `'unix/'` with a path as `port` connects to a unix socket.
 *
 * Resolves with the connected, non-blocking socket (module errno 0), or `null` with
 * the module errno set: `ECONNREFUSED`, `ETIMEDOUT`, `ENOENT` for a missing unix path,
 * `EINVAL` when the name does not resolve.
 *
 * @example
 * ```ts
 * const sock = await socket.tcp_connect('127.0.0.1', 3301);
 * if (sock === null) console.log(errno.strerror());
 * ```
 */
export function tcp_connect(host: string | Uint8Array | null | undefined, port?: number | string | Uint8Array | null, timeout?: number | null): Promise<SocketObject | null> {
  return settle(() => tcpConnect(host, port, secondsOrNone(timeout, 'tcp_connect: timeout')));
}
