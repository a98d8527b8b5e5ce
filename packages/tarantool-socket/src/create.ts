// socket(domain, type, protocol): Tarantool's socket_new, and the names it takes.
import * as core from '@sockport/core';
import { constantValue, DOMAIN, SO_TYPE } from './constants.js';
import { setErrno } from './errno.js';
import { getprotobyname } from './protocols.js';
import { SocketObject } from './socket-object.js';

/** An address family: a name from `socket.internal.DOMAIN` (`'AF_INET'`, `'PF_UNIX'`, ...) or a number. */
export type Domain = 'AF_INET' | 'AF_INET6' | 'AF_UNIX' | 'AF_LOCAL' | 'PF_INET' | 'PF_INET6' | 'PF_UNIX' | 'PF_LOCAL' | (string & {}) | number;
/** A socket type: a name from `socket.internal.SO_TYPE` (`'SOCK_STREAM'`, ...) or a number. */
export type SocketType = 'SOCK_STREAM' | 'SOCK_DGRAM' | 'SOCK_RAW' | 'SOCK_SEQPACKET' | 'SOCK_RDM' | (string & {}) | number;
/** A protocol: a number, or a name from the system's protocol database (`'tcp'`, `'udp'`, `'ip'`). */
export type Protocol = 'tcp' | 'udp' | 'ip' | (string & {}) | number;

/**
 * @internal A new non-blocking socket; null for a name that is not known (module errno
 * EINVAL, or EPROTOTYPE for a protocol name); undefined (Lua's "no value") when
 * socket(2) fails, with the kernel's reason in the module errno.
 */
export function socketNew(domain: unknown, type: unknown, protocol: unknown): SocketObject | null | undefined {
  const idomain = constantValue(DOMAIN, domain);
  const itype = idomain === undefined ? undefined : constantValue(SO_TYPE, type);
  if (idomain === undefined || itype === undefined) {
    setErrno(core.errno.EINVAL);
    return null;
  }
  const iproto = getprotobyname(protocol);
  if (iproto === null) return null;
  // The FFI makes C ints of the numbers (2.5 is 2; NaN, the infinities and what an int
  // cannot hold are INT_MIN, which socket(2) refuses); the object keeps the type as
  // given, as Tarantool's itype field does (2.5 is then no datagram socket to recv).
  const sock = core.Socket.open(core.cInt(idomain), core.cInt(itype), core.cInt(iproto));
  if (typeof sock === 'number') {
    setErrno(-sock);
    return undefined;
  }
  return new SocketObject(sock, itype);
}
