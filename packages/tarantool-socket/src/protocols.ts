// Protocol names: the module's cache in front of the system's protocol database.
import * as core from '@sockport/core';
import { setErrno } from './errno.js';

/**
 * The protocol numbers resolved so far, by name: `{ ip: 0, tcp: 6, udp: 17 }` at first,
 * growing as other names are looked up in `/etc/protocols` (as Tarantool's cache does).
 */
export const protocols: Record<string, number> = { ip: 0, tcp: 6, udp: 17 };

/**
 * A protocol number from a number (as is) or a name (cache, then the system's
 * database). Returns null and sets the module errno otherwise: EINVAL for a value that
 * is neither, EPROTOTYPE for an unknown name.
 */
export function getprotobyname(name: unknown): number | null {
  if (typeof name === 'number') return name;
  if (typeof name !== 'string') {
    setErrno(core.errno.EINVAL);
    return null;
  }
  const cached = protocols[name];
  if (cached !== undefined && Object.prototype.hasOwnProperty.call(protocols, name)) return cached;
  // glibc's getprotobyname leaves errno 0, found or not (the failure sets it after).
  setErrno(0);
  const found = name.includes('\0') ? -1 : core.getprotobyname(name);
  if (found < 0) {
    setErrno(core.errno.EPROTOTYPE);
    return null;
  }
  protocols[name] = found;
  return found;
}

/**
 * How address tables show a protocol: its name (`'tcp'`), or the number 0 for protocol
 * 0. The lookup leaves the module errno 0, as glibc's getprotobynumber does.
 */
export function protocolName(protocol: number): string | number {
  if (protocol === 0) return 0;
  setErrno(0);
  return core.getprotobynumber(protocol) ?? protocol;
}
