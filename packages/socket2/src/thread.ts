// socket2 threads as async functions. A thread runs only while it has been handed
// control (by newthread, poll/start or resume) and hands it back when it waits, so
// threads run one at a time and in the original's order, like coro's symmetric
// coroutines. `current` is the thread that holds control (null: the main thread).
import { noteSwitch, type Socket as CoreSocket } from '@sockport/core';
import { badArgument } from './args.js';
import type { Ended, Owner } from './io.js';

/** @internal What a thread is doing. */
export const State = {
  Running: 0,
  /** Parked in an I/O call: counted by poll(), woken by readiness or expiry. */
  Io: 1,
  /** Parked in sleep/sleep_until: counted by poll(), woken by its deadline. */
  Sleeping: 2,
  /** Parked in suspend(): not counted, woken only by resume(). */
  Suspended: 3,
  Dead: 4,
} as const;
/** @internal */
export type State = (typeof State)[keyof typeof State];

/**
 * @internal Whoever handed control to a thread, and gets it back when the thread
 * waits, suspends, finishes (`parked`) or throws (`failed`).
 */
export interface Resumer {
  /** The thread that gets control back (null: the main thread). */
  readonly prev: Thread | null;
  parked(values: unknown[]): void;
  failed(error: unknown): void;
}

let nextId = 1;

/** A socket2 thread (Lua's coroutine object), as {@link newthread} and {@link thread} return it. */
export class Thread {
  /** @internal */ state: State = State.Running;
  /** @internal */ resumer: Resumer | null = null;
  /** @internal Settles the promise the thread waits on when parked. */
  wake: ((value: unknown) => void) | null = null;
  /** @internal Counts the thread's waits; a readiness report for an older one is stale. */
  gen = 0;
  /** @internal The socket of the current I/O wait, and the direction (READABLE, WRITABLE). */
  socket: CoreSocket | null = null;
  /** @internal */ mask = 0;
  /** @internal What the I/O wait ended with: ready bits, CLOSED, 0 for expiry, or -errno. */
  result = 0;
  /** @internal The I/O call the thread waits in: its syscall (which gives its result or AGAIN)... */
  attempt: (() => unknown) | null = null;
  /** @internal ...the socket to close when it expires... */
  owner: Owner | null = null;
  /** @internal ...its result when it expires or its socket gets closed... */
  ended: ((why: Ended) => unknown) | null = null;
  /** @internal ...and its `expires`. */
  expires: number | null = null;
  /** @internal How many wake-ups in a row of the current I/O call found its syscall still blocking. */
  again = 0;
  /** @internal Why the socket could not be watched, when the wait failed. */
  problem: string | null = null;
  /** @internal Whether the I/O wait's outcome is queued for delivery by poll(). */
  queued = false;
  /** @internal Set when the body ended while a call of the thread was parked. */
  finished: { failed: boolean; error: unknown } | null = null;
  /** @internal */ deadline = Infinity;
  /** @internal */ heapIndex = -1;
  readonly #id = nextId++;
  /** @internal The executor of the promise a parked thread waits on (made once, not per wait). */
  readonly keepWake = (resolve: (value: unknown) => void): void => {
    this.wake = resolve;
  };

  /** @internal */
  constructor() {}

  /** `'thread: <n>'`. */
  toString(): string {
    if (!(this instanceof Thread)) throw new TypeError(`bad argument 'self' to 'toString' (expected a thread, got ${this === null ? 'null' : typeof this})`);
    return `thread: ${this.#id}`;
  }

  /** How Node's console shows it: `Thread { thread: 1 }`. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `Thread { ${this.toString()} }`;
  }
}

let current: Thread | null = null;

// A thread gives control back (it parks or ends) to `to`: the code that ran meanwhile
// may have sent any socket data, so the core's drained marks lapse (see
// Socket.drained). Whoever gets control next has only seen it run from outside.
function leave(to: Thread | null): void {
  current = to;
  noteSwitch();
}

const NOTHING: unknown[] = [];

/** The running socket2 thread, or null in the main thread (Lua's `coro.running()`). */
export function thread(): Thread | null {
  return current;
}

/**
 * @internal The running thread, for a call that must wait: outside a thread it raises
 * the original's assertion.
 */
export function runningThread(): Thread {
  if (current === null) throw new Error('trying to I/O from the main thread');
  return current;
}

/** @internal Hands control to a parked thread, settling its wait with `value`. */
export function enter(t: Thread, value: unknown, r: Resumer): void {
  t.resumer = r;
  t.state = State.Running;
  current = t;
  const wake = t.wake!;
  t.wake = null;
  wake(value);
}

/**
 * @internal Parks the running thread and hands control back to its resumer with
 * `values`. The promise settles with what the next transfer into the thread brings.
 */
export function park(t: Thread, state: State, values: unknown[] = NOTHING): Promise<unknown> {
  const r = t.resumer;
  // A call the thread's body did not await already gave control back: there is no one
  // to hand it to now (in Lua a thread cannot run on after yielding).
  if (r === null) throw new Error('cannot yield: the thread already gave control back (await each socket2 call)');
  t.resumer = null;
  t.state = state;
  leave(r.prev);
  const woken = new Promise<unknown>(t.keepWake);
  r.parked(values);
  return woken;
}

function finish(t: Thread, failed: boolean, error?: unknown): void {
  const r = t.resumer;
  if (r === null) {
    // The body ended while one of its calls is parked (a call it did not await), and
    // control went back then. Whoever wakes that call ends the thread (see orphan()).
    t.finished = { failed, error };
    return;
  }
  t.state = State.Dead;
  t.resumer = null;
  leave(r.prev);
  if (failed) r.failed(error);
  else r.parked(NOTHING);
}

/**
 * @internal Ends a parked thread whose body has already finished: settles the call it
 * left parked (nobody awaits it) instead of handing it control, which it would never
 * give back. Returns how the body ended.
 */
export function orphan(t: Thread, value: unknown): { failed: boolean; error: unknown } {
  const f = t.finished!;
  t.finished = null;
  t.state = State.Dead;
  const wake = t.wake!;
  t.wake = null;
  wake(value);
  return f;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as { then?: unknown }).then === 'function';
}

/**
 * Creates a thread running `fn(...args)` and starts it at once: `fn` runs until its
 * first wait (an I/O call that has to wait, a sleep, a suspend), and then the
 * returned promise settles with the thread, handing control back to the caller. A
 * thread that never waits has finished by then. If `fn` throws before its first wait
 * the promise rejects with the error; an error after that surfaces from the
 * {@link poll}, {@link start} or {@link resume} that resumed the thread. When the
 * thread finishes, control goes back to whoever resumed it last. `fn` is usually an
 * async function that awaits every socket2 call it makes.
 */
export function newthread<A extends unknown[]>(fn: (...args: A) => unknown, ...args: A): Promise<Thread> {
  if (typeof fn !== 'function') badArgument(1, 'newthread', `expected a function, got ${fn === null ? 'null' : typeof fn}`);
  const t = new Thread();
  return new Promise<Thread>((resolve, reject) => {
    t.resumer = { prev: current, parked: () => resolve(t), failed: reject };
    current = t;
    let out: unknown;
    try {
      out = fn(...args);
    } catch (error) {
      finish(t, true, error);
      return;
    }
    if (isThenable(out))
      out.then(
        () => finish(t, false),
        (error: unknown) => finish(t, true, error),
      );
    else finish(t, false);
  });
}
