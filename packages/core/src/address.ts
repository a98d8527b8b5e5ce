import { Buffer, isUtf8 } from 'node:buffer';
import { endianness, platform } from 'node:os';
import { binding } from './binding.js';
import { AF_INET, AF_INET6, AF_UNIX } from './constants.js';
import { errno } from './errno.js';

/** An IPv4 address and port. `host` is numeric (`'127.0.0.1'`): no name lookup here. */
export interface InetAddr {
  family: 'inet';
  host: string;
  port: number;
}

/**
 * An IPv6 address and port. `host` is numeric and may carry a zone (`'fe80::1%eth0'`);
 * `scopeid` (an interface index) wins over the zone when both are given.
 */
export interface Inet6Addr {
  family: 'inet6';
  host: string;
  port: number;
  flowinfo?: number;
  scopeid?: number;
}

/**
 * A unix-domain address. `path` is a file system path, or with `abstract: true` a Linux
 * abstract name (no file; the kernel sees a leading NUL byte). `bytes`, when given, is
 * used as the exact `sun_path` contents instead (for peers that count a trailing NUL in
 * abstract names, as lsocket does). Decoded addresses carry all three.
 */
export interface UnixAddr {
  family: 'unix';
  path: string;
  abstract?: boolean;
  bytes?: Uint8Array;
}

/** A socket address the core can encode. */
export type SockAddr = InetAddr | Inet6Addr | UnixAddr;

/** An address of a family the core does not decode (only its number is known). */
export interface OtherAddr {
  family: number;
}

/**
 * A `struct sockaddr` ready for the kernel. Make one with {@link encodeAddress} and
 * reuse it to avoid encoding the same destination on every `sendto`.
 */
export class EncodedAddress {
  /** @internal */
  constructor(
    /** The sockaddr bytes. */
    readonly bytes: Uint8Array,
    /** How many of them the kernel gets (`socklen_t`). */
    readonly length: number,
  ) {}
}

const storageSize = binding.sockaddrStorageSize;
/** Bytes in `sun_path` (108 on Linux): the longest unix address the kernel takes. */
export const UNIX_PATH_MAX = binding.unixPathMax;

function encodeUnixPath(addr: UnixAddr): Uint8Array | number {
  if (addr.bytes !== undefined) return addr.bytes;
  if (typeof addr.path !== 'string') throw new TypeError('unix address path must be a string');
  const name = Buffer.from(addr.path, 'utf8');
  if (addr.abstract) {
    if (name.length + 1 > UNIX_PATH_MAX) return -errno.ENAMETOOLONG;
    return Buffer.concat([Buffer.alloc(1), name]);
  }
  // A path must leave room for its terminating NUL: 108 bytes or more do not fit.
  if (name.includes(0)) return -errno.EINVAL;
  if (name.length >= UNIX_PATH_MAX) return -errno.ENAMETOOLONG;
  return Buffer.concat([name, Buffer.alloc(1)]);
}

function splitZone(host: string): [string, number] | number {
  const i = host.indexOf('%');
  if (i < 0) return [host, 0];
  const zone = host.slice(i + 1);
  if (/^\d+$/.test(zone)) return [host.slice(0, i), Number(zone)];
  const index = zone.includes('\0') ? 0 : binding.if_nametoindex(zone);
  return index > 0 ? [host.slice(0, i), index] : -errno.EINVAL;
}

function checkPort(port: unknown): number {
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535)
    throw new TypeError(`port must be an integer in 0..65535, got ${String(port)}`);
  return port;
}

/**
 * Encodes an address for the kernel. Returns `-errno` when it cannot be one:
 * `-EINVAL` for a host that is not a numeric address, `-ENAMETOOLONG` for a unix path
 * of 108 bytes or more. Throws `TypeError` for a malformed argument.
 */
export function encodeAddress(addr: SockAddr): EncodedAddress | number {
  if (addr === null || typeof addr !== 'object') throw new TypeError('address must be an object');
  const out = new Uint8Array(storageSize);
  let length: number;
  switch (addr.family) {
    case 'inet': {
      if (typeof addr.host !== 'string') throw new TypeError('host must be a string');
      if (addr.host.includes('\0')) return -errno.EINVAL;
      length = binding.encodeInet(out, AF_INET, addr.host, checkPort(addr.port), 0, 0);
      break;
    }
    case 'inet6': {
      if (typeof addr.host !== 'string') throw new TypeError('host must be a string');
      if (addr.host.includes('\0')) return -errno.EINVAL;
      const zone = splitZone(addr.host);
      if (typeof zone === 'number') return zone;
      const scope = addr.scopeid ?? zone[1];
      length = binding.encodeInet(out, AF_INET6, zone[0], checkPort(addr.port), addr.flowinfo ?? 0, scope);
      break;
    }
    case 'unix': {
      const path = encodeUnixPath(addr);
      if (typeof path === 'number') return path;
      length = binding.encodeUnix(out, path);
      break;
    }
    default:
      throw new TypeError(`unknown address family ${String((addr as { family: unknown }).family)}`);
  }
  return length < 0 ? length : new EncodedAddress(out, length);
}

