// Address lookup: socket.addr(host, port, socket_type, family, protocol, flags).
// Numeric hosts with numeric ports are encoded directly (the answer getaddrinfo would
// give, without a trip to the thread pool); anything else goes to getaddrinfo.
import { Buffer } from 'node:buffer';
import { isIPv4, isIPv6 } from 'node:net';
import {
  AF_INET,
  AF_INET6,
  AF_UNIX,
  SOCK_DGRAM,
  SOCK_RAW,
  SOCK_STREAM,
  constants,
  errno,
  decodeAddress,
  encodeAddress,
  getaddrinfo,
  getaddrinfoSync,
  luajitNumberText,
  textOrBytes,
  type AddrInfoResult,
  type SockAddr,
} from '@sockport/core';
import { AddrInfo, type AddrInfoEntry } from './addrinfo.js';
import { badArgument } from './args.js';
import { cInt, describe, luaType } from './lua.js';
import {
  addrFlags,
  defaultProtocol,
  familyNumber,
  protocolNumber,
  typeNumber,
  type AddrFlags,
  type FamilyName,
  type ProtocolName,
  type SocketTypeName,
} from './names.js';
import { failure, lookupFailure, type Failure } from './results.js';
import { Addr } from './sockaddr.js';

const { EAI_NONAME, EAI_SERVICE } = constants.addrinfo as { EAI_NONAME: number; EAI_SERVICE: number };

/** @internal A lookup with its arguments already checked and turned into numbers. */
export interface Query {
  /** Null asks getaddrinfo for the loopback (or, with `passive`, the wildcard) address. */
  host: string | Buffer | null;
  /** The service string; null for raw sockets, which have no ports. */
  service: string | Buffer | null;
  socktype: number;
  family: number;
  protocol: number;
  flags: number;
  /**
   * A port past 65535, which glibc would wrap around (70000 is 4464): the lookup runs,
   * so that getaddrinfo's earlier checks (flags, family, type) answer first, but its
   * success is refused as a bad service.
   */
  wraps?: boolean;
}

/** The table form of {@link addr}'s arguments, with the original's field names. */
export interface AddrTable {
  /** A name, a numeric address, `'*'` (the default) or `false` (loopback); a path for unix. */
  host?: string | Uint8Array | false | null;
  /** A port number or a service name (default 0). */
  port?: number | string | Uint8Array | null;
  /** `'tcp'`, `'udp'`, `'raw'`, or a number. */
  socket_type?: SocketTypeName | number | false | null;
  /** `'inet'` (the default), `'inet6'`, `'unix'`, or a number. */
  family?: FamilyName | number | false | null;
  /** A protocol name or number (default by socket type). */
  protocol?: ProtocolName | number | false | null;
  /** getaddrinfo flags (see {@link AddrFlags}). */
  flags?: AddrFlags | null;
}

/** A lookup's outcome: the list, or `[null, message, code]`. */
export type LookupResult = [AddrInfo] | Failure;
/** What {@link addr} gives: a lookup's outcome, or a list passed through as `[ai, true]`. */
export type AddrResult = LookupResult | [AddrInfo, true];

function serviceFailure(): Failure {
  return lookupFailure(EAI_SERVICE);
}

/**
 * The host as getaddrinfo takes it: nil and '*' are the wildcard ('0.0.0.0', or '::'
 * for inet6 where the original's IPv4 wildcard cannot work); false is null, i.e. the
 * loopback address. For unix sockets, the path.
 */
// A host or service given as bytes (a C string in the original) is that text, or the
// bytes themselves when they are not UTF-8.
function text(value: unknown): unknown {
  return value instanceof Uint8Array ? textOrBytes(value) : value;
}

function hostArg(host: unknown, family: number, n: number, fn: string): string | Buffer | null {
  host = text(host);
  if (host instanceof Buffer) return host;
  if (typeof host === 'string' && host !== '*') return host;
  if (host !== undefined && host !== null && host !== '*' && host !== false)
    badArgument(n, fn, `host: expected a string, '*' or false, got ${describe(host)}`);
  // A unix socket's host is its path: there is no wildcard or loopback path (null).
  if (family === AF_UNIX || host === false) return null;
  return family === AF_INET6 ? '::' : '0.0.0.0';
}

