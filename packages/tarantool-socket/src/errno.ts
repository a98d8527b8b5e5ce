// The process-wide errno of Tarantool's `errno` module: the C errno that the module's
// calls without a socket (socket(), tcp_connect, getaddrinfo, tcp_server) report
// through, and that every failing syscall also sets, as in C.
import * as core from '@sockport/core';
import { describe, luaInt, toNumber } from './lua.js';

let current = 0;

/** @internal Sets the module-level errno (what a failing syscall does to C's errno). */
export function setErrno(n: number): void {
  current = n;
}

/** @internal The module-level errno. */
export function getErrno(): number {
  return current;
}

const TRANSIENT = new Set([core.errno.EAGAIN, core.errno.EWOULDBLOCK, core.errno.EINTR]);

/** @internal Whether an errno only means "not now" (EAGAIN, EWOULDBLOCK, EINTR): Tarantool retries those. */
export function isTransient(n: number | null): boolean {
  return n !== null && TRANSIENT.has(n);
}

/** The errno names the core lists, plus any other `E*` name this platform defines. */
export type ErrnoNames = { readonly [K in keyof core.ErrnoTable as string extends K ? never : K]: core.ErrnoTable[K] } & {
  readonly [name: `E${string}`]: number | undefined;
};

/**
 * Tarantool's `errno` module: `errno()` reads the last errno, `errno(n)` sets it and
 * returns the previous value, `errno.strerror(n?)` gives glibc's text for `n` (the
 * current errno when omitted), and `errno.EAGAIN`, `errno.ECONNREFUSED`, ... are the
 * platform's numbers.
 */
export interface ErrnoModule extends ErrnoNames {
  /** The current errno (0 when no call has failed). */
  (): number;
  /** Sets the errno to `n` (converted as the FFI does: a boolean is 1 or 0, an out-of-range number INT_MIN) and returns the previous value. */
  (n: number | boolean): number;
  /** glibc's `strerror` text of `n` (a number or numeric text), or of the current errno when `n` is omitted. */
  strerror(n?: number | string): string;
}

// The FFI's conversion of an errno into a C int: a number is cut to an integer (one out
// of the int range, NaN included, is INT_MIN), a boolean is 1 or 0, anything else raises.
function errnoInt(n: unknown, what: string): number {
  if (typeof n === 'boolean') return n ? 1 : 0;
  if (typeof n !== 'number') throw new TypeError(`${what} must be an errno number, got ${describe(n)}`);
  return luaInt(n);
}

function errnoFunction(n?: number | boolean): number {
  const previous = current;
  if (n !== undefined) current = errnoInt(n, 'errno(n)');
  return previous;
}

function strerror(n?: number | string): string {
  // Tarantool's strerror(tonumber(n)): a numeric string counts, and what tonumber makes
  // nil of (a boolean, other text) raises.
  if (n === undefined || n === null) return core.strerror(current);
  const value = typeof n === 'number' ? n : typeof n === 'string' ? toNumber(n) : undefined;
  if (value === undefined) throw new TypeError(`errno.strerror(n) must be an errno number, got ${describe(n)}`);
  return core.strerror(errnoInt(value, 'errno.strerror(n)'));
}

/**
 * The module-level errno (Lua `require('errno')`). Calls that have no socket to hold
 * an error report through it: `socket()`, `tcp_connect`, `getaddrinfo`, `tcp_server`
 * and LuaSocket's `connect`/`bind`.
 *
 * @example
 * ```ts
 * const s = await socket.tcp_connect('127.0.0.1', 9);
 * if (s === null) console.log(errno(), errno.strerror()); // 111 'Connection refused'
 * ```
 */
export const errno: ErrnoModule = Object.assign(
  errnoFunction,
  core.errno,
  // glibc's ENOTSUP is EOPNOTSUPP; Tarantool's errno module lists both names.
  { ENOTSUP: core.errno.ENOTSUP ?? core.errno.EOPNOTSUPP, strerror },
) as unknown as ErrnoModule;
