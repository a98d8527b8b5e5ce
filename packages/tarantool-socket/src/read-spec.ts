// `read`'s first argument: a limit, a delimiter, or a `{chunk, delimiter}` table, as
// Tarantool's socket_read tells them apart.
import { Buffer } from 'node:buffer';
import { LIMIT_INFINITY } from './constants.js';
import { bufferedRead, checkDelimiter, checkLimit } from './buffered-read.js';
import { describe, secondsOrNone, truthy } from './lua.js';
import type { SocketBase } from './socket-base.js';

/** A delimiter: a string (UTF-8) or bytes, or a list of them (the match that ends first wins). */
export type Delimiter = string | Uint8Array | readonly (string | Uint8Array)[];

/** The `{options}` form of `read`: `chunk` (or `size`) caps the length, `delimiter` (or `line`) ends it early. */
export interface ReadOptions {
  /** The most bytes to return. */
  chunk?: number;
  /** `chunk`'s other name, used when `chunk` is not given. */
  size?: number;
  /** Ends the read after the first match (the match that ends first, for a list). */
  delimiter?: Delimiter;
  /** `delimiter`'s other name, used when `delimiter` is not given. */
  line?: Delimiter;
}

/** What `read` takes: a byte count, a delimiter, or {@link ReadOptions}. */
export type ReadSpec = number | string | Uint8Array | ReadOptions;

const USAGE = 'Usage: s:read(delimiter|chunk|{delimiter = x, chunk = x}, timeout)';

// The same delimiter text maps to the same array, so the buffer resumes its scan
// across calls instead of searching the whole buffer again.
const cache = new Map<string, readonly Uint8Array[]>();

function single(self: SocketBase, delimiter: string): readonly Uint8Array[] {
  // Most callers read with the same delimiter every time: keep the last one at hand.
  if (self._delimiter === delimiter) return self._delimiters!;
  let list = cache.get(delimiter);
  if (list === undefined) {
    if (cache.size >= 64) cache.clear();
    list = [Buffer.from(delimiter, 'utf8')];
    cache.set(delimiter, list);
  }
  self._delimiter = delimiter;
  self._delimiters = list;
  return list;
}

function delimiterList(value: readonly unknown[]): readonly Uint8Array[] {
  return value.map((d) => {
    if (typeof d === 'string') return Buffer.from(d, 'utf8');
    if (d instanceof Uint8Array) return d;
    throw new TypeError(`read: each delimiter must be a string or a Uint8Array, got ${describe(d)}`);
  });
}

function limitArg(value: unknown, what: string): number {
  if (typeof value !== 'number' || Number.isNaN(value) || (Number.isFinite(value) && !Number.isInteger(value)))
    throw new TypeError(`read: ${what} must be an integer, got ${describe(value)}`);
  return value;
}

/**
 * @internal Tarantool's socket_read: dispatches on the spec and reads. The caller has
 * checked the receiver.
 */
export function readSpec(self: SocketBase, spec: unknown, timeoutValue: unknown): Buffer | null | Promise<Buffer | null> {
  const timeout = secondsOrNone(timeoutValue, 'read: timeout');
  if (typeof spec === 'number') return bufferedRead(self, limitArg(spec, 'limit'), timeout, checkLimit);
  if (typeof spec === 'string') return bufferedRead(self, LIMIT_INFINITY, timeout, checkDelimiter, single(self, spec));
  if (spec instanceof Uint8Array) return bufferedRead(self, LIMIT_INFINITY, timeout, checkDelimiter, [spec]);
  if (typeof spec === 'object' && spec !== null && !Array.isArray(spec)) {
    const opts = spec as ReadOptions;
    const chunkValue = truthy(opts.chunk) ? opts.chunk : truthy(opts.size) ? opts.size : LIMIT_INFINITY;
    const chunk = limitArg(chunkValue, 'chunk');
    // Lua's `opts.delimiter or opts.line`: a false line is a delimiter of the wrong type.
    const delimiter = truthy(opts.delimiter) ? opts.delimiter : opts.line;
    if (delimiter === undefined || delimiter === null) return bufferedRead(self, chunk, timeout, checkLimit);
    if (typeof delimiter === 'string') return bufferedRead(self, chunk, timeout, checkDelimiter, single(self, delimiter));
    if (delimiter instanceof Uint8Array) return bufferedRead(self, chunk, timeout, checkDelimiter, [delimiter]);
    if (Array.isArray(delimiter)) return bufferedRead(self, chunk, timeout, checkDelimiter, delimiterList(delimiter));
  }
  throw new TypeError(USAGE);
}
