// socket.iowait: waiting on any descriptor of the process by number, and its sleep form.
import * as core from '@sockport/core';
import { TIMEOUT_INFINITY } from './constants.js';
import { describe, lowInt32, seconds, toNumber } from './lua.js';
import { afterDeadDescriptor, sleepUntil, waitTicket } from './fiber-wake.js';
import { bitsName, coioWait, deadlineOf } from './readiness.js';
import { settle } from './settle.js';

const USAGE = "Usage: iowait(fd, 1 | 'r' | 2 | 'w' | 3 | 'rw' [, timeout])";

/** The directions `iowait` waits for: 1 (read), 2 (write), 3 (both), or a string of `r`/`R`/`w`/`W`. */
export type IowaitEvents = 1 | 2 | 3 | 'R' | 'W' | 'RW' | 'r' | 'w' | 'rw' | 'WR' | 'wr' | (string & {}) | (number & {});

// The mask of an events argument, or 0 when it is not one.
function eventsMask(events: unknown): number {
  if (typeof events === 'number') {
    // The C binding's int: 2^32+1 is 1, 2^31+2 negative.
    const n = lowInt32(events);
    return n >= 1 && n <= 3 ? n : 0;
  }
  if (typeof events !== 'string' || events.length === 0) return 0;
  let mask = 0;
  for (const c of events) {
    if (c === 'r' || c === 'R') mask |= core.READABLE;
    else if (c === 'w' || c === 'W') mask |= core.WRITABLE;
    else return 0;
  }
  return mask;
}


// A descriptor number. 2.6 takes any number's low 32 bits, so NaN, the infinities and
// 2^32+1 wait on descriptor 0 or 1: refused here, as a number no descriptor has.
function fdArg(fd: unknown): number | null {
  if (fd === undefined || fd === null) return null;
  const n = toNumber(fd);
  if (n === undefined || !Number.isFinite(n) || Math.abs(n) >= 2 ** 31)
    throw new TypeError(`iowait: fd must be a descriptor number, got ${describe(fd)}`);
  return Math.trunc(n);
}

/**
 * Waits until descriptor `fd` is ready for reading or writing, or until `timeout`
 * seconds pass (infinite by default; zero or negative polls once).
 *
 * - With a numeric mask (1 read, 2 write, 3 both) it resolves with the ready bits
 *   within the mask, or 0 on timeout.
 * - With a string mask of `r`/`R`/`w`/`W` it resolves with `'R'`, `'W'`, `'RW'`, or
 *   `''` on timeout.
 * - With fd and mask both null (fd may also be negative) it just sleeps for `timeout`
 *   and resolves with nothing.
 *
 * Any other combination rejects with Tarantool's usage error. A descriptor that is not
 * open counts as ready in both directions (3, `'RW'`), as in Tarantool.
 *
 * @example
 * ```ts
 * await socket.iowait(sock.fd(), 'R', 1.11); // 'R', or '' after 1.11 s
 * ```
 */
export function iowait(fd: number | string | null | undefined, events: IowaitEvents | null | undefined, timeout?: number | string | null): Promise<number | '' | 'R' | 'W' | 'RW' | undefined>;
export function iowait(...args: unknown[]): Promise<number | string | undefined> {
  return settle(() => waitOn(args));
}

function waitOn(args: unknown[]): Promise<number | string | undefined> {
  if (args.length < 2) throw new TypeError(USAGE);
  const [fdValue, events, timeoutValue] = args;
  const fd = fdArg(fdValue);
  const timeout = seconds(timeoutValue, 'iowait: timeout');
  if ((fd === null || fd < 0) && (events === undefined || events === null))
    return sleepUntil(core.monotonic() + (timeout ?? TIMEOUT_INFINITY)).then(() => undefined);
  const mask = eventsMask(events);
  if (fd === null || fd < 0 || mask === 0) throw new TypeError(USAGE);
  const shape = (ready: number): number | string => (typeof events === 'number' ? ready : bitsName(ready));
  // This thread's own socket waits through its handle; any other descriptor is watched
  // through a borrowed one for the time of the wait.
  const own = core.Socket.watchedByFd(fd);
  const sock = own ?? core.Socket.borrow(fd);
  // A descriptor that is not open wakes Tarantool's watcher with every event (libev
  // drops the fd and reports both directions), whatever was asked, in the loop's next
  // poll (see afterDeadDescriptor).
  if (sock === -core.errno.EBADF) return afterDeadDescriptor().then(() => shape(core.READABLE | core.WRITABLE));
  if (typeof sock === 'number') throw new core.SysError(-sock);
  const deadline = deadlineOf(timeout);
  const since = waitTicket();
  // The handle this wait borrowed, if any: the one it closes when it is done.
  const borrowed = own === undefined ? sock : undefined;
  return new Promise((resolve, reject) => {
    const through = (handle: core.Socket): void => {
      const done = (bits: number): void => {
        if (handle === borrowed) handle.close();
        // The descriptor's own socket began to wait, which takes the watch from a
        // borrowed handle: the wait goes on through that socket, in its place.
        const owner = bits & core.CLOSED ? core.Socket.watchedByFd(fd) : undefined;
        if (owner !== undefined && owner !== handle) return through(owner);
        // A socket closed meanwhile wakes the wait with nothing ready, as in Tarantool.
        resolve(shape(bits & core.CLOSED ? 0 : bits & mask));
      };
      const fail = (error: unknown): void => {
        if (handle === borrowed) handle.close();
        reject(error);
      };
      // The descriptor's own socket took the watch from the borrowed handle: the wait
      // moves to it at once, keeping its place (its ticket), so that the poll that wakes
      // the socket's waiters wakes this one too, in turn.
      const evicted = (bits: number): boolean => {
        // Not a close of the descriptor: the owner registers itself right after.
        if (!(bits & core.CLOSED) || handle !== borrowed || handle.closedByOwner) return false;
        queueMicrotask(() => {
          const owner = core.Socket.watchedByFd(fd);
          if (owner === undefined || owner === handle) return done(bits);
          handle.close();
          through(owner);
        });
        return true;
      };
      coioWait(handle, mask as core.WaitMask, deadline, done, fail, true, since, evicted);
    };
    through(sock);
  });
}