// The BSDs (and macOS) start a sockaddr with a length byte and a one-byte family; Linux
// with a two-byte family in host order. Either way the family field takes two bytes.
const BSD_SOCKADDR = !['linux', 'android', 'win32', 'sunos', 'aix'].includes(platform());
const FAMILY_BYTES = 2;

/**
 * A `struct sockaddr` of `family` whose bytes after the family field are `data`, as is:
 * no check of their meaning, and a length of the family field plus `data` (at most
 * `sizeof(struct sockaddr_storage)`, else `-EINVAL`). For reproducing what a C library
 * hands the kernel exactly, such as lsocket's 108-byte unix path with its NUL (111
 * bytes, one more than `struct sockaddr_un`), which the kernel then judges.
 */
export function encodeRawAddress(family: number, data: Uint8Array): EncodedAddress | number {
  if (!Number.isInteger(family) || family < 0 || family > 255) throw new TypeError('family must be an address family number');
  if (!(data instanceof Uint8Array)) throw new TypeError('data must be a Uint8Array');
  const length = FAMILY_BYTES + data.length;
  if (length > storageSize) return -errno.EINVAL;
  const out = new Uint8Array(storageSize);
  if (BSD_SOCKADDR) {
    // sa_len, then a one-byte sa_family.
    out[0] = length;
    out[1] = family;
  } else {
    new DataView(out.buffer).setUint16(0, family, endianness() === 'LE');
  }
  out.set(data, FAMILY_BYTES);
  return new EncodedAddress(out, length);
}

/**
 * A name (a path, a host) as a face hands it back: its text when the bytes are UTF-8,
 * else a copy of the bytes, which would not survive a trip through a string. Given
 * back, either names the same thing.
 */
export function textOrBytes(bytes: Uint8Array): string | Buffer {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return isUtf8(view) ? view.toString('utf8') : Buffer.from(view);
}

/** Decodes `length` bytes of a `struct sockaddr`. */
export function decodeAddress(bytes: Uint8Array, length: number): SockAddr | OtherAddr {
  const [family, a, port, flowinfo, scopeid] = binding.decodeAddress(bytes, length);
  if (family === AF_INET && typeof a === 'string') return { family: 'inet', host: a, port: port! };
  if (family === AF_INET6 && typeof a === 'string')
    return { family: 'inet6', host: a, port: port!, flowinfo: flowinfo!, scopeid: scopeid! };
  if (family === AF_UNIX && a instanceof Uint8Array) {
    const raw = Buffer.from(a);
    if (raw.length > 0 && raw[0] === 0)
      return { family: 'unix', path: raw.subarray(1).toString('utf8'), abstract: true, bytes: raw };
    const end = raw.indexOf(0);
    return { family: 'unix', path: raw.subarray(0, end < 0 ? raw.length : end).toString('utf8'), abstract: false, bytes: raw };
  }
  return { family };
}

const scratchAddress = new Uint8Array(binding.scratch, 0, 128);
const scratchRegs = new Int32Array(binding.scratch, 128, 4);

/**
 * The address the last `accept`, `recvfrom`, `getsockname` or `getpeername` of this
 * thread produced, or null when the kernel gave none (a datagram from an unbound unix
 * socket). Read it right after that call: the next one overwrites it.
 */
export function lastAddress(): SockAddr | OtherAddr | null {
  const length = scratchRegs[0]!;
  return length > 0 ? decodeAddress(scratchAddress, length) : null;
}

/** @internal Resets the scratch length before a call that may not produce an address. */
export function clearLastAddress(): void {
  scratchRegs[0] = 0;
}

/** Turns a SockAddr into its encoding, passing an encoded one through. */
export function toEncoded(addr: SockAddr | EncodedAddress): EncodedAddress | number {
  return addr instanceof EncodedAddress ? addr : encodeAddress(addr);
}
