import { binding } from './binding.js';
import { constants } from './constants.js';

/**
 * How an option's value looks on the JavaScript side:
 * - `bool`: `boolean` (an int 0/1 in the kernel)
 * - `int`: `number`
 * - `linger`: `{ on: boolean, seconds: number }`
 * - `seconds`: `number` of seconds, fractions allowed (a `struct timeval`)
 * - `string`: `string` (an interface or congestion-control name)
 * - `mreq4`: `{ group, interface?, index? }` for IPv4 multicast membership
 * - `mreq6`: `{ group, index? }` for IPv6 multicast membership
 * - `inaddr`: an IPv4 address `string`
 * - `ucred`: `{ pid, uid, gid }`
 * - `bytes`: a `Buffer` (the kernel's raw struct)
 */
export type OptionKind = 'bool' | 'int' | 'linger' | 'seconds' | 'string' | 'mreq4' | 'mreq6' | 'inaddr' | 'ucred' | 'bytes';

/** One entry of the option table. */
export interface OptionSpec {
  readonly level: 'SOL_SOCKET' | 'IPPROTO_TCP' | 'IPPROTO_IP' | 'IPPROTO_IPV6';
  readonly kind: OptionKind;
  /** Can only be read (`getsockopt`). */
  readonly readonly?: true;
  /** Can only be set (`setsockopt`): the kernel has no getter for it. */
  readonly writeonly?: true;
}

// Generic in the kind, so that each table entry keeps its literal kind (and
// OptionValue<'TCP_NODELAY'> is boolean, not the union of every value type).
type Spec<K extends OptionKind> = OptionSpec & { readonly kind: K };
const entry =
  (level: OptionSpec['level']) =>
  <K extends OptionKind>(kind: K, extra: { readonly?: true; writeonly?: true } = {}): Spec<K> => ({ level, kind, ...extra });
const so = entry('SOL_SOCKET');
const tcp = entry('IPPROTO_TCP');
const ip = entry('IPPROTO_IP');
const ip6 = entry('IPPROTO_IPV6');
const RO = { readonly: true } as const;
const WO = { writeonly: true } as const;

/**
 * Every socket option the core knows, by its C name, with its level and value shape.
 * Options this platform lacks are still listed; using one returns `-ENOPROTOOPT`.
 */
export const socketOptions = {
  SO_ACCEPTCONN: so('bool', RO),
  SO_BINDTODEVICE: so('string'),
  SO_BROADCAST: so('bool'),
  SO_DEBUG: so('bool'),
  SO_DOMAIN: so('int', RO),
  SO_DONTROUTE: so('bool'),
  SO_ERROR: so('int', RO),
  SO_KEEPALIVE: so('bool'),
  SO_LINGER: so('linger'),
  SO_MARK: so('int'),
  SO_OOBINLINE: so('bool'),
  SO_PASSCRED: so('bool'),
  SO_PEERCRED: so('ucred', RO),
  SO_PRIORITY: so('int'),
  SO_PROTOCOL: so('int', RO),
  SO_RCVBUF: so('int'),
  SO_RCVBUFFORCE: so('int', WO),
  SO_RCVLOWAT: so('int'),
  SO_RCVTIMEO: so('seconds'),
  SO_REUSEADDR: so('bool'),
  SO_REUSEPORT: so('bool'),
  SO_SNDBUF: so('int'),
  SO_SNDBUFFORCE: so('int', WO),
  SO_SNDLOWAT: so('int'),
  SO_SNDTIMEO: so('seconds'),
  SO_TIMESTAMP: so('bool'),
  SO_TYPE: so('int', RO),
  TCP_NODELAY: tcp('bool'),
  TCP_MAXSEG: tcp('int'),
  TCP_CORK: tcp('bool'),
  TCP_KEEPIDLE: tcp('int'),
  TCP_KEEPINTVL: tcp('int'),
  TCP_KEEPCNT: tcp('int'),
  TCP_SYNCNT: tcp('int'),
  TCP_LINGER2: tcp('int'),
  TCP_DEFER_ACCEPT: tcp('int'),
  TCP_WINDOW_CLAMP: tcp('int'),
  TCP_QUICKACK: tcp('bool'),
  TCP_CONGESTION: tcp('string'),
  TCP_USER_TIMEOUT: tcp('int'),
  TCP_FASTOPEN: tcp('int'),
  TCP_NOTSENT_LOWAT: tcp('int'),
  TCP_THIN_LINEAR_TIMEOUTS: tcp('bool'),
  TCP_INFO: tcp('bytes', RO),
  IP_TTL: ip('int'),
  IP_TOS: ip('int'),
  IP_MULTICAST_TTL: ip('int'),
  IP_MULTICAST_LOOP: ip('bool'),
  IP_MULTICAST_IF: ip('inaddr'),
  IP_ADD_MEMBERSHIP: ip('mreq4', WO),
  IP_DROP_MEMBERSHIP: ip('mreq4', WO),
  IPV6_V6ONLY: ip6('bool'),
  IPV6_UNICAST_HOPS: ip6('int'),
  IPV6_MULTICAST_HOPS: ip6('int'),
  IPV6_MULTICAST_LOOP: ip6('bool'),
  IPV6_MULTICAST_IF: ip6('int'),
  IPV6_JOIN_GROUP: ip6('mreq6', WO),
  IPV6_LEAVE_GROUP: ip6('mreq6', WO),
} as const satisfies Record<string, OptionSpec>;

