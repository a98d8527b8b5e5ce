// Lua's value rules, where the module's Lua code relies on them: truthiness, tostring
// of numbers, arithmetic coercion of numeric strings, and string.sub's indices.
import { cInt, luajitNumber, luajitNumberText } from '@sockport/core';

/** Lua truth: only null, undefined and false are false (0 and '' are true). */
export function truthy(value: unknown): boolean {
  return value !== null && value !== undefined && value !== false;
}

/** LuaJIT's `tostring(n)`: C's `%.14g`, with `inf`, `-inf` and `nan`. */
export const numberToString = luajitNumberText;

/**
 * Lua's `tostring` for the values the module passes through it (hosts, ports, data):
 * strings as they are, numbers as `%.14g`, nil as `'nil'`, booleans as words.
 * Anything else has no useful text and is refused.
 */
export function luaToString(value: unknown, what: string): string {
  const t = typeof value;
  if (value != null && t !== 'string' && t !== 'number' && t !== 'boolean') throw new TypeError(`${what} must be a string or a number, got ${describe(value)}`);
  return luaText(value);
}

/**
 * Lua's arithmetic coercion as Tarantool's LuaJIT makes it: a number, or a string that
 * reads as one (`' 5 '`, `'0x10'`, `'0x1p-4'`, `'0b11'`, `'1e3'`, `'inf'`), as a
 * number; anything else as undefined.
 */
export const toNumber = luajitNumber;

/**
 * A timeout argument in seconds: null/undefined means "none" (null); numbers and
 * numeric strings count, as in Lua arithmetic; anything else is a TypeError.
 */
export function seconds(value: unknown, what: string): number | null {
  if (value === null || value === undefined) return null;
  const n = toNumber(value);
  if (n === undefined || Number.isNaN(n)) throw new TypeError(`${what} must be a number of seconds, got ${describe(value)}`);
  return n;
}

/**
 * A timeout that Tarantool reads as `timeout or TIMEOUT_INFINITY`: `false`, like nil, is
 * no limit (`write`, which tests for nil only, uses {@link seconds}).
 */
export function secondsOrNone(value: unknown, what: string): number | null {
  return value === false ? null : seconds(value, what);
}

/** Lua's `string.sub(s, i, j)` on bytes: 1-based, negative counts from the end, j inclusive. */
export function luaSub(bytes: Uint8Array, i: number, j = -1): Uint8Array {
  const len = bytes.length;
  // LuaJIT makes each index an int32 first (truncating), then applies the rules.
  let start = luaInt(i);
  let end = luaInt(j);
  if (end < 0) end += len + 1;
  else if (end > len) end = len;
  if (start < 0) start += len + 1;
  if (start < 1) start = 1;
  return start > end ? bytes.subarray(0, 0) : bytes.subarray(start - 1, end);
}

/** @internal A number as LuaJIT's library functions and FFI take an int (x86-64's conversion). */
export const luaInt = cInt;

/**
 * @internal A number as Tarantool's C bindings read an int with lua_tointeger: the
 * fraction cut off, then the low 32 bits of the 64-bit integer, which is INT64_MIN (low
 * bits 0) for NaN, the infinities and what it cannot hold.
 */
export function lowInt32(n: number): number {
  return Number.isFinite(n) && Math.abs(n) < 2 ** 63 ? n | 0 : 0;
}

/**
 * A value as Lua's tostring shows it in a message: nil, true, 5, 0.5, the text itself;
 * anything else (a table's address in Lua) as {@link describe} does.
 */
export function luaText(value: unknown): string {
  if (value === null || value === undefined) return 'nil';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return numberToString(value);
  if (typeof value === 'string') return value;
  return describe(value);
}

/** @internal A host or port as `host .. ':' .. port` joins it: numbers as `%.14g`, anything else as its text. */
export function concatText(value: unknown): string {
  return typeof value === 'number' ? numberToString(value) : String(value);
}

/** A short description of a value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof Uint8Array) return 'bytes';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'string' ? `'${value}'` : typeof value === 'number' ? String(value) : typeof value;
}
