// The buffered reader behind `read` and LuaSocket's `receive`: Tarantool's read() over
// the core's read-ahead buffer, answering synchronously whenever no wait is needed.
import * as core from '@sockport/core';
import { LIMIT_INFINITY, READAHEAD } from './constants.js';
import { isTransient } from './errno.js';
import { waitBegins, waitTicket, wakeFiber } from './fiber-wake.js';
import { newReadBuffer } from './ibuf.js';
import { coioWait, deadlineOf } from './readiness.js';
import { closedError, fail, type SocketBase } from './socket-base.js';

/**
 * @internal How many buffered bytes answer the request now, or -1 to read on. Each is
 * one of Tarantool's check functions.
 */
export type Check = (rbuf: core.ReadBuffer, limit: number, delimiters: readonly Uint8Array[]) => number;

/** @internal Exactly `limit` bytes. */
export const checkLimit: Check = (rbuf, limit) => (rbuf.length >= limit ? limit : -1);

/** @internal Whatever is buffered, once something is (LuaSocket's `'*a'` chunks). */
export const checkInfinity: Check = (rbuf, limit) => (limit === 0 ? 0 : rbuf.length === 0 ? -1 : rbuf.length);

/** @internal Up to the delimiter match that ends first if it ends within `limit`, else `limit` bytes. */
export const checkDelimiter: Check = (rbuf, limit, delimiters) => {
  if (limit === 0) return 0;
  if (rbuf.length === 0) return -1;
  const end = delimiters.length > 0 ? rbuf.findDelimiter(delimiters) : -1;
  if (end >= 0 && end <= limit) return end;
  return limit <= rbuf.length ? limit : -1;
};

const NONE: readonly Uint8Array[] = [];

// A read waiting for readability: what it resumes with, and how it settles its
// promise. Each socket keeps one for its reads (a second concurrent read gets its own),
// so a wait allocates no callbacks.
/** @internal */
export class Waiting {
  busy = false;
  self!: SocketBase;
  rbuf!: core.ReadBuffer;
  limit = 0;
  check!: Check;
  delimiters!: readonly Uint8Array[];
  deadline = 0;
  /** When the wait began (see waitTicket). */
  since = 0;
  #resolve: (value: Buffer | null | Promise<Buffer | null>) => void = noop;
  #reject: (error: unknown) => void = noop;

  /** The Promise's executor. */
  readonly keep = (resolve: (value: Buffer | null | Promise<Buffer | null>) => void, reject: (error: unknown) => void): void => {
    this.#resolve = resolve;
    this.#reject = reject;
  };

  /** The reactor's callback (see Socket.ioReadyThen): the fiber wakes in Tarantool's order. */
  readonly wake = (bits: number): void => wakeFiber(this.self._sock, this.resume, bits, this.since, false, core.READABLE, this.deadline);

  /** The wait failed to start: rejects the read. */
  readonly fail = (error: unknown): void => {
    const reject = this.#reject;
    this.#resolve = this.#reject = noop;
    this.busy = false;
    reject(error);
  };

  /** The wait is over: reads on, and settles the read. */
  readonly resume = (bits: number): void => {
    const resolve = this.#resolve;
    const reject = this.#reject;
    this.#resolve = this.#reject = noop;
    this.busy = false;
    try {
      resolve(resumed(bits, this.self, this.rbuf, this.limit, this.check, this.delimiters, this.deadline));
    } catch (error) {
      reject(error);
    }
  };
}

function noop(): void {}

// The socket's Waiting for a read that is about to wait (a second concurrent read gets
// its own).
function waiting(self: SocketBase, rbuf: core.ReadBuffer, limit: number, check: Check, delimiters: readonly Uint8Array[], deadline: number): Waiting {
  let w = self._waiting;
  if (w === undefined) w = self._waiting = new Waiting();
  else if (w.busy) w = new Waiting();
  w.self = self;
  w.rbuf = rbuf;
  w.limit = limit;
  w.check = check;
  w.delimiters = delimiters;
  w.deadline = deadline;
  w.since = waitTicket();
  return w;
}

