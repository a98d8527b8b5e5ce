// Waiting for a socket's readiness: readable, writable and wait (Tarantool's do_wait).
import * as core from '@sockport/core';
import { secondsOrNone } from './lua.js';
import { waitBegins, waitTicket, wakeFiber, wakeWithNextPoll } from './fiber-wake.js';
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
 * Tarantool wakes its waiters: the next call on it then raises. The Promise resolves
 * with `shape` of that outcome, in the same hop as a read woken by the same event.
 */
export function doWait<T = number>(self: SocketBase, mask: core.WaitMask, timeout: unknown, shape?: (bits: number) => T): Promise<T> {
  const sock = checkSocket(self);
  self._errno = null;
  const deadline = deadlineOf(secondsOrNone(timeout, 'timeout'));
  return new Promise<T>((resolve, reject) => {
    coioWait(
      sock,
      mask,
      deadline,
      (bits) => {
        let outcome = bits & core.CLOSED ? mask : bits;
        if (bits === 0) {
          self._errno = core.errno.ETIMEDOUT;
          outcome = 0;
        }
        resolve(shape === undefined ? (outcome as T) : shape(outcome));
      },
      reject,
    );
  });
}

/**
 * @internal Tarantool's coio_wait: the fiber always yields to the event loop, and wakes
 * when a poll finds the socket ready or the deadline passes, in the order Tarantool's
 * loop runs the fibers of one poll (see fiber-wake.ts). A socket that is ready already
 * wakes with the next poll, after what arrives until then, with what that poll finds.
 * `direct` marks iowait's own waits (see wakeFiber);
 * `since` is the wait's ticket, kept by a wait that goes on through another handle;
 * `intercept` may take a wake-up over before it is queued (true: taken).
 */
export function coioWait(
  sock: core.Socket,
  mask: core.WaitMask,
  deadline: number,
  done: (bits: number) => void,
  fail: (error: unknown) => void,
  direct = false,
  since = waitTicket(),
  intercept?: (bits: number) => boolean,
): void {
  const wake = (bits: number): void => {
    if (intercept === undefined || !intercept(bits)) wakeFiber(sock, done, bits, since, direct, mask, deadline);
  };
  const again = waitBegins(sock, mask);
  try {
    if (core.pollOnce(sock, mask) === 0) return sock.waitThen(mask, deadline, wake);
  } catch (error) {
    return fail(error);
  }
  // Tarantool adds the socket to epoll all the same, where it stays: its later events
  // are numbered from now on (see fiber-wake.ts). Only the order depends on it.
  try {
    sock.watch();
  } catch {
    // No poller to watch with: the next wait reports that.
  }
  wakeWithNextPoll(
    sock,
    (polled) => {
      try {
        // The poll's answer; asked again only when that poll could not ask.
        const now = polled >= 0 ? polled : core.pollOnce(sock, mask);
        if (now !== 0) done(now);
        else sock.waitThen(mask, deadline, wake);
      } catch (error) {
        fail(error);
      }
    },
    since,
    mask,
    direct,
    again,
  );
}

/** @internal Whether the socket turned readable before the timeout. */
export function readable(self: SocketBase, timeout: unknown): Promise<boolean> {
  return doWait(self, core.READABLE, timeout, isReady);
}

/** @internal Whether the socket turned writable before the timeout. */
export function writable(self: SocketBase, timeout: unknown): Promise<boolean> {
  return doWait(self, core.WRITABLE, timeout, isReady);
}

/** @internal `'R'`, `'W'` or `'RW'` when ready, the number 0 on timeout. */
export function wait(self: SocketBase, timeout: unknown): Promise<WaitResult> {
  return doWait(self, 3, timeout, waitName);
}

const isReady = (bits: number): boolean => bits !== 0;
const waitName = (bits: number): WaitResult => (bits === 0 ? 0 : (WAIT_NAMES[bits & 3] as 'R' | 'W' | 'RW'));

/** @internal The `'R'`/`'W'`/`'RW'`/`''` text of readiness bits. */
export function bitsName(bits: number): '' | 'R' | 'W' | 'RW' {
  return WAIT_NAMES[bits & 3]!;
}
