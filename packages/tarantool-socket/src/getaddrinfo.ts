// socket.getaddrinfo: name resolution on the thread pool, with Tarantool's option
// names, its result tables and its single-nil failures.
import * as core from '@sockport/core';
import { addrInfoEntry, type AddrInfoEntry } from './address-table.js';
import { AI_FLAGS, constantValue, DOMAIN, SO_TYPE } from './constants.js';
import { setErrno } from './errno.js';
import { afterPoll } from './fiber-wake.js';
import { flagBits } from './flags.js';
import { lowInt32, numberToString, secondsOrNone } from './lua.js';
import { getprotobyname } from './protocols.js';
import { settle } from './settle.js';
import type { Domain, Protocol, SocketType } from './create.js';

/** `getaddrinfo`'s options. Unknown names fail the call (module errno `EINVAL`, or `EPROTOTYPE` for a protocol). */
export interface GetaddrinfoOptions {
  /** Preferred socket type: `'SOCK_STREAM'`, `'SOCK_DGRAM'`, ... or a number. */
  type?: SocketType;
  /** Address family wanted: `'AF_INET'`, `'AF_INET6'`, ... or a number. */
  family?: Domain;
  /** A protocol name (`'tcp'`) or number. */
  protocol?: Protocol;
  /** One `AI_*` name or a list of them (numbers are refused, as in Tarantool). */
  flags?: string | readonly string[];
}

// The hints, or null with the module errno set.
function hintsOf(opts: GetaddrinfoOptions | null | undefined): core.AddrInfoHints | null {
  const hints: core.AddrInfoHints = {};
  if (opts === null || opts === undefined) return hints;
  // Lua indexes strings (their fields are nil) but raises for numbers, booleans, functions.
  const t = typeof opts;
  if (t !== 'object' && t !== 'string') throw new TypeError(`attempt to index local 'opts' (a ${t} value)`);
  if (opts.type !== undefined && opts.type !== null) {
    const v = constantValue(SO_TYPE, opts.type);
    if (v === undefined) return invalid();
    hints.socktype = lowInt32(v);
  }
  if (opts.family !== undefined && opts.family !== null) {
    const v = constantValue(DOMAIN, opts.family);
    if (v === undefined) return invalid();
    hints.family = lowInt32(v);
  }
  if (opts.protocol !== undefined && opts.protocol !== null) {
    const v = getprotobyname(opts.protocol);
    if (v === null) return null;
    hints.protocol = lowInt32(v);
  }
  if (opts.flags !== undefined && opts.flags !== null) {
    const v = flagBits(AI_FLAGS, opts.flags);
    if (v === null) return invalid();
    hints.flags = v;
  }
  return hints;
}

function invalid(): null {
  setErrno(core.errno.EINVAL);
  return null;
}

// The service text: a port number must be an integer in 0..65535; other text is a
// service name for the resolver (glibc takes text as a port only when all of it is
// digits: '80 ' is a name). null when the port is a number out of range. Values
// Tarantool's lua_tostring cannot convert (booleans, tables) are no service at all
// (NONE), which means port 0 unless the host is missing too.
const NONE = Symbol('no service');

function service(port: unknown): string | Buffer | null | typeof NONE {
  if (port === undefined || port === null) return '0';
  if (typeof port === 'number') return Number.isInteger(port) && port >= 0 && port <= 65535 ? numberToString(port) : null;
  if (port instanceof Uint8Array) port = core.textOrBytes(port);
  if (port instanceof Buffer) return port;
  if (typeof port !== 'string') return NONE;
  if (/^[ \t\n\v\f\r]*[+-]?\d+$/.test(port)) {
    const n = Number(port);
    return n >= 0 && n <= 65535 ? String(n) : null;
  }
  return port;
}

// The host text, or null for the resolver's NULL host: nil, '', and (as lua_tostring
// gives NULL for them) booleans and tables.
function hostText(host: unknown): string | Buffer | null {
  if (host instanceof Uint8Array) return host.length === 0 ? null : core.textOrBytes(host);
  if (typeof host === 'number') return numberToString(host);
  if (typeof host !== 'string' || host === '') return null;
  return host;
}

