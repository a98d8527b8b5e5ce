// The socket constructors: socket.tcp(), socket.udp(), socket.raw().
import { AF_INET, SOCK_DGRAM, SOCK_RAW, SOCK_STREAM, Socket as CoreSocket } from '@sockport/core';
import { defaultProtocol, familyNumber, protocolNumber, type FamilyName, type ProtocolName } from './names.js';
import { RAW } from './raw.js';
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
  const s = CoreSocket.open(af, type, pr);
  return typeof s === 'number' ? failure(s) : [new cls(s, type, af, pr)];
}

/**
 * Makes a TCP socket: `family` `'inet'` (the default), `'inet6'` or `'unix'` (a unix
 * stream socket), `protocol` by default the family's stream protocol. Names or
 * numbers. Gives `[tcp]` or `[null, message, errno]`.
 */
export function tcp(family?: FamilyName | number | null, protocol?: ProtocolName | number | null): [TCP] | Failure {
  return make(TCP, SOCK_STREAM, family, protocol, 'tcp');
}

/** Makes a UDP socket (a unix datagram socket for `'unix'`); see {@link tcp}. */
export function udp(family?: FamilyName | number | null, protocol?: ProtocolName | number | null): [UDP] | Failure {
  return make(UDP, SOCK_DGRAM, family, protocol, 'udp');
}

/** Makes a RAW socket (protocol by default `'raw'`, 255); it needs CAP_NET_RAW. See {@link tcp}. */
export function raw(family?: FamilyName | number | null, protocol?: ProtocolName | number | null): [RAW] | Failure {
  return make(RAW, SOCK_RAW, family, protocol, 'raw');
}
