// Flag arguments given by name: one name, or a list of names, from a constant table.
import { describe } from './lua.js';

/** One `MSG_*` name, or a list of them; names are checked at run time. */
export type FlagNames = string | readonly string[];

/**
 * Tarantool's get_iflags: the OR of the named flags (0 for none), or null when a name is
 * unknown or the argument is not a name or a list of names (a number included).
 */
export function flagBits(table: Readonly<Record<string, number>>, flags: unknown): number | null {
  if (flags === undefined || flags === null) return 0;
  const names: readonly unknown[] = Array.isArray(flags) ? flags : [flags];
  let bits = 0;
  for (const name of names) {
    const bit = typeof name === 'string' && Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
    if (bit === undefined) return null;
    bits |= bit;
  }
  return bits;
}

/** @internal The TypeError for flags that are not names from the table (where the original raises). */
export function flagsError(method: string, flags: unknown): TypeError {
  return new TypeError(`${method}: flags must be a MSG_* name or a list of them, got ${describe(flags)}`);
}
