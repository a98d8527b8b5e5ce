// Tarantool's local resolution (lbox_socket_local_resolve), used by bind, sysconnect
// and sendto: no DNS, only numeric hosts and unix paths.
import { Buffer } from 'node:buffer';
import * as core from '@sockport/core';
import { inetAddr } from './inet-aton.js';
import { luaToString } from './lua.js';

/** @internal Whether a host is Tarantool's `'unix/'` (as text or as bytes). */
export function isUnixHost(host: unknown): boolean {
  if (host === 'unix/') return true;
  return host instanceof Uint8Array && host.length === 5 && Buffer.from(host.buffer, host.byteOffset, 5).toString('latin1') === 'unix/';
}

// Lua's tostring of a host or path as bytes, or null for values whose text is
// meaningless (tables, functions): those fail as an unusable address would.
function bytesOf(value: unknown): Uint8Array | null {
  if (value instanceof Uint8Array) return value;
  const t = typeof value;
  if ((t === 'object' && value !== null) || t === 'function' || t === 'symbol' || t === 'bigint') return null;
  return Buffer.from(luaToString(value, 'address'), 'utf8');
}

const UNIX_PATH_MAX = core.UNIX_PATH_MAX;

// A port as text or number: an integer in 0..65535, or -1. An omitted port is 0 (Lua
// turns nil into "nil", which atoi reads as 0: "any port").
function localPort(port: unknown): number {
  if (port === undefined || port === null) return 0;
  let n: number;
  if (typeof port === 'number') n = port;
  else if (typeof port === 'string' && /^[ \t\n\v\f\r]*\+?\d+[ \t\n\v\f\r]*$/.test(port)) n = Number(port);
  else return -1;
  return Number.isInteger(n) && n >= 0 && n <= 65535 ? n : -1;
}

function unixAddress(path: unknown): core.EncodedAddress | number {
  const bytes = path === undefined || path === null ? null : bytesOf(path);
  if (bytes === null) return -core.errno.EINVAL;
  // 2.6 measures and copies the path as a C string: up to its first NUL.
  const nul = bytes.indexOf(0);
  if ((nul < 0 ? bytes.length : nul) >= UNIX_PATH_MAX) return -core.errno.ENOBUFS;
  // What follows a NUL 2.6 drops, so that every abstract name ('\0name') is one
  // all-zero name: refused instead (README, deviation 21).
  if (nul >= 0) return -core.errno.EINVAL;
  // The whole sun_path, zero-padded, as Tarantool passes it (sizeof(struct sockaddr_un)).
  const padded = new Uint8Array(UNIX_PATH_MAX);
  padded.set(bytes);
  return core.encodeAddress({ family: 'unix', path: '', bytes: padded });
}

/**
 * Turns `host` and `port` into a socket address without DNS, or returns `-errno`:
 * - host `'unix/'`: the unix path `port` (`-ENOBUFS` when 108 bytes or longer,
 *   `-EINVAL` when it holds a NUL byte);
 * - a host `inet_addr` accepts (`'127.0.0.1'`, `'127.1'`, `0`): IPv4;
 * - a host `inet_pton(AF_INET6)` accepts (`'::1'`): IPv6;
 * - anything else (`'localhost'`, `''`, a table), or a port that is not an integer
 *   in 0..65535: `-EINVAL`.
 */
export function localResolve(host: unknown, port: unknown): core.EncodedAddress | number {
  const hostBytes = bytesOf(host);
  if (hostBytes === null) return -core.errno.EINVAL;
  if (isUnixHost(hostBytes)) return unixAddress(port);
  const hostText = Buffer.from(hostBytes).toString('utf8');
  const portNumber = localPort(port);
  if (portNumber < 0 || hostText.includes('\0')) return -core.errno.EINVAL;
  const v4 = inetAddr(hostText);
  if (v4 !== null) return core.encodeAddress({ family: 'inet', host: v4, port: portNumber });
  // inet_pton only: Tarantool's resolution has no zone (scope id) support.
  if (hostText.includes('%') || !hostText.includes(':')) return -core.errno.EINVAL;
  const v6 = core.encodeAddress({ family: 'inet6', host: hostText, port: portNumber });
  return typeof v6 === 'number' ? -core.errno.EINVAL : v6;
}
