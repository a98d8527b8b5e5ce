// Socket options: setsockopt/getsockopt over Tarantool's option table, linger and nonblock.
import { Buffer } from 'node:buffer';
import * as core from '@sockport/core';
import { SO_OPT, SOL_SOCKET, type OptionInfo } from './constants.js';
import { getErrno, setErrno } from './errno.js';
import { describe, luaInt, luaText, truthy } from './lua.js';
import { getprotobyname } from './protocols.js';
import { checkSocket, fail, succeeded, type SocketBase } from './socket-base.js';

/** An option level: a number, `'SOL_SOCKET'`/`'socket'`, or a protocol (`'tcp'`, `'IPPROTO_TCP'`, `'SOL_TCP'`). */
export type OptionLevel = 'SOL_SOCKET' | 'socket' | 'IPPROTO_TCP' | 'SOL_TCP' | 'tcp' | (string & {}) | number;

// SO_RCVTIMEO/SO_SNDTIMEO travel as a struct timeval (Tarantool passes an int, which
// the kernel always refuses): the value is seconds.
const TIMEVAL_OPTIONS = new Set(['SO_RCVTIMEO', 'SO_SNDTIMEO']);

// A level as Tarantool's getsol resolves it, or null with the errno set (the module's,
// copied to the socket's): EINVAL for a non-name, EPROTOTYPE for an unknown name.
function level(self: SocketBase, value: unknown): number | null {
  if (typeof value === 'number') return value;
  let resolved: number | null;
  if (typeof value !== 'string') {
    setErrno(core.errno.EINVAL);
    resolved = null;
  } else if (value === 'SOL_SOCKET' || value === 'socket') {
    resolved = SOL_SOCKET;
  } else {
    // Lua's level:match('IPPROTO_([A-Z]*)') or level:match('SOL_([A-Z]*)') or level
    const m = /IPPROTO_([A-Z]*)/.exec(value) ?? /SOL_([A-Z]*)/.exec(value);
    resolved = getprotobyname((m !== null ? m[1]! : value).toLowerCase());
  }
  if (resolved === null) self._errno = getErrno();
  return resolved;
}

function optionInfo(lvl: number, name: unknown): OptionInfo {
  if (typeof name === 'number') throw new TypeError(`socket option name must be a string, got ${name}`);
  const table = SO_OPT[lvl];
  const info = typeof name === 'string' && table !== undefined && Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
  if (info === undefined) {
    throw new TypeError(`Unknown socket option name: ${luaText(name)}`);
  }
  return info;
}

function intValue(value: unknown): number {
  if (typeof value === 'boolean') return value ? 1 : 0;
  // The FFI's conversion: out of the int32 range (NaN, infinities included) is INT_MIN.
  if (typeof value === 'number') return luaInt(value);
  throw new TypeError(`setsockopt: value must be a number or a boolean, got ${describe(value)}`);
}

/**
 * @internal setsockopt(2): true, false with errno (a failed call, or a level that does
 * not resolve), or a raise for an unknown or read-only option.
 */
export function setsockopt(self: SocketBase, levelName: unknown, name: unknown, value: unknown): boolean {
  const sock = checkSocket(self);
  const lvl = level(self, levelName);
  if (lvl === null) return false;
  const info = optionInfo(lvl, name);
  if (!info.rw) throw new TypeError(`Socket option ${String(name)} is read only`);
  self._errno = null;
  let rc: number;
  if (TIMEVAL_OPTIONS.has(name as string)) {
    const secs = typeof value === 'boolean' ? (value ? 1 : 0) : value;
    if (typeof secs !== 'number' || !Number.isFinite(secs)) throw new TypeError(`setsockopt: ${String(name)} takes a number of seconds, got ${describe(value)}`);
    rc = secs < 0 ? -core.errno.EDOM : sock.setsockoptRaw(lvl, info.iname, 'seconds', secs);
  } else if (info.type === 1) {
    rc = sock.setsockoptRaw(lvl, info.iname, 'int', intValue(value));
  } else if (value === undefined || value === null) {
    // The FFI passes nil as a NULL pointer, which the kernel refuses.
    rc = -core.errno.EFAULT;
  } else {
    if (typeof value !== 'string' && !(value instanceof Uint8Array)) throw new TypeError(`setsockopt: ${String(name)} takes a string, got ${describe(value)}`);
    // The string's bytes with #value as the length, as the FFI passes them: a NUL in
    // them is the kernel's to judge.
    rc = sock.setsockoptRaw(lvl, info.iname, 'bytes', typeof value === 'string' ? Buffer.from(value, 'utf8') : value);
  }
  return succeeded(self, rc);
}

