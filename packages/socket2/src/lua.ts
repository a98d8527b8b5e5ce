// Lua's value rules where socket2's Lua code relies on them: truthiness and the
// arithmetic coercion of numeric strings (`time.clock() + s` takes '0.5').
import { luajitNumber } from '@sockport/core';

/** Lua truth: only null, undefined and false are false (0 and '' are true). */
export function truthy(value: unknown): boolean {
  return value !== null && value !== undefined && value !== false;
}

/**
 * Lua's arithmetic coercion as LuaJIT makes it: a number, or a string that reads as one
 * (`' 5 '`, `'0x10'`, `'-0x1p-4'`, `'1e3'`, `'inf'`), as a number; anything else as
 * undefined.
 */
export const toNumber = luajitNumber;

/** A number as LuaJIT's FFI stores it in a C `int` (an argument or a field). */
export { cInt } from '@sockport/core';

/** A short description of a value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof Uint8Array) return 'bytes';
  if (Array.isArray(value)) return 'array';
  if (Number.isNaN(value)) return 'NaN';
  return typeof value;
}

/** Lua's `type()` of a value as the port passes it: nil, string, table, cdata (bytes), ... */
export function luaType(value: unknown): string {
  if (value === null || value === undefined) return 'nil';
  if (value instanceof Uint8Array) return 'cdata';
  if (typeof value === 'object') return 'table';
  if (typeof value === 'bigint') return 'number';
  return typeof value;
}
