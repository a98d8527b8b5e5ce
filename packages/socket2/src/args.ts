// Argument checks. The original raises for arguments the ffi cannot convert; the port
// raises a TypeError in Lua's own words, naming the function, the argument and what
// it expected: "bad argument #2 to 'recv' (maxlen: expected an integer, got string)".
import { Buffer } from 'node:buffer';
import { cInt, describe, toNumber, truthy } from './lua.js';

/** Throws the TypeError for argument number `n` of `fn`. */
export function badArgument(n: number, fn: string, why: string): never {
  throw new TypeError(`bad argument #${n} to '${fn}' (${why})`);
}

/**
 * A length, as the original's C int argument takes it (the fraction cut off); one that
 * is negative as an int raises, where the original would read or write out of bounds.
 */
export function checkCount(value: unknown, n: number, fn: string, name: string): number {
  // The FFI takes a boolean for an int too: true is 1, false 0.
  const count = typeof value === 'number' ? cInt(value) : typeof value === 'boolean' ? Number(value) : -1;
  if (count < 0) badArgument(n, fn, `${name}: expected a non-negative integer, got ${typeof value === 'number' ? value : describe(value)}`);
  return count;
}

/** Optional message flags for send/recv: a number (as a C int), 0 when absent (or false). */
export function checkFlags(value: unknown, n: number, fn: string): number {
  if (!truthy(value)) return 0;
  if (value === true) return 1; // the FFI's int of true: MSG_OOB
  if (typeof value !== 'number') badArgument(n, fn, `flags: expected a number, got ${describe(value)}`);
  // The C int argument, as the FFI makes it (2^31 is INT_MIN, a bit the kernel ignores).
  return cInt(value);
}

/**
 * A time in seconds (an `expires` clock value, a sleep, a timeout): a number or a
 * numeric string as in Lua arithmetic. Absent (Lua false too, for `expires`) is null.
 */
export function checkTime(value: unknown, n: number, fn: string, name: string): number | null {
  if (!truthy(value)) return null;
  const t = toNumber(value);
  if (t === undefined || Number.isNaN(t)) badArgument(n, fn, `${name}: expected a number of seconds, got ${describe(value)}`);
  return t;
}

/** Outgoing data: a string (sent as UTF-8) or bytes. */
export function checkData(value: unknown, n: number, fn: string): Uint8Array {
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  if (value instanceof Uint8Array) return value;
  return badArgument(n, fn, `expected a string or a Uint8Array, got ${describe(value)}`);
}

/** How many of `data`'s bytes to send: `maxlen`, or (absent or false) all of them. */
export function checkSendLength(data: Uint8Array, maxlen: unknown, n: number, fn: string): number {
  if (!truthy(maxlen)) return data.byteLength;
  const len = checkCount(maxlen, n, fn, 'maxlen');
  if (len > data.byteLength) badArgument(n, fn, `maxlen ${len} exceeds the data's ${data.byteLength} bytes`);
  return len;
}

/** A receive buffer and how much of it to fill. */
export function checkRecvBuffer(buf: unknown, maxlen: unknown, fn: string): number {
  if (!(buf instanceof Uint8Array)) badArgument(1, fn, `buf: expected a Uint8Array, got ${describe(buf)}`);
  const len = checkCount(maxlen, 2, fn, 'maxlen');
  if (len > buf.byteLength) badArgument(2, fn, `maxlen ${len} exceeds the buffer's ${buf.byteLength} bytes`);
  return len;
}