/**
 * The port as the service text getaddrinfo gets: Lua's tostring of it (`'2.5'`, `'nan'`,
 * `'true'`), which glibc judges, so that its checks come in its order. Raw sockets have
 * no port (null). A port past 65535 is marked to be refused (see {@link Query.wraps}).
 */
function serviceArg(port: unknown, socktype: number, n: number, fn: string): { service: string | Buffer | null; wraps: boolean } {
  let service: string;
  port = text(port);
  // A name that is not UTF-8 is no number: the resolver judges it.
  if (port instanceof Buffer) return { service: port, wraps: false };
  if (port === undefined || port === null) service = '0';
  else if (typeof port === 'number') service = luajitNumberText(port);
  else if (typeof port === 'string') service = port;
  else if (port === false) {
    // The ffi cannot pass false as a char*: the original raises.
    return badArgument(n, fn, `port: expected a number or a service name, got ${describe(port)}`);
  } else {
    // Anything else the original turns into text (Lua's tostring: "true", "table: 0x..."),
    // which names no service.
    service = typeof port === 'boolean' ? String(port) : `${luaType(port)}: 0x0`;
  }
  const wraps = /^\d+$/.test(service) && Number(service) > 65535;
  return { service: socktype === SOCK_RAW && /^0+$/.test(service) ? null : service, wraps };
}

const AI_PASSIVE = constants.addrinfo.AI_PASSIVE!;

// The address getaddrinfo gives for a null host: the wildcard when passive, else loopback.
function nullHost(family: number, flags: number): string {
  const passive = (flags & AI_PASSIVE) !== 0;
  if (family === AF_INET6) return passive ? '::' : '::1';
  return passive ? '0.0.0.0' : '127.0.0.1';
}

/** @internal Checks and converts a lookup's arguments; a failure for a bad port. */
export function makeQuery(
  host: unknown,
  port: unknown,
  socktype: number,
  family: number,
  protocol: number,
  flags: number,
  n: number,
  fn: string,
): Query | Failure {
  // getaddrinfo's hints are C ints, which the original's FFI makes of any number (2.5
  // is 2; 2^31, NaN and the infinities are INT_MIN, which getaddrinfo refuses).
  socktype = cInt(socktype);
  family = cInt(family);
  protocol = cInt(protocol);
  let h = hostArg(host, family, n, fn);
  const { service, wraps } = serviceArg(port, socktype, n + 1, fn);
  // getaddrinfo refuses a lookup with neither host nor service: a raw socket's
  // loopback (or, passive, wildcard) address is then named outright.
  if (h === null && service === null && family !== AF_UNIX) h = nullHost(family, flags);
  return { host: h, service, socktype, family, protocol, flags, wraps };
}

function unixEntry(q: Query): AddrInfoEntry | Failure {
  if (q.host === null) return lookupFailure(EAI_NONAME);
  if (q.service !== null && (typeof q.service !== 'string' || !/^0+$/.test(q.service))) return serviceFailure();
  // A leading NUL names an abstract socket (Linux), as in C. A path that is not UTF-8
  // goes to the kernel as its bytes.
  const host = q.host;
  if (typeof host !== 'string' && host[0] !== 0 && host.includes(0)) return failure(-errno.EINVAL);
  const sa: SockAddr =
    typeof host !== 'string'
      ? { family: 'unix', path: host.toString('utf8'), bytes: host[0] === 0 ? host : Buffer.concat([host, Buffer.alloc(1)]) }
      : host.startsWith('\0')
        ? { family: 'unix', path: host.slice(1), abstract: true }
        : { family: 'unix', path: host };
  const encoded = encodeAddress(sa);
  if (typeof encoded === 'number') return failure(encoded);
  return { family: AF_UNIX, socktype: q.socktype, protocol: q.protocol, addr: new Addr(sa, encoded), canonname: null, flags: q.flags };
}

