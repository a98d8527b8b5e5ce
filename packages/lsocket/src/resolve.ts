// lsocket.resolve: every address a name resolves to, through getaddrinfo with the
// hints lsocket uses (TCP only, to avoid duplicates; numeric text is never looked up).
import { AF_INET, AF_INET6, AF_UNSPEC, SOCK_STREAM, constants, gai_strerror, getaddrinfo, getaddrinfoSync, type AddrInfoHints, type AddrInfoResult } from '@sockport/core';
import { needsNoLookup } from './address.js';
import { checkString, text, type Failure, type LuaString } from './lua.js';

/** One address of a resolved name. */
export interface ResolvedAddress {
  /** The address family. */
  family: 'inet' | 'inet6';
  /** The numeric address (`'127.0.0.1'`, `'::1'`). */
  addr: string;
}

/** What `resolve` returns: the addresses in the resolver's order, or `nil, message`. */
export type ResolveResult = [ResolvedAddress[]] | Failure;

const EAI_NONAME = constants.addrinfo.EAI_NONAME ?? -2;

/** A getaddrinfo question. */
interface Query {
  /** The name as given: bytes reach the resolver as they are (a name need not be UTF-8). */
  host: string | Uint8Array;
  hints: AddrInfoHints;
}

function query(name: unknown): Query | Failure {
  const given = checkString(name, 1, 'resolve');
  const host = text(given);
  // C would read a name only up to a NUL byte: such a name is refused instead.
  if (host.includes('\0')) return [null, gai_strerror(EAI_NONAME)];
  const hints = {
    family: AF_UNSPEC,
    socktype: SOCK_STREAM,
    protocol: constants.levels.IPPROTO_TCP ?? 6,
    flags: needsNoLookup(host) ? (constants.addrinfo.AI_NUMERICHOST ?? 4) : 0,
  };
  return { host: typeof given === 'string' ? host : given, hints };
}

// The C module reports gai_strerror(code) even for EAI_SYSTEM.
function shape(found: AddrInfoResult): ResolveResult {
  if (!found.ok) return [null, gai_strerror(found.code)];
  const list: ResolvedAddress[] = [];
  for (const entry of found.entries) {
    if (entry.family === AF_INET) list.push({ family: 'inet', addr: entry.host });
    else if (entry.family === AF_INET6) list.push({ family: 'inet6', addr: entry.host });
  }
  return [list];
}

/**
 * Resolves a host name (or numeric address) to all its addresses, without blocking
 * the event loop: `[{ family, addr }, ...]` in the resolver's order, or `nil,
 * message` (`'Name or service not known'`). Numeric text never reaches a name
 * server. A name that is not text rejects with lsocket's error.
 *
 * Lua: `tbl, err = lsocket.resolve(name)`
 */
export async function resolve(name: LuaString | number): Promise<ResolveResult> {
  const q = query(name);
  return Array.isArray(q) ? q : shape(await getaddrinfo(q.host, null, q.hints));
}

/**
 * {@link resolve} that blocks the thread while the resolver works, as lsocket's does:
 * for worker threads and scripts.
 *
 * Lua: `tbl, err = lsocket.resolve(name)`
 */
export function resolveSync(name: LuaString | number): ResolveResult {
  const q = query(name);
  return Array.isArray(q) ? q : shape(getaddrinfoSync(q.host, null, q.hints));
}
