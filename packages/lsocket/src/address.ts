// lsocket's address rules (_gethostaddr in the C source), shared by bind, connect and
// sendto: a slash or a leading '@' means a unix socket, anything else goes through
// getaddrinfo, which is told not to ask DNS when the text looks like a numeric address.
import { Buffer } from 'node:buffer';
import {
  AF_INET,
  AF_INET6,
  AF_UNIX,
  AF_UNSPEC,
  SOCK_STREAM,
  constants,
  encodeAddress,
  encodeRawAddress,
  errno,
  gai_strerror,
  getaddrinfoSync,
  strerror,
  type EncodedAddress,
} from '@sockport/core';
import { cInt, text, type LuaString } from './lua.js';

/** A resolved destination: how to create a socket for it, and its kernel address. */
export interface Target {
  family: number;
  protocol: number;
  /** The numeric host of an IP address (a multicast bind joins it as a group). */
  host: string;
  /** The encoded address, or the errno the kernel answers for it. */
  address: EncodedAddress | number;
}

/** lsocket's `UNIX_PATH_MAX`: the longest unix address text it accepts. */
const UNIX_PATH_MAX = 108;
const IPPROTO_TCP = constants.levels.IPPROTO_TCP ?? 6;
const IPPROTO_UDP = constants.levels.IPPROTO_UDP ?? 17;
const AI_NUMERICHOST = constants.addrinfo.AI_NUMERICHOST ?? 4;
const SLASH = 0x2f;
const AT = 0x40;

/**
 * lsocket's `_needsnolookup`: true when the text is made only of characters that can
 * form an IPv4 address, or an IPv6 address optionally ending in a dotted quad. Such
 * text is resolved with `AI_NUMERICHOST`, so it never reaches a name server.
 */
export function needsNoLookup(address: string): boolean {
  if (/^[0-9.]*$/.test(address)) return true;
  let end = /^[0-9a-fA-F:]*/.exec(address)![0].length;
  if (address[end] === '.') {
    const colon = address.lastIndexOf(':');
    if (colon <= 0 || colon > end) return false;
    end = colon + 1 + /^[0-9.]*/.exec(address.slice(colon + 1))![0].length;
  }
  return end === address.length;
}

function bytesOf(address: LuaString): Buffer {
  return typeof address === 'string' ? Buffer.from(address, 'utf8') : Buffer.from(address.buffer, address.byteOffset, address.byteLength);
}

// The sockaddr_un lsocket builds: the text and its NUL, the first byte zeroed for an
// abstract ('@') name, and that NUL counted in the length, so '@name' is the kernel
// name "\0name\0". A 108-byte text makes a 111-byte sockaddr, which the kernel refuses.
function unixTarget(bytes: Buffer): Target | string {
  const unix = { family: AF_UNIX, protocol: 0, host: '' };
  // A NUL would end the text in C: refused rather than cut (whatever follows it).
  if (bytes.includes(0)) return { ...unix, address: -errno.EINVAL };
  if (bytes.length > UNIX_PATH_MAX) return 'unix domain path too long';
  const path = Buffer.alloc(bytes.length + 1);
  bytes.copy(path);
  if (path[0] === AT) path[0] = 0;
  // lsocket hands the kernel 2 + #path + 1 bytes even when that is one more than a
  // sockaddr_un: a unix socket refuses it (EINVAL), an inet one says EAFNOSUPPORT, a
  // connected TCP socket's sendto ignores it.
  if (bytes.length === UNIX_PATH_MAX) return { ...unix, address: encodeRawAddress(AF_UNIX, path) };
  return { ...unix, address: encodeAddress({ family: 'unix', path: '', bytes: path }) };
}

// `name` is what the resolver gets: the caller's bytes as they are (a name need not be
// UTF-8), or its text; `host` is its text.
function inetTarget(host: string, name: string | Uint8Array, type: number, port: number): Target | string {
  // glibc would wrap a port beyond 65535 (70000 is 4464): refused instead.
  if (port > 65535) return strerror(errno.EINVAL);
  if (host.includes('\0')) return gai_strerror(constants.addrinfo.EAI_NONAME ?? -2);
  const found = getaddrinfoSync(name, String(port), {
    family: AF_UNSPEC,
    socktype: type,
    protocol: type === SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP,
    flags: needsNoLookup(host) ? AI_NUMERICHOST : 0,
  });
  if (!found.ok) return gai_strerror(found.code);
  const first = found.entries[0];
  if (first === undefined || (first.family !== AF_INET && first.family !== AF_INET6)) return 'unknown address family';
  const address =
    first.family === AF_INET
      ? encodeAddress({ family: 'inet', host: first.host, port: first.port })
      : encodeAddress({ family: 'inet6', host: first.host, port: first.port, flowinfo: first.flowinfo, scopeid: first.scopeid });
  return { family: first.family, protocol: first.protocol, host: first.host, address };
}

// Numeric and unix addresses always resolve alike, so a UDP server answering the
// same clients does not pay getaddrinfo and encoding on every sendto.
const cache = new Map<string, Target>();
const CACHE_LIMIT = 256;

/**
 * Resolves an lsocket address for a socket of `type` (`SOCK_STREAM`, `SOCK_DGRAM`, or
 * -1 for a closed socket, which getaddrinfo refuses). Returns the target, or the
 * message lsocket returns for the failure. `port` is ignored for unix addresses.
 */
export function resolveTarget(address: LuaString, type: number, port: number): Target | string {
  const key = typeof address === 'string' ? `${type} ${port} ${address}` : undefined;
  const known = key === undefined ? undefined : cache.get(key);
  if (known !== undefined) return known;
  const bytes = bytesOf(address);
  // What decides the kind is the text C sees: the bytes before a NUL.
  const nul = bytes.indexOf(0);
  const head = nul < 0 ? bytes : bytes.subarray(0, nul);
  const unix = head.includes(SLASH) || head[0] === AT;
  const host = unix ? '' : text(address);
  const target = unix ? unixTarget(bytes) : inetTarget(host, address, type, port);
  if (key !== undefined && typeof target !== 'string' && (unix || needsNoLookup(host))) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, target);
  }
  return target;
}

/**
 * The C `int` lsocket makes of a port number on x86-64: the fraction cut off, and
 * INT_MIN for NaN, the infinities and values an int cannot hold.
 */
export const cPort: (port: number) => number = cInt;

/** Whether `htons` keeps a C port value as it is. */
export function portInRange(port: number): boolean {
  return port >= 0 && port <= 65535;
}