function numericEntry(q: Query): AddrInfoEntry | undefined {
  const { host, service, socktype, family, protocol } = q;
  if (q.flags !== 0 || q.wraps === true || typeof host !== 'string' || typeof service !== 'string' || !/^\d+$/.test(service)) return undefined;
  if (socktype !== SOCK_STREAM && socktype !== SOCK_DGRAM) return undefined;
  if (protocol !== 0 && protocol !== defaultProtocol(socktype, family)) return undefined;
  const literal = family === AF_INET ? isIPv4(host) : family === AF_INET6 ? isIPv6(host) && !host.includes('%') : false;
  if (!literal) return undefined;
  const encoded = encodeAddress({ family: family === AF_INET ? 'inet' : 'inet6', host, port: Number(service) });
  if (typeof encoded === 'number') return undefined;
  const sa = decodeAddress(encoded.bytes, encoded.length);
  return { family, socktype, protocol: defaultProtocol(socktype, family), addr: new Addr(sa, encoded), canonname: null, flags: 0 };
}

function fromResolver(answer: AddrInfoResult, q: Query): AddrInfo | Failure {
  const flags = q.flags;
  if (!answer.ok) return lookupFailure(answer.code);
  if (q.wraps === true) return serviceFailure();
  const entries = answer.entries.map((e): AddrInfoEntry => {
    const sa: SockAddr | { family: number } =
      e.family === AF_INET
        ? { family: 'inet', host: e.host, port: e.port }
        : e.family === AF_INET6
          ? { family: 'inet6', host: e.host, port: e.port, flowinfo: e.flowinfo, scopeid: e.scopeid }
          : { family: e.family };
    return { family: e.family, socktype: e.socktype, protocol: e.protocol, addr: new Addr(sa), canonname: e.canonname, flags };
  });
  return AddrInfo.list(entries) ?? lookupFailure(EAI_NONAME);
}

/**
 * @internal Runs a lookup: synchronously when the answer needs no resolver (unix
 * paths, numeric hosts and ports) or `sync` asks for a blocking lookup, else on the
 * thread pool.
 */
export function resolve(q: Query, sync: boolean): AddrInfo | Failure | Promise<AddrInfo | Failure> {
  if (q.family === AF_UNIX) {
    const entry = unixEntry(q);
    return Array.isArray(entry) ? entry : new AddrInfo(entry);
  }
  const entry = numericEntry(q);
  if (entry !== undefined) return new AddrInfo(entry);
  // C would cut a name at its NUL byte and look up something else: refuse it instead,
  // with the answer such a name gets.
  if (q.host?.includes('\0')) return lookupFailure(EAI_NONAME);
  if (q.service?.includes('\0')) return serviceFailure();
  const hints = { family: q.family, socktype: q.socktype, protocol: q.protocol, flags: q.flags };
  if (sync) return fromResolver(getaddrinfoSync(q.host, q.service, hints), q);
  return getaddrinfo(q.host, q.service, hints).then((answer) => fromResolver(answer, q));
}

/**
 * Where a socket method's address comes from: host (with the port beside it), an
 * address object, or an {@link addr} table.
 */
export type AddrTarget = string | Uint8Array | false | AddrInfo | AddrTable | null;

/** @internal An address argument checked: an address object to use, a query to resolve, or a failure. */
export type Parsed = { pass: AddrInfo } | { query: Query } | { failed: Failure };

/** @internal addr()'s table form: any object but bytes (and address objects, taken before). */
export function isAddrTable(value: unknown): value is AddrTable {
  return value !== null && typeof value === 'object' && !(value instanceof Uint8Array);
}

function parse(args: unknown[], fn: string): Parsed {
  const [first] = args;
  if (first instanceof AddrInfo) return { pass: first };
  let host: unknown, port: unknown, socketType: unknown, family: unknown, protocol: unknown, flags: unknown;
  if (isAddrTable(first)) {
    const t = first as AddrTable;
    ({ host, port, socket_type: socketType, family, protocol, flags } = t);
  } else {
    [host, port, socketType, family, protocol, flags] = args;
  }
  const st = typeNumber(socketType, 3, fn) ?? 0;
  const af = familyNumber(family, 4, fn) ?? AF_INET;
  const pr = protocolNumber(protocol, 5, fn) ?? defaultProtocol(st, af);
  const q = makeQuery(host, port, st, af, pr, addrFlags(flags), 1, fn);
  return Array.isArray(q) ? { failed: q } : { query: q };
}

