// The tables Tarantool builds from kernel addresses: `name()`/`peer()` tables (with a
// `host:port` tostring), `from` tables of accept/recvfrom, and getaddrinfo entries.
import { Buffer } from 'node:buffer';
import * as core from '@sockport/core';
import { familyName, typeName } from './constants.js';
import { concatText } from './lua.js';
import { protocolName } from './protocols.js';

/**
 * Where a datagram or connection came from (`accept`, `recvfrom`): `host` is numeric
 * (`'127.0.0.1'`, `'::1'`, or `'unix/'`), `port` a number, or for unix sockets the
 * peer's path (`''` when unnamed).
 */
export interface FromAddress {
  /** The numeric host (`'127.0.0.1'`, `'::1'`), or `'unix/'`. */
  host: string;
  /** `'AF_INET'`, `'AF_INET6'`, `'AF_UNIX'`, or the number of another family. */
  family: string | number;
  /** The port, or for unix sockets the path (`''` when unnamed; a Buffer when not UTF-8). */
  port: number | string | Buffer;
}

/** A socket address with its type and protocol, as `name()`, `peer()` and `getaddrinfo` give it. */
export interface AddressInfo extends FromAddress {
  /** `'SOCK_STREAM'`, `'SOCK_DGRAM'`, ... or the number for other types. */
  type: string | number;
  /** The protocol's name (`'tcp'`, `'udp'`), or the number 0 for protocol 0. */
  protocol: string | number;
}

/** A `getaddrinfo` entry; `canonname` is there when `AI_CANONNAME` was asked for. */
export interface AddrInfoEntry extends AddressInfo {
  /** The host's canonical name, with `AI_CANONNAME`. */
  canonname?: string;
}

/**
 * The table `sock.name()` and `sock.peer()` return. Its `toString()` gives
 * `host:port`, without brackets for IPv6 (`'::1:3301'`) and `'unix/:<path>'` for unix
 * sockets, as Tarantool's does.
 */
export class SocketName implements AddressInfo {
  /** The numeric host (`'127.0.0.1'`, `'::1'`), or `'unix/'`. */
  host: string;
  /** `'AF_INET'`, `'AF_INET6'`, `'AF_UNIX'`, or the number of another family. */
  family: string | number;
  /** `'SOCK_STREAM'`, `'SOCK_DGRAM'`, ... or the number for other types. */
  type: string | number;
  /** The protocol's name (`'tcp'`, `'udp'`), or the number 0 for protocol 0. */
  protocol: string | number;
  /** The port, or for unix sockets the path (`''` when unnamed; a Buffer when not UTF-8). */
  port: number | string | Buffer;

  /** @internal */
  constructor(from: FromAddress, type: string | number, protocol: string | number) {
    this.host = from.host;
    this.family = from.family;
    this.type = type;
    this.protocol = protocol;
    this.port = from.port;
  }

  /** `host:port`, as Tarantool's `tostring(sock:name())`. */
  toString(): string {
    return `${concatText(this.host)}:${concatText(this.port)}`;
  }
}

// The sun_path bytes up to the first NUL, as C reads them (so an abstract name is ''):
// text, or a Buffer for a path that is not UTF-8.
function unixPath(addr: core.UnixAddr): string | Buffer {
  const bytes = addr.bytes ?? Buffer.from(addr.path, 'utf8');
  const end = bytes.indexOf(0);
  return core.textOrBytes(bytes.subarray(0, end < 0 ? bytes.length : end));
}

/** @internal The `{host, family, port}` table of a kernel address, or null when there is none. */
export function fromAddress(addr: core.SockAddr | core.OtherAddr | null): FromAddress | null {
  if (addr === null) return null;
  switch (addr.family) {
    case 'inet':
      return { host: addr.host, family: 'AF_INET', port: addr.port };
    case 'inet6':
      return { host: addr.host, family: 'AF_INET6', port: addr.port };
    case 'unix':
      return { host: 'unix/', family: 'AF_UNIX', port: unixPath(addr) };
    default:
      // Tarantool makes no table of an address of another family (AF_NETLINK, AF_PACKET).
      return null;
  }
}

/** @internal A `name()`/`peer()` table for an address of a socket of this type and protocol. */
export function socketName(addr: FromAddress, type: number, protocol: number): SocketName {
  return new SocketName(addr, typeName(type), protocolName(protocol));
}

/** @internal A getaddrinfo entry from the core's answer. */
export function addrInfoEntry(info: core.AddrInfo): AddrInfoEntry {
  const entry: AddrInfoEntry = {
    host: info.host,
    family: familyName(info.family),
    type: typeName(info.socktype),
    protocol: protocolName(info.protocol),
    port: info.port,
  };
  if (info.canonname !== null) entry.canonname = info.canonname;
  return entry;
}