/**
 * @internal getsockopt(2): the value (a number, or a string for SO_BINDTODEVICE), null
 * with errno for a failed call, false with errno for a level that does not resolve, or
 * a raise for an unknown option and for SO_LINGER/TCP_INFO.
 */
export function getsockopt(self: SocketBase, levelName: unknown, name: unknown): number | string | null | false {
  const sock = checkSocket(self);
  const lvl = level(self, levelName);
  if (lvl === null) return false;
  const info = optionInfo(lvl, name);
  self._errno = null;
  let got: core.OptionResult<unknown>;
  if (TIMEVAL_OPTIONS.has(name as string)) got = sock.getsockoptRaw(lvl, info.iname, 'seconds');
  // An int into 4 bytes, as Tarantool reads it: the kernel cuts a longer value
  // (SO_PEERCRED gives the pid, TCP_CONGESTION the first bytes of its name).
  else if (info.type === 1) got = sock.getsockoptRaw(lvl, info.iname, 'bytes', 4);
  else if (info.type === 2) got = sock.getsockoptRaw(lvl, info.iname, 'bytes');
  else throw new TypeError(name === 'SO_LINGER' ? 'Use s:linger()' : `Unsupported socket option: ${String(name)}`);
  if (!got.ok) {
    fail(self, -got.errno);
    return null;
  }
  if (typeof got.value === 'number') return got.value; // seconds
  const bytes = got.value as Uint8Array;
  if (info.type === 1) {
    // Tarantool raises when the kernel gave less (TCP_SAVED_SYN with nothing saved gives none).
    if (bytes.length !== 4) throw new Error(`getsockopt: ${String(name)} gave ${bytes.length} bytes, not an int`);
    return new Int32Array(Uint8Array.from(bytes).buffer)[0]!;
  }
  // A string option comes back with exactly the bytes the kernel gave.
  return Buffer.from(bytes).toString('utf8');
}

/**
 * @internal SO_LINGER: with no argument, `[on, seconds]`; otherwise sets it (any truthy
 * `active`, 0 included, turns it on) and echoes the arguments as given. `[null]` with
 * errno when the call fails.
 */
export function linger<A, T>(self: SocketBase, active: A, timeout: T): [A | boolean, NonNullable<T> | number] | [null] {
  const sock = checkSocket(self);
  self._errno = null;
  const SO_LINGER = SO_OPT[SOL_SOCKET]!.SO_LINGER!.iname;
  if (active === undefined || active === null) {
    const got = sock.getsockoptRaw(SOL_SOCKET, SO_LINGER, 'linger');
    if (!got.ok) {
      fail(self, -got.errno);
      return [null];
    }
    const value = got.value as core.Linger;
    return [value.on, value.seconds];
  }
  const given: NonNullable<T> | number = timeout === undefined || timeout === null ? 0 : timeout;
  // The FFI's conversion into the C int: a boolean is 1 or 0; out of its range (NaN,
  // infinities) is INT_MIN.
  const secs = typeof given === 'boolean' ? Number(given) : given;
  if (typeof secs !== 'number') throw new TypeError(`linger: timeout must be a number or a boolean, got ${describe(timeout)}`);
  const rc = sock.setsockoptRaw(SOL_SOCKET, SO_LINGER, 'linger', { on: truthy(active), seconds: luaInt(secs) });
  if (rc !== 0) {
    fail(self, rc);
    return [null];
  }
  return [active, given];
}

/**
 * @internal O_NONBLOCK: null/undefined queries it; any truthy value (0 included) sets
 * it, false clears it. Returns the resulting flag, or null with errno.
 */
export function nonblock(self: SocketBase, flag: unknown): boolean | null {
  const sock = checkSocket(self);
  self._errno = null;
  let rc: number | boolean;
  if (flag === undefined || flag === null) rc = sock.getNonblock();
  else {
    const on = truthy(flag);
    const set = sock.setNonblock(on);
    rc = set < 0 ? set : on;
  }
  if (typeof rc === 'boolean') return rc;
  fail(self, rc);
  return null;
}
