// Waiting for a socket's readiness: readable, writable and wait (Tarantool's do_wait).
import * as core from '@sockport/core';
import { secondsOrNone } from './lua.js';
import { checkSocket, type SocketBase } from './socket-base.js';

const WAIT_NAMES = ['', 'R', 'W', 'RW'] as const;

/** What `wait()` gives: the ready directions, or the number 0 on timeout. */
export type WaitResult = 'R' | 'W' | 'RW' | 0;

/** @internal A deadline on the monotonic clock for a timeout in seconds (null: none). */
export function deadlineOf(timeout: number | null): number {
  return timeout === null ? Infinity : core.monotonic() + timeout;
}

/**
 * @internal Waits until the socket is ready in a direction of `mask`, or the timeout
 * passes (0, with errno ETIMEDOUT). A socket closed meanwhile counts as ready, as
 * Tarantool wakes its waiters: the next call on it then raises.
 */
export async function doWait(self: SocketBase, mask: core.WaitMask, timeout: unknown): Promise<number> {
  const sock = checkSocket(self);
  self._errno = 0;
  const bits = await sock.wait(mask, deadlineOf(secondsOrNone(timeout, 'timeout')));
  if (bits === 0) {
    self._errno = core.errno.ETIMEDOUT;
    return 0;
  }
  return bits & core.CLOSED ? mask : bits;
}

/** @internal Whether the socket turned readable before the timeout. */
export async function readable(self: SocketBase, timeout: unknown): Promise<boolean> {
  return (await doWait(self, core.READABLE, timeout)) !== 0;
}

/** @internal Whether the socket turned writable before the timeout. */
export async function writable(self: SocketBase, timeout: unknown): Promise<boolean> {
  return (await doWait(self, core.WRITABLE, timeout)) !== 0;
}

/** @internal `'R'`, `'W'` or `'RW'` when ready, the number 0 on timeout. */
export async function wait(self: SocketBase, timeout: unknown): Promise<WaitResult> {
  const bits = await doWait(self, 3, timeout);
  return bits === 0 ? 0 : (WAIT_NAMES[bits & 3] as 'R' | 'W' | 'RW');
}

/** @internal The `'R'`/`'W'`/`'RW'`/`''` text of readiness bits. */
export function bitsName(bits: number): '' | 'R' | 'W' | 'RW' {
  return WAIT_NAMES[bits & 3]!;
}
