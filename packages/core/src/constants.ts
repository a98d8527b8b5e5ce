import { binding } from './binding.js';

const c = binding.constants;

/**
 * The platform's socket constants, grouped by use, each with its real value. A name
 * the platform does not define is absent (so `'TCP_KEEPIDLE' in constants.options`
 * tells whether the option exists here).
 */
export const constants = Object.freeze({
  /** Address families: `AF_INET`, `AF_INET6`, `AF_UNIX`, `AF_PACKET`, ... */
  families: Object.freeze({ ...c.families }),
  /** Socket types: `SOCK_STREAM`, `SOCK_DGRAM`, `SOCK_RAW`, `SOCK_SEQPACKET`, ... */
  types: Object.freeze({ ...c.types }),
  /** Option levels and protocol numbers: `SOL_SOCKET`, `IPPROTO_TCP`, `IPPROTO_IPV6`, ... */
  levels: Object.freeze({ ...c.levels }),
  /** Option names: `SO_*`, `TCP_*`, `IP_*`, `IPV6_*`. */
  options: Object.freeze({ ...c.options }),
  /** send/recv flags: `MSG_PEEK`, `MSG_DONTWAIT`, `MSG_NOSIGNAL`, ... */
  messageFlags: Object.freeze({ ...c.messageFlags }),
  /** shutdown directions: `SHUT_RD`, `SHUT_WR`, `SHUT_RDWR`. */
  shutdown: Object.freeze({ ...c.shutdown }),
  /** getaddrinfo flags (`AI_*`) and error codes (`EAI_*`). */
  addrinfo: Object.freeze({ ...c.addrinfo }),
  /** `SOMAXCONN`, `FD_SETSIZE`, `IFNAMSIZ`, `INET6_ADDRSTRLEN`, `INADDR_ANY`, `INADDR_LOOPBACK`. */
  misc: Object.freeze({ ...c.misc }),
});

function need(table: Record<string, number>, name: string): number {
  const v = table[name];
  if (v === undefined) throw new Error(`${name} is not defined on this platform`);
  return v;
}

/** `AF_INET`. */
export const AF_INET = need(c.families, 'AF_INET');
/** `AF_INET6`. */
export const AF_INET6 = need(c.families, 'AF_INET6');
/** `AF_UNIX`. */
export const AF_UNIX = need(c.families, 'AF_UNIX');
/** `AF_UNSPEC`. */
export const AF_UNSPEC = need(c.families, 'AF_UNSPEC');
/** `SOCK_STREAM`. */
export const SOCK_STREAM = need(c.types, 'SOCK_STREAM');
/** `SOCK_DGRAM`. */
export const SOCK_DGRAM = need(c.types, 'SOCK_DGRAM');
/** `SOCK_RAW`. */
export const SOCK_RAW = need(c.types, 'SOCK_RAW');
/** `SHUT_RD`. */
export const SHUT_RD = need(c.shutdown, 'SHUT_RD');
/** `SHUT_WR`. */
export const SHUT_WR = need(c.shutdown, 'SHUT_WR');
/** `SHUT_RDWR`. */
export const SHUT_RDWR = need(c.shutdown, 'SHUT_RDWR');
/** `MSG_PEEK`. */
export const MSG_PEEK = need(c.messageFlags, 'MSG_PEEK');
/** `MSG_TRUNC`. */
export const MSG_TRUNC = need(c.messageFlags, 'MSG_TRUNC');

/** The core's name for an address family (`'inet'`, `'inet6'`, `'unix'`), or its number. */
export type FamilyName = 'inet' | 'inet6' | 'unix';

/** `'inet'`, `'inet6'` or `'unix'` for those families; the number itself for any other. */
export function familyName(family: number): FamilyName | number {
  if (family === AF_INET) return 'inet';
  if (family === AF_INET6) return 'inet6';
  if (family === AF_UNIX) return 'unix';
  return family;
}

/** The family number of `'inet'`, `'inet6'` or `'unix'`. */
export function familyNumber(name: FamilyName): number {
  return name === 'inet' ? AF_INET : name === 'inet6' ? AF_INET6 : AF_UNIX;
}