// Reads while the kernel has data, then answers: the bytes, null on error (errno set),
// or a Promise when it has to wait for readability. As Tarantool's, it makes one
// read(2) before it waits (`force`), whatever the reactor believes: data may have come
// since the reactor last looked, and another fiber's wait must not make this read miss
// it. Only a read(2) the core proves would give EAGAIN is skipped (see bufferedRead
// and Socket.drained). After an EAGAIN it goes through the core's ioReadyThen, which
// skips read(2)s the reactor knows would find nothing; it yields when this socket has
// had its share of the event loop's turn, and its callback goes on reading right where
// the reactor reports readiness (one Promise per wait, settled once the answer is in).
//
// `lastTry`: woken ready at or past the deadline, a read that would still block ends
// the read with the timeout. 2.6 reads on for good there, spinning, when the socket polls
// ready while its read would block (a datagram socket whose reading side is shut down:
// README, deviation 22).
function pull(
  self: SocketBase,
  rbuf: core.ReadBuffer,
  limit: number,
  check: Check,
  delimiters: readonly Uint8Array[],
  deadline: number,
  force: boolean,
  lastTry = false,
): Buffer | null | Promise<Buffer | null> {
  const sock = self._sock;
  for (;;) {
    if (!force) {
      const w = waiting(self, rbuf, limit, check, delimiters, deadline);
      const ready = sock.ioReadyThen(core.READABLE, deadline, w.wake);
      if (ready < 0) {
        waitBegins(sock, core.READABLE);
        w.busy = true;
        // Waiting clears the socket's errno, as Tarantool's readable() does.
        self._errno = null;
        return new Promise(w.keep);
      }
      if (ready & core.CLOSED) throw closedError();
    }
    force = false;
    const n = rbuf.fill(sock, Math.min(limit - rbuf.length, READAHEAD));
    if (n > 0) {
      const len = check(rbuf, limit, delimiters);
      if (len >= 0) {
        self._errno = null;
        return rbuf.take(len);
      }
      // Not enough yet: Tarantool's read waits with readable(), which always yields,
      // even with more data in the kernel. Another fiber's read of this socket woken by
      // the same event runs first (it may take the rest, or meet the error after it).
      const w = waiting(self, rbuf, limit, check, delimiters, deadline);
      w.busy = true;
      self._errno = null;
      const promise = new Promise<Buffer | null>(w.keep);
      coioWait(sock, core.READABLE, deadline, w.resume, w.fail);
      return promise;
    }
    if (n === 0) {
      // End of stream: everything buffered, maybe nothing.
      self._errno = null;
      return rbuf.take(rbuf.length);
    }
    if (sock.closed) throw closedError();
    fail(self, n);
    if (!isTransient(-n)) return null;
    if (lastTry) {
      self._errno = core.errno.ETIMEDOUT;
      return null;
    }
  }
}

// The wait is over: reads on, or answers the timeout or the close.
function resumed(bits: number, self: SocketBase, rbuf: core.ReadBuffer, limit: number, check: Check, delimiters: readonly Uint8Array[], deadline: number): Buffer | null | Promise<Buffer | null> {
  if (bits === 0) {
    self._errno = core.errno.ETIMEDOUT;
    return null;
  }
  if (bits & core.CLOSED) throw closedError();
  // Another fiber's read filled the buffer up to this read's limit while it waited: 2.6
  // trips an assertion in its read loop here (README, deviation 19); the port answers
  // from the buffer.
  if (rbuf.length >= limit) {
    self._errno = null;
    return rbuf.take(check(rbuf, limit, delimiters));
  }
  return pull(self, rbuf, limit, check, delimiters, deadline, true, deadline !== Infinity && deadline <= core.monotonic());
}

/**
 * @internal Tarantool's read(self, limit, timeout, check, ...): the bytes the check
 * accepts, everything buffered at end of stream, or null with errno (ETIMEDOUT when the
 * deadline passes; the bytes stay buffered). Synchronous when no wait is needed.
 * The caller has checked the receiver.
 */
export function bufferedRead(self: SocketBase, limit: number, timeout: number | null, check: Check, delimiters: readonly Uint8Array[] = NONE): Buffer | null | Promise<Buffer | null> {
  if (limit < 0) throw new TypeError('socket:read(): limit can not be negative');
  if (limit > LIMIT_INFINITY) limit = LIMIT_INFINITY;
  const rbuf = (self._rbuf ??= newReadBuffer());
  const len = check(rbuf, limit, delimiters);
  if (len >= 0) {
    self._errno = null;
    return rbuf.take(len);
  }
  const deadline = deadlineOf(timeout);
  const sock = self._sock;
  let force = sock.withinTurn();
  if (force && sock.drained()) {
    // The read(2) would give EAGAIN (see Socket.drained): as after it, errno says so
    // and the read waits.
    fail(self, -core.errno.EAGAIN);
    force = false;
  }
  return pull(self, rbuf, limit, check, delimiters, deadline, force);
}
