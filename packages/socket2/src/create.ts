// The socket constructors: socket.tcp(), socket.udp(), socket.raw().
import { AF_INET, SOCK_DGRAM, SOCK_RAW, SOCK_STREAM, Socket as CoreSocket } from '@sockport/core';
import { defaultProtocol, familyNumber, protocolNumber, type FamilyName, type ProtocolName } from './names.js';
import { RAW } from './raw.js';
import { badArgument } from './args.js';
import { cInt, describe } from './lua.js';
import { failure, type Failure } from './results.js';
import type { Socket } from './socket.js';
import { TCP } from './tcp.js';
import { UDP } from './udp.js';

function make<T extends Socket>(
  cls: new (core: CoreSocket, type: number, family: number, protocol: number) => T,
  type: number,
  family: unknown,
  protocol: unknown,
  fn: string,
): [T] | Failure {
  const af = familyNumber(family, 1, fn) ?? AF_INET;
  const pr = protocolNumber(protocol, 2, fn) ?? defaultProtocol(type, af);
  // socket(2)'s arguments are C ints: the FFI's conversion of the numbers kept.
  const s = CoreSocket.open(cInt(af), type, cInt(pr));
  return typeof s === 'number' ? failure(s) : [new cls(s, type, af, pr)];
}

/**
 * Wraps a duplicate of a socket descriptor of this process: a TCP, UDP or RAW object by
 * the socket's type. It lets another worker thread serve the same socket, with the
 * number the first thread's `s.s` gives (an addition: the original's sockets are plain
 * tables around the number, Tarantool 3 calls this `socket.from_fd`). Each object
 * closes only its own descriptor. Gives `[socket]` or `[null, message, errno]`
 * (`EBADF`, `ENOTSOCK`).
 */
export function from_fd(fd: number): [TCP | UDP | RAW] | Failure {
  if (typeof fd !== 'number' || !Number.isInteger(fd) || fd < 0) badArgument(1, 'from_fd', `expected a descriptor number, got ${describe(fd)}`);
  const s = CoreSocket.dup(fd);
  if (typeof s === 'number') return failure(s);
  const cls = s.type === SOCK_STREAM ? TCP : s.type === SOCK_DGRAM ? UDP : RAW;
  const wrapped = new cls(s, s.type, s.domain, s.protocol);
  // A bound socket stays bound: connect() must not bind it again.
  wrapped.bound = isBound(s);
  return [wrapped];
}

// Whether a socket has a local address. A raw socket shows its protocol as its port,
// so for it only a specific address tells.
function isBound(s: CoreSocket): boolean {
  const name = s.getsockname();
  if (typeof name === 'number') return false;
  if (name.family === 'unix') return name.path !== '' || name.abstract === true;
  if (!('port' in name)) return false;
  if (s.type === SOCK_RAW) return name.host !== '0.0.0.0' && name.host !== '::';
  return name.port !== 0;
}

/**
 * Makes a TCP socket: `family` `'inet'` (the default), `'inet6'` or `'unix'` (a unix
 * stream socket), `protocol` by default the family's stream protocol. Names or
 * numbers. Gives `[tcp]` or `[null, message, errno]`.
 */
export function tcp(family?: FamilyName | number | false | null, protocol?: ProtocolName | number | false | null): [TCP] | Failure {
  return make(TCP, SOCK_STREAM, family, protocol, 'tcp');
}

/** Makes a UDP socket (a unix datagram socket for `'unix'`); see {@link tcp}. */
export function udp(family?: FamilyName | number | false | null, protocol?: ProtocolName | number | false | null): [UDP] | Failure {
  return make(UDP, SOCK_DGRAM, family, protocol, 'udp');
}

/** Makes a RAW socket (protocol by default `'raw'`, 255); it needs CAP_NET_RAW. See {@link tcp}. */
export function raw(family?: FamilyName | number | false | null, protocol?: ProtocolName | number | false | null): [RAW] | Failure {
  return make(RAW, SOCK_RAW, family, protocol, 'raw');
}
