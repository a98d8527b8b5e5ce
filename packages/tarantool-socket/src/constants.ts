// The constant tables of `socket.internal`, with this platform's real values, and the
// module's own limits.
import * as core from '@sockport/core';

/** Tarantool's "infinite" timeout: 500 years, in seconds. Every omitted timeout means this. */
export const TIMEOUT_INFINITY = 500 * 365 * 86400;
/** The largest limit `read` honours; bigger limits are clamped to it. */
export const LIMIT_INFINITY = 2147483647;
/** The default `sysread` size, and the most one refill of `read` asks for. */
export const READAHEAD = 16320;

function pick(source: Readonly<Record<string, number>>, names: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of names) {
    const value = source[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}

const DOMAIN_NAMES = ['UNIX', 'LOCAL', 'INET', 'AX25', 'IPX', 'APPLETALK', 'INET6', 'X25', 'ATMPVC', 'NETLINK', 'PACKET'] as const;

/** Address families by name, each under both its `AF_` and its `PF_` name. */
export const DOMAIN: Readonly<Record<string, number>> = (() => {
  const out: Record<string, number> = {};
  for (const name of DOMAIN_NAMES) {
    const value = core.constants.families[`AF_${name}`];
    if (value === undefined) continue;
    out[`AF_${name}`] = value;
    out[`PF_${name}`] = value;
  }
  return Object.freeze(out);
})();

/** Socket types by name: `SOCK_STREAM`, `SOCK_DGRAM`, `SOCK_RAW`, `SOCK_RDM`, `SOCK_SEQPACKET`. */
export const SO_TYPE: Readonly<Record<string, number>> = Object.freeze(
  pick(core.constants.types, ['SOCK_STREAM', 'SOCK_DGRAM', 'SOCK_RAW', 'SOCK_RDM', 'SOCK_SEQPACKET']),
);

/** The flags `send`, `recv`, `sendto` and `recvfrom` accept, by name. */
export const SEND_FLAGS: Readonly<Record<string, number>> = Object.freeze(
  pick(core.constants.messageFlags, [
    'MSG_OOB', 'MSG_PEEK', 'MSG_DONTROUTE', 'MSG_TRYHARD', 'MSG_CTRUNC', 'MSG_PROXY', 'MSG_TRUNC',
    'MSG_DONTWAIT', 'MSG_EOR', 'MSG_WAITALL', 'MSG_FIN', 'MSG_SYN', 'MSG_CONFIRM', 'MSG_RST',
    'MSG_ERRQUEUE', 'MSG_NOSIGNAL', 'MSG_MORE', 'MSG_WAITFORONE', 'MSG_FASTOPEN', 'MSG_CMSG_CLOEXEC',
  ]),
);

/** The `flags` names `getaddrinfo` accepts. */
export const AI_FLAGS: Readonly<Record<string, number>> = Object.freeze(
  pick(core.constants.addrinfo, [
    'AI_PASSIVE', 'AI_CANONNAME', 'AI_NUMERICHOST', 'AI_V4MAPPED', 'AI_ALL', 'AI_ADDRCONFIG', 'AI_IDN',
    'AI_CANONIDN', 'AI_NUMERICSERV',
  ]),
);

/** The `SOL_SOCKET` level number. */
export const SOL_SOCKET: number = core.constants.levels.SOL_SOCKET!;

/**
 * One socket option as Tarantool registers it: its number, how its value travels
 * (1 an int, 2 a string, 0 not through setsockopt/getsockopt at all) and whether it
 * may be set.
 */
export interface OptionInfo {
  /** The option's number at its level (`SO_REUSEADDR` is 2). */
  readonly iname: number;
  /** 1: an int, 2: a string, 0: not through setsockopt/getsockopt. */
  readonly type: 0 | 1 | 2;
  /** Whether setsockopt may set it. */
  readonly rw: boolean;
}

type OptionRow = readonly [name: string, type: 0 | 1 | 2, rw: boolean];

const SOCKET_LEVEL: readonly OptionRow[] = [
  ['SO_ACCEPTCONN', 1, false], ['SO_BINDTODEVICE', 2, true], ['SO_BROADCAST', 1, true],
  ['SO_DEBUG', 1, true], ['SO_DOMAIN', 1, false], ['SO_ERROR', 1, false], ['SO_DONTROUTE', 1, true],
  ['SO_KEEPALIVE', 1, true], ['SO_LINGER', 0, false], ['SO_MARK', 1, true], ['SO_OOBINLINE', 1, true],
  ['SO_PASSCRED', 1, true], ['SO_PEERCRED', 1, false], ['SO_PRIORITY', 1, true], ['SO_PROTOCOL', 1, false],
  ['SO_RCVBUF', 1, true], ['SO_RCVBUFFORCE', 1, true], ['SO_RCVLOWAT', 1, true], ['SO_SNDLOWAT', 1, true],
  ['SO_RCVTIMEO', 1, true], ['SO_SNDTIMEO', 1, true], ['SO_REUSEADDR', 1, true], ['SO_SNDBUF', 1, true],
  ['SO_SNDBUFFORCE', 1, true], ['SO_TIMESTAMP', 1, true], ['SO_TYPE', 1, false],
];

const TCP_LEVEL: readonly OptionRow[] = [
  'TCP_NODELAY', 'TCP_MAXSEG', 'TCP_CORK', 'TCP_KEEPIDLE', 'TCP_KEEPINTVL', 'TCP_KEEPCNT', 'TCP_SYNCNT',
  'TCP_LINGER2', 'TCP_DEFER_ACCEPT', 'TCP_WINDOW_CLAMP', 'TCP_QUICKACK', 'TCP_CONGESTION', 'TCP_MD5SIG',
  'TCP_COOKIE_TRANSACTIONS', 'TCP_THIN_LINEAR_TIMEOUTS', 'TCP_THIN_DUPACK', 'TCP_USER_TIMEOUT', 'TCP_REPAIR',
  'TCP_REPAIR_QUEUE', 'TCP_QUEUE_SEQ', 'TCP_REPAIR_OPTIONS', 'TCP_FASTOPEN', 'TCP_TIMESTAMP',
  'TCP_NOTSENT_LOWAT', 'TCP_CC_INFO', 'TCP_SAVE_SYN', 'TCP_SAVED_SYN',
].map((name): OptionRow => [name, 1, true]).concat([['TCP_INFO', 0, false]]);

function optionTable(rows: readonly OptionRow[]): Readonly<Record<string, OptionInfo>> {
  const out: Record<string, OptionInfo> = {};
  for (const [name, type, rw] of rows) {
    const iname = core.constants.options[name];
    if (iname !== undefined) out[name] = Object.freeze({ iname, type, rw });
  }
  return Object.freeze(out);
}

/**
 * The options `setsockopt`/`getsockopt` know, by level number: only `SOL_SOCKET` (1)
 * and `IPPROTO_TCP` (6) have tables. Options this platform lacks are absent.
 */
export const SO_OPT: Readonly<Record<number, Readonly<Record<string, OptionInfo>>>> = Object.freeze({
  [SOL_SOCKET]: optionTable(SOCKET_LEVEL),
  [core.constants.levels.IPPROTO_TCP!]: optionTable(TCP_LEVEL),
});

/**
 * @internal Tarantool's get_ivalue: a number as it is (2.5, NaN: whoever passes it to C
 * converts it), a name from the table, or undefined.
 */
export function constantValue(table: Readonly<Record<string, number>>, key: unknown): number | undefined {
  if (typeof key === 'number') return key;
  return typeof key === 'string' && Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

/** The name of a socket type number (`'SOCK_STREAM'`), or the number itself. */
export function typeName(type: number): string | number {
  for (const name in SO_TYPE) if (SO_TYPE[name] === type) return name;
  return type;
}

/** `'AF_INET'`, `'AF_INET6'` or `'AF_UNIX'` for those families; the number for any other. */
export function familyName(family: number): string | number {
  if (family === core.AF_INET) return 'AF_INET';
  if (family === core.AF_INET6) return 'AF_INET6';
  if (family === core.AF_UNIX) return 'AF_UNIX';
  return family;
}
