// lsocket.bind and lsocket.connect: positional arguments with optional leading
// strings, exactly as the C module reads them, then a socket of the family the
// address chose.
import { AF_INET, AF_UNIX, SOCK_DGRAM, SOCK_STREAM, Socket as CoreSocket, encodeAddress, errno } from '@sockport/core';
import { cPort, portInRange, resolveTarget, type Target } from './address.js';
import { argError, cInt, cKeyword, checkString, fail, optNumber, type Failure, type LuaString } from './lua.js';
import { wrap, type Socket } from './socket.js';

/** A socket type name as lsocket takes it (other letter cases work too, as in lsocket). */
export type SocketType = 'tcp' | 'udp' | 'mcast';

/** What `bind` and `connect` return: the socket, or `nil, message`. */
export type SocketResult = [Socket] | Failure;

interface Kind {
  type: number;
  multicast: boolean;
}

const kinds: Record<string, Kind> = {
  tcp: { type: SOCK_STREAM, multicast: false },
  udp: { type: SOCK_DGRAM, multicast: false },
  mcast: { type: SOCK_DGRAM, multicast: true },
};

const DEFAULT_BACKLOG = 5;
const DEFAULT_TTL = 1;
const NO_MULTICAST = 'multicast not available for unix domain sockets.';

function isLuaString(value: unknown): value is LuaString {
  return typeof value === 'string' || value instanceof Uint8Array;
}

// A leading string naming a type is the type (tcp by default), any other string is
// left for the address: the kind and the index of the next argument.
function leadingKind(args: unknown[]): [Kind, number] {
  const first = args[0];
  const name = isLuaString(first) ? cKeyword(first) : '';
  return Object.hasOwn(kinds, name) ? [kinds[name]!, 1] : [kinds.tcp!, 0];
}

// socket(), then SO_REUSEADDR as lsocket sets on every socket. A failing socket()
// leaves lsocket with descriptor -1 and a later "Bad file descriptor": its real
// reason is returned instead.
function open(target: Target, kind: Kind): CoreSocket | Failure {
  const sock = CoreSocket.open(target.family, kind.type, target.protocol);
  if (typeof sock === 'number') return fail(-sock);
  sock.setsockopt('SO_REUSEADDR', true);
  return sock;
}

// A half-built socket is closed at once (lsocket leaves it to the garbage collector).
function abandon(sock: CoreSocket, result: Failure): Failure {
  sock.close();
  return result;
}

function made(sock: CoreSocket, target: Target, kind: Kind, listening: boolean): SocketResult {
  return [wrap(sock, { family: target.family, type: kind.type, multicast: kind.multicast, protocol: target.protocol, listening })];
}

/**
 * Creates a socket bound to a local address: a TCP socket is also listening (with
 * `backlog`, default 5), a UDP socket is just bound. Without an address it binds the
 * IPv4 wildcard `0.0.0.0`. The address chooses the family: an IPv4 or IPv6 address
 * (numeric ones are never looked up), a path containing `/` (unix), or `@name` (a
 * Linux abstract unix name); other text is resolved and its first address used. The
 * type `'mcast'` makes a UDP socket set up to receive broadcasts (IPv4) or to join the
 * bound IPv6 group. Returns the socket, or `nil, message`.
 *
 * Lua: `sock, err = lsocket.bind([type], [address], [port], [backlog])`
 */
export function bind(port: number, backlog?: number | null): SocketResult;
export function bind(address: LuaString, port?: number | null, backlog?: number | null): SocketResult;
export function bind(type: SocketType, port: number, backlog?: number | null): SocketResult;
export function bind(type: SocketType, address: LuaString, port?: number | null, backlog?: number | null): SocketResult;
export function bind(...args: unknown[]): SocketResult {
  const [kind, first] = leadingKind(args);
  let at = first;
  const address = isLuaString(args[at]) ? (args[at++] as LuaString) : null;
  const portPosition = at + 1;
  const port = cPort(optNumber(args[at], -1, portPosition, 'bind'));
  const backlog = cInt(optNumber(args[at + 1], DEFAULT_BACKLOG, portPosition + 1, 'bind'));

  let target: Target;
  if (address === null) {
    if (port === -1) throw argError(portPosition, 'bind', 'number expected, got no value X');
    // htons would wrap a port out of range: refused instead.
    if (!portInRange(port)) return fail(errno.EINVAL);
    target = { family: AF_INET, protocol: 0, host: '0.0.0.0', address: encodeAddress({ family: 'inet', host: '0.0.0.0', port }) };
  } else {
    const resolved = resolveTarget(address, kind.type, port);
    if (typeof resolved === 'string') return [null, resolved];
    target = resolved;
  }

  const sock = open(target, kind);
  if (!(sock instanceof CoreSocket)) return sock;
  if (kind.multicast) {
    if (target.family === AF_UNIX) return abandon(sock, [null, NO_MULTICAST]);
    const rc =
      target.family === AF_INET
        ? sock.setsockopt('SO_BROADCAST', true)
        : sock.setsockopt('IPV6_JOIN_GROUP', { group: target.host, index: 0 });
    if (rc < 0) return abandon(sock, fail(-rc));
  }
  const bound = typeof target.address === 'number' ? target.address : sock.bind(target.address);
  if (bound < 0) return abandon(sock, fail(-bound));
  if (kind.type === SOCK_STREAM) {
    const listening = sock.listen(backlog);
    if (listening < 0) return abandon(sock, fail(-listening));
  }
  return made(sock, target, kind, true);
}

/**
 * Creates a socket and starts connecting it; the address chooses the family as for
 * {@link bind}. A TCP connect usually completes later: `select` the socket for
 * writing, then call `status()`. Only an immediate failure is returned here, as
 * `nil, message`. The type `'mcast'` makes a UDP socket that may send broadcasts
 * (IPv4) or multicasts with `ttl` hops (default 1).
 *
 * Lua: `sock, err = lsocket.connect([type], address, port, [ttl])`
 */
export function connect(address: LuaString | number, port?: number | null): SocketResult;
export function connect(type: SocketType, address: LuaString | number, port?: number | null, ttl?: number | null): SocketResult;
export function connect(...args: unknown[]): SocketResult {
  const [kind, at] = leadingKind(args);
  const address = checkString(args[at], at + 1, 'connect');
  const port = cPort(optNumber(args[at + 1], -1, at + 2, 'connect'));
  const ttl = cInt(optNumber(args[at + 2], DEFAULT_TTL, at + 3, 'connect'));

  const target = resolveTarget(address, kind.type, port);
  if (typeof target === 'string') return [null, target];
  const sock = open(target, kind);
  if (!(sock instanceof CoreSocket)) return sock;
  if (kind.multicast) {
    if (target.family === AF_UNIX) return abandon(sock, [null, NO_MULTICAST]);
    let set = sock.setsockopt('SO_BROADCAST', true);
    if (set >= 0) set = target.family === AF_INET ? sock.setsockopt('IP_MULTICAST_TTL', ttl) : sock.setsockopt('IPV6_MULTICAST_HOPS', ttl);
    if (set < 0) return abandon(sock, fail(-set));
  }
  const rc = typeof target.address === 'number' ? target.address : sock.connect(target.address);
  if (rc < 0 && rc !== -errno.EINPROGRESS) return abandon(sock, fail(-rc));
  return made(sock, target, kind, false);
}