/**
 * @internal The address a socket method names (its `s:addr(host, port)`): an address
 * object as it is; an addr() table as addr() takes it, whose fields alone count, as
 * the original hands the table to addr() (the socket's type and family do not); else
 * host and port in the socket's type, family and protocol.
 */
export function methodQuery(host: unknown, port: unknown, socktype: number, family: number, protocol: number, flags: unknown, n: number, fn: string): Parsed {
  // The method's flags are read only for its own host and port (a table has its own).
  if (host instanceof AddrInfo || isAddrTable(host)) return parse([host], fn);
  const q = makeQuery(host, port, socktype, family, protocol, addrFlags(flags), n, fn);
  return Array.isArray(q) ? { failed: q } : { query: q };
}

function shape(r: AddrInfo | Failure): LookupResult {
  return Array.isArray(r) ? r : [r];
}

/**
 * Looks up an address list: `addr([host], [port], socket_type, [family], [protocol],
 * [flags])`, or the same fields as a table (`{ host, port, socket_type, ... }`), or an
 * existing list, passed through as `[ai, true]`.
 *
 * - host: a name, a numeric address, `'*'` (the default: all interfaces) or `false`
 *   (the loopback address). For `'unix'`, the socket's path (a leading `'\0'` makes
 *   it abstract).
 * - port: a number or a service name; 0 (the default) means any free port.
 * - socket_type: `'tcp'`, `'udp'` or `'raw'`; family: `'inet'` (the default),
 *   `'inet6'` or `'unix'`; protocol: `'tcp'`, `'udp'`, `'icmp'`, ... (default by type).
 * - flags: `'passive'`, `'cannonname'`, `'numerichost'`, `'numericserv'`, `'all'`,
 *   `'v4mapped'`, `'addrconfig'` as a space-separated string, an array or a table.
 *
 * Resolves with `[ai]`, or `[null, message, code]` with getaddrinfo's negative code.
 * Name lookups run on the thread pool; see {@link addrSync} for a blocking twin.
 * Arguments of the wrong type throw a TypeError at the call.
 */
export function addr(ai: AddrInfo): Promise<[AddrInfo, true]>;
export function addr(table: AddrTable): Promise<LookupResult>;
export function addr(
  host?: string | Uint8Array | false | null,
  port?: number | string | Uint8Array | null,
  socket_type?: SocketTypeName | number | false | null,
  family?: FamilyName | number | false | null,
  protocol?: ProtocolName | number | false | null,
  flags?: AddrFlags | null,
): Promise<LookupResult>;
export function addr(...args: unknown[]): Promise<AddrResult> {
  const p = parse(args, 'addr');
  if ('pass' in p) return Promise.resolve([p.pass, true]);
  if ('failed' in p) return Promise.resolve(p.failed);
  const r = resolve(p.query, false);
  return r instanceof Promise ? r.then(shape) : Promise.resolve(shape(r));
}

/**
 * {@link addr} that blocks the calling thread during a name lookup (as the original
 * does), for scripts and worker threads. Same arguments and results.
 */
export function addrSync(ai: AddrInfo): [AddrInfo, true];
export function addrSync(table: AddrTable): LookupResult;
export function addrSync(
  host?: string | Uint8Array | false | null,
  port?: number | string | Uint8Array | null,
  socket_type?: SocketTypeName | number | false | null,
  family?: FamilyName | number | false | null,
  protocol?: ProtocolName | number | false | null,
  flags?: AddrFlags | null,
): LookupResult;
export function addrSync(...args: unknown[]): AddrResult {
  const p = parse(args, 'addrSync');
  if ('pass' in p) return [p.pass, true];
  if ('failed' in p) return p.failed;
  return shape(resolve(p.query, true) as AddrInfo | Failure);
}
