// How socket2's I/O calls run: as in the original, the syscall is tried at once; only
// when it would block does the thread park, and the syscall is made again, in the
// thread's turn, each time the socket turns ready.
import { CLOSED, errno, WRITABLE, type Socket as CoreSocket, type WaitMask } from '@sockport/core';
import { addDeadline, countWaiting, EXPIRED, queue } from './events.js';
import { failure, type Closed, type Failure, type Timeout } from './results.js';
import { park, runningThread, State, type Thread } from './thread.js';

/** @internal What an I/O call's syscall gives when it would block. */
export const AGAIN: unique symbol = Symbol('again');

/** How a call that waited ended without a result of its own: its `expires` passed, or its socket was closed. */
export type Ended = 'timeout' | 'closed';

/** @internal `[null, 'timeout']` or `[null, 'closed']`: the usual end of a call that waited in vain. */
export function ended(why: Ended): Timeout | Closed {
  return [null, why] as Timeout | Closed;
}

/**
 * @internal One I/O call on `s` in direction `mask`, whose syscall `attempt` gives the
 * call's result or AGAIN. As in the original, the syscall is made at once, even where
 * the reactor believes the socket idle (an event it has not collected yet may say
 * otherwise), and a thread whose calls never have to wait runs on without yielding.
 * (A TCP recv that the core proves would give EAGAIN calls {@link retry} instead: see
 * Socket.drained.)
 * When it would block, the thread waits (see {@link retry}); the main thread cannot.
 */
export function perform<R, E>(
  s: CoreSocket,
  mask: WaitMask,
  expires: number | null,
  attempt: () => R | typeof AGAIN,
  owner: Owner,
  end: (why: Ended) => E,
): Promise<R | E | Failure> {
  const r = attempt();
  if (r !== AGAIN) return Promise.resolve(r);
  return retry(s, mask, expires, attempt, owner, end);
}

/** @internal What an I/O wait needs of the socket it waits on. */
export interface Owner {
  /** Closes the socket (an expired call does). */
  close(): unknown;
  /** How many threads wait on the socket now. */
  waiters: number;
}

// Why a socket cannot be watched (select's FD_SETSIZE), as the core says it.
type Problem = { errno?: number; message?: string };

// The callback that settles the thread's next I/O wait; an older wait's callback does
// nothing any more. One callback for both outcomes: ready bits, or the error of a
// socket the backend cannot watch, which the call returns as an error triple.
function settler(t: Thread, owner: Owner): (result: number | Problem) => void {
  const gen = ++t.gen;
  return (result) => {
    if (t.gen !== gen || t.state !== State.Io || t.queued) return;
    if (typeof result === 'number') return queue(t, result, owner.waiters > 1);
    t.problem = result.message ?? null;
    queue(t, -(result.errno ?? errno.EINVAL), owner.waiters > 1);
  };
}

// Sets up a wait on `s` that `settled` ends (see Socket.ioReadyThen): the ready bits
// when there is nothing to wait for, else -1. A socket the backend cannot watch
// (select's FD_SETSIZE) waits for nothing: the call returns the error once parked.
function watch(s: CoreSocket, mask: WaitMask, settled: (result: number | Problem) => void): number {
  try {
    return s.ioReadyThen(mask, Infinity, settled);
  } catch (error) {
    queueMicrotask(() => settled(error as Problem));
    return -1;
  }
}

/**
 * @internal Puts a socket in the poller now, where the original registers it with
 * epoll (bind, accept; a connect binds first): the kernel then queues its events, and
 * threads wake in the kernel's order, from the same starting point as there. A socket
 * the backend cannot watch is left alone here: its first wait gives the error.
 */
export function watchNow(s: CoreSocket): void {
  s.watch();
}

// How long a thread waits before it watches its socket again after wake-ups in a row
// whose syscall still would block (see arm), in milliseconds.
const SPURIOUS_DELAY_MS = 1;

/**
 * @internal Waits (again) for the thread's socket, and for its `expires`. A socket that
 * stays ready for a call that cannot go on (recv with MSG_ERRQUEUE and an empty error
 * queue, data queued) would wake the thread again and again on the level-triggered
 * backends (poll, select) and hold back every deadline for good, where the original's
 * edge-triggered epoll wakes it no more: after the second such wake-up in a row, the
 * thread watches its socket again only a moment later, so that deadlines come.
 */
export function arm(t: Thread): void {
  const settled = settler(t, t.owner!);
  if (t.again < 2) watchFor(t, settled);
  else {
    const gen = t.gen;
    setTimeout(() => {
      // Unless the wait has ended meanwhile (its deadline came, its socket was closed).
      if (t.gen === gen && t.state === State.Io) watchFor(t, settled);
    }, SPURIOUS_DELAY_MS);
  }
  if (t.expires !== null) addDeadline(t, t.expires, t.mask === WRITABLE);
  t.owner!.waiters++;
  countWaiting(1);
}

function watchFor(t: Thread, settled: (result: number | Problem) => void): void {
  // Believed ready although the syscall just said otherwise (a fresh registration
  // knows nothing, a connect in progress is not writable yet): wait() asks the kernel.
  if (watch(t.socket!, t.mask as WaitMask, settled) >= 0) t.socket!.wait(t.mask as WaitMask).then(settled, settled);
}

/** @internal The thread's I/O wait is over (delivered): one waiter less on its socket. */
export function disarm(t: Thread): void {
  t.owner!.waiters--;
}

/**
 * @internal The outcome of a thread's I/O wait, computed in the thread's turn: the
 * call's result, or AGAIN when its syscall would still block.
 */
export function completeIo(t: Thread): unknown {
  const w = t.result;
  if (w === EXPIRED) {
    t.owner!.close();
    return t.ended!('timeout');
  }
  if (w === CLOSED || t.socket!.closed) return t.ended!('closed');
  if (w < 0) {
    // The core's own words say why the socket cannot be watched (select's FD_SETSIZE).
    const problem = t.problem;
    t.problem = null;
    return problem === null ? failure(w) : [null, problem, -w];
  }
  return t.attempt!();
}

/**
 * @internal Parks the running thread in an I/O call on `socket` until it is ready in
 * `mask`'s direction; the scheduler then makes the call's syscall (`attempt`) in the
 * thread's turn, and again at each readiness, until it gives a result rather than
 * AGAIN. Settles with that result. When `expires` (a clock() value, null for none)
 * passes first, `owner` is closed and it settles with `end('timeout')`; a socket closed
 * meanwhile gives `end('closed')`, one that cannot be watched an error triple. Outside
 * a thread it raises the original's assertion, at the call.
 */
export function retry<R, E>(
  socket: CoreSocket,
  mask: WaitMask,
  expires: number | null,
  attempt: () => R | typeof AGAIN,
  owner: Owner,
  end: (why: Ended) => E,
): Promise<R | E | Failure> {
  const t = runningThread();
  t.socket = socket;
  t.mask = mask;
  t.attempt = attempt;
  t.owner = owner;
  t.ended = end;
  t.expires = expires;
  t.again = 0;
  arm(t);
  return park(t, State.Io) as Promise<R | E | Failure>;
}
