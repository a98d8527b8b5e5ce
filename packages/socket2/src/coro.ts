// Explicit transfers between threads (socket2's suspend/resume, from coro) and
// coro.safewrap: iterators whose body may do socket I/O.
import { badArgument } from './args.js';
import { luaType } from './lua.js';
import { enter, orphan, park, runningThread, State, thread, Thread } from './thread.js';

/**
 * Parks the running thread outside the scheduler's view (poll() does not count it)
 * and hands `values` to whoever resumed it last: a {@link resume} call gets them as
 * its result. Resolves with the values of the {@link resume} that wakes the thread
 * again. Only inside a thread.
 */
export function suspend(...values: unknown[]): Promise<unknown[]> {
  // The original transfers to the main thread, which is the one running.
  if (thread() === null) throw new Error('trying to transfer to the running thread');
  const t = runningThread();
  return park(t, State.Suspended, values) as Promise<unknown[]>;
}

/**
 * Hands control to a thread parked in {@link suspend}, which gets `values`, and
 * resolves when the thread gives control back: with the values it passes to its next
 * suspend(), or `[]` when it waits for I/O, sleeps or finishes. An error the thread
 * throws meanwhile rejects it. A thread that is not suspended cannot be resumed
 * (the original would corrupt its scheduler).
 */
export function resume(co: Thread, ...values: unknown[]): Promise<unknown[]> {
  // coro's own check, with its text.
  if (!(co instanceof Thread)) throw new TypeError(`coroutine expected but ${luaType(co)} given`);
  if (co.state !== State.Suspended) throw new Error('cannot resume non-suspended coroutine');
  if (co.finished !== null) {
    const f = orphan(co, values);
    return f.failed ? Promise.reject(f.error) : Promise.resolve([]);
  }
  return new Promise<unknown[]>((resolve, reject) => {
    enter(co, values, { prev: thread(), parked: resolve, failed: reject });
  });
}

/** The function {@link cosafewrap} makes: each call runs the body to its next `yield`. */
export type Wrapped = (...values: unknown[]) => Promise<unknown[]>;
/** What a {@link cosafewrap} body receives to hand values out: resolves with the next call's values. */
export type Yield = (...values: unknown[]) => Promise<unknown[]>;

/**
 * coro.safewrap: turns `body(yield, ...args)` into a function that runs the body
 * until it calls `yield(...values)` and resolves with those values; the next call
 * goes on from there, `yield` resolving with that call's arguments. When the body
 * returns, the call resolves with `[value]` (or `[]` for undefined); calling again
 * raises `cannot resume dead coroutine`. The body may do socket2 I/O: it waits as part
 * of the thread that called the function. Each call must be awaited before the next.
 */
export function cosafewrap(body: (yield_: Yield, ...args: unknown[]) => unknown): Wrapped {
  if (typeof body !== 'function') badArgument(1, 'cosafewrap', `expected a function, got ${typeof body}`);
  let dead = false;
  let busy = false;
  let toCaller: { resolve: (v: unknown[]) => void; reject: (e: unknown) => void } | null = null;
  let toBody: ((v: unknown[]) => void) | null = null;
  const yield_: Yield = (...values) => {
    if (toCaller === null) throw new Error('attempt to yield from outside a coroutine');
    const caller = toCaller;
    toCaller = null;
    busy = false;
    return new Promise<unknown[]>((resolve) => {
      toBody = resolve;
      caller.resolve(values);
    });
  };
  return (...values) => {
    if (dead) throw new Error('cannot resume dead coroutine');
    // Called while its body runs (from the body itself, as a rule): coro.transfer's assert.
    if (busy) throw new Error('trying to transfer to the running thread');
    busy = true;
    return new Promise<unknown[]>((resolve, reject) => {
      toCaller = { resolve, reject };
      if (toBody !== null) {
        const b = toBody;
        toBody = null;
        b(values);
        return;
      }
      let out: unknown;
      try {
        out = body(yield_, ...values);
      } catch (error) {
        dead = true;
        toCaller = null;
        reject(error);
        return;
      }
      Promise.resolve(out).then(
        (value) => {
          dead = true;
          toCaller?.resolve(value === undefined ? [] : [value]);
        },
        (error: unknown) => {
          dead = true;
          toCaller?.reject(error);
        },
      );
    });
  };
}
