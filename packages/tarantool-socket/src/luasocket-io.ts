// LuaSocket's receive and send as Tarantool emulates them, over the buffered reader
// and writer: patterns '*l', '*a' or a count, a prefix, the object's timeout, and
// strerror texts instead of LuaSocket's own.
import { Buffer } from 'node:buffer';
import * as core from '@sockport/core';
import { bufferedRead, checkDelimiter, checkInfinity, checkLimit } from './buffered-read.js';
import { bufferedWrite } from './buffered-write.js';
import { LIMIT_INFINITY } from './constants.js';
import { isTransient } from './errno.js';
import { describe, luaSub, numberToString, toNumber } from './lua.js';
import { deadlineOf, doWait } from './readiness.js';
import { checkSocket, errorText, type SocketBase } from './socket-base.js';
import { bytesArg } from './unbuffered-io.js';

/** What `receive` gives: the data, an error, or `'closed'` with the data received before the end. */
export type ReceiveResult = [Buffer] | [null, string] | [null, 'closed', Buffer];

/** A `receive` pattern: `'*l'` (a line, without its `\n`), `'*a'` (everything to the end) or a byte count. */
export type ReceivePattern = '*l' | '*a' | number;

const NEWLINE: readonly Uint8Array[] = [Buffer.from('\n')];

function prefixBytes(prefix: unknown): Uint8Array {
  // Tarantool's `prefix or ''`: false is no prefix too.
  if (prefix === undefined || prefix === null || prefix === false) return new Uint8Array(0);
  if (typeof prefix === 'number') return Buffer.from(numberToString(prefix));
  return bytesArg(prefix, 'receive: prefix');
}

async function receiveAll(self: SocketBase, prefix: Uint8Array): Promise<ReceiveResult> {
  const timeout = waitLimit(self._timeout);
  const parts: Uint8Array[] = [prefix];
  const deadline = deadlineOf(timeout);
  do {
    const data = await bufferedRead(self, LIMIT_INFINITY, timeout, checkInfinity);
    if (data === null) {
      if (!isTransient(self._errno)) return [null, errorText(self)!];
    } else if (data.length === 0) {
      break;
    } else {
      parts.push(data);
    }
  } while ((await doWait(self, core.READABLE, deadline - core.monotonic())) !== 0);
  if (parts.length === 1) return [null, 'closed', Buffer.concat(parts)];
  return [Buffer.concat(parts)];
}

/** @internal The settimeout value as the limit of a call that waits: false is none. */
export function waitLimit(timeout: number | null | false): number | null {
  return timeout === false ? null : timeout;
}

/** @internal LuaSocket's receive([pattern [, prefix]]), with the object's timeout. */
export async function receive(self: SocketBase, pattern: unknown, prefixValue: unknown): Promise<ReceiveResult> {
  checkSocket(self);
  const prefix = prefixBytes(prefixValue);
  const timeout = waitLimit(self._timeout);
  if (typeof pattern === 'number') {
    // math.huge reads to the end of the stream (the buffered reader caps the limit).
    if (!Number.isInteger(pattern) && pattern !== Infinity) throw new TypeError(`receive: a byte count must be an integer, got ${pattern}`);
    const data = await bufferedRead(self, pattern, timeout, checkLimit);
    if (data === null) return [null, errorText(self)!];
    if (data.length < pattern) return [null, 'closed', Buffer.concat([prefix, data])];
    return [Buffer.concat([prefix, data])];
  }
  if (pattern === '*l' || pattern === undefined || pattern === null) {
    const data = await bufferedRead(self, LIMIT_INFINITY, timeout, checkDelimiter, NEWLINE);
    if (data === null) return [null, errorText(self)!];
    // Only the '\n' goes: a '\r' before it stays (Tarantool, unlike LuaSocket).
    if (data.length > 0 && data[data.length - 1] === 0x0a) return [Buffer.concat([prefix, data.subarray(0, data.length - 1)])];
    return [null, 'closed', Buffer.concat([prefix, data])];
  }
  if (pattern === '*a') return receiveAll(self, prefix);
  throw new TypeError('Usage: socket:receive(pattern, [, prefix])');
}

function index(value: unknown, what: string): number {
  // NaN is a number to Lua: string.sub makes it INT_MIN, as any out-of-range index.
  const n = toNumber(value);
  if (n === undefined) throw new TypeError(`send: ${what} must be a number, got ${describe(value)}`);
  return n;
}

/**
 * @internal LuaSocket's send(data [, i [, j]]): writes `string.sub(data, i, j)` with the
 * object's timeout and returns `[i + sent - 1]` (i defaults to 1), or `[null, error]`.
 */
export async function send(self: SocketBase, data: unknown, i: unknown, j: unknown): Promise<[number] | [null, string]> {
  checkSocket(self);
  let bytes: Uint8Array;
  let first = 1;
  if (i !== undefined && i !== null) {
    first = index(i, 'i');
    const source = typeof data === 'number' ? Buffer.from(numberToString(data)) : bytesArg(data, 'send: data');
    bytes = luaSub(source, first, j === undefined || j === null ? -1 : index(j, 'j'));
  } else {
    bytes = bytesArg(data, 'send: data');
  }
  // Tarantool's socket_write does arithmetic on the timeout once there is data: false raises.
  if (self._timeout === false && bytes.length > 0) throw new TypeError('send: the timeout set with settimeout is false, not a number of seconds');
  const sent = await bufferedWrite(self, bytes, waitLimit(self._timeout));
  if (sent === null) return [null, errorText(self)!];
  return [first + sent - 1];
}
