// socket2's names for families, socket types, protocols and getaddrinfo flags, and
// the numbers they stand for on this platform. Numbers pass through as they are.
import { AF_INET, AF_INET6, AF_UNIX, SOCK_DGRAM, SOCK_RAW, SOCK_STREAM, constants } from '@sockport/core';
import { badArgument } from './args.js';
import { cInt, describe, luaType, truthy } from './lua.js';

/** An address family name: `'inet'`, `'inet6'` or `'unix'`. */
export type FamilyName = 'inet' | 'inet6' | 'unix';
/** A socket type name: `'tcp'` (stream), `'udp'` (datagram) or `'raw'`. */
export type SocketTypeName = 'tcp' | 'udp' | 'raw';
/** A protocol name. */
export type ProtocolName = 'ip' | 'icmp' | 'igmp' | 'tcp' | 'udp' | 'raw' | 'ipv6' | 'icmpv6';
/** A getaddrinfo flag name (`cannonname` is socket2's spelling of AI_CANONNAME). */
export type AddrFlagName = 'passive' | 'cannonname' | 'numerichost' | 'numericserv' | 'all' | 'v4mapped' | 'addrconfig';
/**
 * getaddrinfo flags as socket2 takes them (glue.bor): a number passed through, a
 * space-separated list of names, an array of names, or an object whose true keys
 * are names.
 */
export type AddrFlags = number | string | readonly AddrFlagName[] | Partial<Record<AddrFlagName, boolean>>;

const families: Record<FamilyName, number> = { inet: AF_INET, inet6: AF_INET6, unix: AF_UNIX };
const types: Record<SocketTypeName, number> = { tcp: SOCK_STREAM, udp: SOCK_DGRAM, raw: SOCK_RAW };
const protocols: Record<ProtocolName, number> = { ip: 0, icmp: 1, igmp: 2, tcp: 6, udp: 17, raw: 255, ipv6: 41, icmpv6: 58 };
const ai = constants.addrinfo;
const flagBits: Record<AddrFlagName, number> = {
  passive: ai.AI_PASSIVE!,
  cannonname: ai.AI_CANONNAME!,
  numerichost: ai.AI_NUMERICHOST!,
  numericserv: ai.AI_NUMERICSERV!,
  all: ai.AI_ALL!,
  v4mapped: ai.AI_V4MAPPED!,
  addrconfig: ai.AI_ADDRCONFIG!,
};

function invert<K extends string>(table: Record<K, number>): Map<number, K> {
  return new Map(Object.entries(table).map(([k, v]) => [v as number, k as K]));
}
const familyNames = invert(families);
const typeNames = invert(types);
const protocolNames = invert(protocols);

// Lua's true where a number is kept: C gets the FFI's int of it, 1 (cInt cuts the
// fraction), yet like true it equals no number and no name table holds it.
const LUA_TRUE = 1.5;

function lookup(table: Record<string, number>, value: unknown, n: number, fn: string, what: string): number | undefined {
  // `x or default` in the original: false is absent too.
  if (!truthy(value)) return undefined;
  // A number is kept as it is, as the original keeps it: its name is then nil for 2.5,
  // while C gets it as an int (see makeQuery and the constructors).
  if (typeof value === 'number') return value;
  if (value === true) return LUA_TRUE;
  if (typeof value === 'string' && Object.prototype.hasOwnProperty.call(table, value)) return table[value];
  return badArgument(n, fn, `${what}: expected one of ${Object.keys(table).join(', ')} or a number, got ${typeof value === 'string' ? `'${value}'` : describe(value)}`);
}

/** The number of a family name (or number); undefined when absent. */
export function familyNumber(value: unknown, n: number, fn: string): number | undefined {
  return lookup(families, value, n, fn, 'family');
}

/** The number of a socket type name (or number); undefined when absent. */
export function typeNumber(value: unknown, n: number, fn: string): number | undefined {
  return lookup(types, value, n, fn, 'socket type');
}

/** The number of a protocol name (or number); undefined when absent. */
export function protocolNumber(value: unknown, n: number, fn: string): number | undefined {
  return lookup(protocols, value, n, fn, 'protocol');
}

/**
 * The protocol a socket type implies: tcp 6, udp 17, raw 255. Unix stream and datagram
 * sockets take 0 (their only protocol), where the original passes 6 or 17 and the
 * kernel refuses; a unix raw socket keeps 255, which the kernel refuses, as there.
 */
export function defaultProtocol(type: number, family: number): number {
  if (family === AF_UNIX && type !== SOCK_RAW) return 0;
  return type === SOCK_STREAM ? protocols.tcp : type === SOCK_DGRAM ? protocols.udp : type === SOCK_RAW ? protocols.raw : 0;
}

/** The name of a family number, or null (Lua's nil) for one socket2 has no name for. */
export function familyName(n: number): FamilyName | null {
  return familyNames.get(n) ?? null;
}

/** The name of a socket type number, or null. */
export function typeName(n: number): SocketTypeName | null {
  return typeNames.get(n) ?? null;
}

/** The name of a protocol number, or null. */
export function protocolName(n: number): ProtocolName | null {
  return protocolNames.get(n) ?? null;
}

function flagBit(name: unknown): number {
  if (typeof name !== 'string' || !Object.prototype.hasOwnProperty.call(flagBits, name)) throw new TypeError(`invalid bit ${String(name)}`);
  return flagBits[name as AddrFlagName];
}

/**
 * getaddrinfo flags from socket2's forms (glue.bor): every name given must be known
 * (`invalid bit <name>` otherwise), list entries and object keys alike; in the object
 * form only true keys are set (Lua truth). Anything else raises `flags expected but
 * <type> given`.
 */
export function addrFlags(flags: unknown): number {
  if (flags === undefined || flags === null || flags === false) return 0;
  // A number goes to the C int field as the FFI stores it (INT_MIN, which glibc refuses,
  // for one the field cannot hold).
  if (typeof flags === 'number') return cInt(flags);
  let mask = 0;
  if (typeof flags === 'string') {
    for (const name of flags.split(/[ \t\n\v\f\r]+/)) if (name !== '') mask |= flagBit(name);
  } else if (Array.isArray(flags)) {
    // glue.bor names a list entry by its value, or by its index when the value is false.
    for (let i = 0; i < flags.length; i++) mask |= flagBit(truthy(flags[i]) ? flags[i] : i + 1);
  } else if (typeof flags === 'object') {
    for (const [name, on] of Object.entries(flags)) {
      const bit = flagBit(name);
      if (truthy(on)) mask |= bit;
    }
  } else {
    throw new TypeError(`flags expected but ${luaType(flags)} given`);
  }
  return mask;
}