/** The name of an option the core knows. */
export type OptionName = keyof typeof socketOptions;

/** IPv4 multicast membership (`IP_ADD_MEMBERSHIP`): group, and the local interface by address or index. */
export interface Mreq4 {
  group: string;
  interface?: string;
  index?: number;
}
/** IPv6 multicast membership (`IPV6_JOIN_GROUP`): group and interface index (0: the default). */
export interface Mreq6 {
  group: string;
  index?: number;
}
/** `SO_LINGER`'s value. */
export interface Linger {
  on: boolean;
  seconds: number;
}
/** `SO_PEERCRED`'s value. */
export interface Ucred {
  pid: number;
  uid: number;
  gid: number;
}

/** The JavaScript value of an option of each kind. */
export interface OptionValueByKind {
  bool: boolean;
  int: number;
  linger: Linger;
  seconds: number;
  string: string;
  mreq4: Mreq4;
  mreq6: Mreq6;
  inaddr: string;
  ucred: Ucred;
  bytes: Buffer;
}

/** The value type of option N. */
export type OptionValue<N extends OptionName> = OptionValueByKind[(typeof socketOptions)[N]['kind']];

/** What `getsockopt` gives: the value, or the errno of a failed `getsockopt(2)`. */
export type OptionResult<V> = { ok: true; value: V } | { ok: false; errno: number };

const kinds = binding.optionKinds;

/** @internal Resolves an option name to [level, name, spec]; undefined when this platform lacks it. */
export function lookupOption(name: string): [number, number, OptionSpec] | undefined | null {
  if (!Object.prototype.hasOwnProperty.call(socketOptions, name)) return null;
  const spec = socketOptions[name as OptionName];
  const level = constants.levels[spec.level];
  const optname = constants.options[name];
  if (level === undefined || optname === undefined) return undefined;
  return [level, optname, spec];
}

function int(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < -0x80000000 || value > 0xffffffff)
    throw new TypeError(`${name} takes an integer, got ${typeof value === 'number' ? value : typeof value}`);
  return value | 0;
}

/** @internal The native setsockopt arguments (kind, a, b, c) for a JS value. */
export function encodeOption(name: string, spec: OptionSpec, value: unknown): [number, unknown, unknown?, unknown?] {
  switch (spec.kind) {
    case 'bool':
      if (typeof value === 'boolean') return [kinds.int, value ? 1 : 0];
      if (typeof value !== 'number') throw new TypeError(`${name} takes a boolean or an integer, got ${typeof value}`);
      return [kinds.int, int(value, name)];
    case 'int':
      return [kinds.int, int(value, name)];
    case 'linger': {
      const v = value as Linger;
      if (v === null || typeof v !== 'object' || typeof v.on !== 'boolean')
        throw new TypeError(`${name} takes { on: boolean, seconds: number }`);
      return [kinds.linger, v.on ? 1 : 0, int(v.seconds ?? 0, `${name}.seconds`)];
    }
    case 'seconds':
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
        throw new TypeError(`${name} takes a non-negative number of seconds`);
      return [kinds.timeval, value];
    case 'string':
      if (typeof value === 'string' || value instanceof Uint8Array) return [kinds.string, value];
      throw new TypeError(`${name} takes a string`);
    case 'bytes':
      if (value instanceof Uint8Array) return [kinds.bytes, value];
      throw new TypeError(`${name} takes a Uint8Array`);
    case 'inaddr':
      if (typeof value === 'string') return [kinds.inaddr, value];
      throw new TypeError(`${name} takes an IPv4 address string`);
    case 'mreq4': {
      const v = value as Mreq4;
      if (v === null || typeof v !== 'object' || typeof v.group !== 'string')
        throw new TypeError(`${name} takes { group: string, interface?: string, index?: number }`);
      if (v.interface !== undefined && typeof v.interface !== 'string') throw new TypeError(`${name}.interface must be a string`);
      return [kinds.mreq4, v.group, v.interface ?? null, v.index === undefined ? null : int(v.index, `${name}.index`)];
    }
    case 'mreq6': {
      const v = value as Mreq6;
      if (v === null || typeof v !== 'object' || typeof v.group !== 'string')
        throw new TypeError(`${name} takes { group: string, index?: number }`);
      return [kinds.mreq6, v.group, v.index === undefined ? null : int(v.index, `${name}.index`)];
    }
    case 'ucred':
      throw new TypeError(`${name} is read-only`);
    default:
      throw new TypeError(`${name}: unknown option kind ${JSON.stringify(spec.kind)}`);
  }
}

/** @internal The native kind used to read an option. */
export function optionReadKind(spec: OptionSpec): number {
  switch (spec.kind) {
    case 'bool':
    case 'int':
      return kinds.int;
    case 'seconds':
      return kinds.timeval;
    default:
      return kinds[spec.kind];
  }
}

/** @internal Shapes a native getsockopt value as the option's JS value. */
export function decodeOption(spec: OptionSpec, raw: unknown): unknown {
  switch (spec.kind) {
    case 'bool':
      return raw !== 0;
    case 'linger': {
      const [on, seconds] = raw as [number, number];
      return { on: on !== 0, seconds };
    }
    case 'ucred': {
      const [pid, uid, gid] = raw as [number, number, number];
      return { pid, uid, gid };
    }
    default:
      return raw;
  }
}