// The resolver's answer, or 'timeout' once the deadline passes first.
function resolveWithin(host: string | Buffer | null, serv: string | Buffer, hints: core.AddrInfoHints, timeout: number | null): Promise<core.AddrInfoResult | 'timeout'> {
  const lookup = core.getaddrinfo(host, serv, hints);
  // Beyond what a timer can hold (24.8 days), a timeout is as good as none.
  if (timeout === null || timeout * 1000 > 0x7fffffff) return lookup;
  return new Promise((resolve, reject) => {
    // An answer that is already in when the timer fires still wins: its callback runs
    // later in the same turn of the loop (the poll phase follows the timers), as a coio
    // task that has finished wins over an expired yield in Tarantool.
    const expire = () => setImmediate(() => resolve('timeout'));
    const timer = setTimeout(expire, Math.max(0, timeout * 1000));
    lookup.then(
      (answer) => {
        clearTimeout(timer);
        resolve(answer);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/**
 * @internal Resolves and answers with the entries (module errno 0), or null with the module errno set:
 * EINVAL/EPROTOTYPE for bad options or a port out of range, EIO when the resolver
 * fails, ETIMEDOUT when `timeout` seconds pass first.
 */
export async function lookup(host: unknown, port: unknown, timeout: number | null, opts: GetaddrinfoOptions | null | undefined): Promise<AddrInfoEntry[] | null> {
  const hints = hintsOf(opts);
  if (hints === null) return null;
  const serv = service(port);
  if (serv === null) return invalid();
  const node = hostText(host);
  // Neither host nor service: glibc's EAI_NONAME, a resolver failure.
  if (serv === NONE && node === null) {
    setErrno(core.errno.EIO);
    return null;
  }
  let answer: core.AddrInfoResult | 'timeout';
  try {
    answer = await resolveWithin(node, serv === NONE ? '0' : serv, hints, timeout);
  } catch {
    // A host or service the resolver cannot take (an embedded NUL) fails as a lookup does.
    answer = { ok: false, code: 0, errno: 0, message: '' };
  }
  await afterPoll();
  if (answer === 'timeout') {
    setErrno(core.errno.ETIMEDOUT);
    return null;
  }
  if (!answer.ok) {
    setErrno(core.errno.EIO);
    return null;
  }
  setErrno(0);
  return answer.entries.map(addrInfoEntry);
}

/**
 * Resolves `host` and `port` (a number, a numeric string or a service name such as
 * `'http'`) on the thread pool, without blocking the event loop. Resolves with the
 * entries `{ host, family, type, protocol, port }` (`host` always numeric;
 * `canonname` too with `AI_CANONNAME`), or `null` with the module errno set:
 * `EINVAL`/`EPROTOTYPE` for a bad option, `EIO` when the resolver fails (an unknown
 * host or service). `host` null or `''` means loopback (the wildcard with
 * `AI_PASSIVE`); `timeout` is in seconds, infinite by default.
 *
 * Called as `getaddrinfo(host, port, options)` or `getaddrinfo(host, port, timeout, options)`.
 */
export function getaddrinfo(host: string | Uint8Array | null | undefined, port?: number | string | Uint8Array | null, options?: GetaddrinfoOptions | null): Promise<AddrInfoEntry[] | null>;
export function getaddrinfo(host: string | Uint8Array | null | undefined, port: number | string | Uint8Array | null | undefined, timeout: number | null | undefined, options?: GetaddrinfoOptions | null): Promise<AddrInfoEntry[] | null>;
export function getaddrinfo(host: unknown, port?: unknown, timeout?: unknown, options?: GetaddrinfoOptions | null): Promise<AddrInfoEntry[] | null> {
  return settle(() =>
    typeof timeout === 'object' && timeout !== null && (options === undefined || options === null)
      ? lookup(host, port, null, timeout as GetaddrinfoOptions)
      : lookup(host, port, secondsOrNone(timeout, 'getaddrinfo: timeout'), options),
  );
}
