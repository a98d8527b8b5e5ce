// socket2's poll(), start() and stop() on top of Node's event loop. The core's reactor
// reports readiness inside Node's loop at any time; those reports only queue up (see
// events.ts), and a thread runs again when a poll() or the start() loop delivers its
// event: one event per poll, as in the original. poll() and start() are awaited, so
// waiting for events never blocks Node's loop.
import { collectNow, monotonic } from '@sockport/core';
import { badArgument } from './args.js';
import {
  anyReady,
  countWaiting,
  forgetDeadline,
  nextDeadline,
  putBack,
  sleepUntilActivity,
  stopWaitingForActivity,
  takeDue,
  type DueCheck,
  takeReady,
  waiting,
  wakeIdle,
} from './events.js';
import { AGAIN, arm, completeIo, disarm } from './io.js';
import { describe, toNumber } from './lua.js';
import { enter, orphan, State, thread, type Resumer, type Thread } from './thread.js';

/** What {@link poll} gives: an event was handled, none came in time, or nothing waits. */
export type PollResult = [true] | [false, 'timeout'] | [null, 'empty'];
/** What {@link start} gives: every thread finished or stop() was called, or the idle timeout passed. */
export type StartResult = [true] | [false, 'timeout'];

// The loop of start(), while it runs, and whether stop() was called since.
let starter: Loop | null = null;
let stopping = false;

/** Seconds as a Node timer delay in milliseconds (Node's limit is 2^31-1). */
const MAX_DELAY = 0x7fffffff;

function delay(seconds: number): number {
  return Math.min(MAX_DELAY, Math.max(1, Math.ceil(seconds * 1000)));
}

/**
 * One run of the scheduler: poll() delivers one event; start() delivers events until
 * nothing waits, stop() is called or `timeout` passes without an event. It hands
 * control to each woken thread in turn and goes on when that thread gives control
 * back (it parks again, suspends or finishes).
 */
class Loop implements Resumer {
  // Control returns to whoever runs the loop: the main thread, or a thread that polls.
  readonly prev = thread();
  readonly #once: boolean;
  readonly #timeout: number;
  #deadline: number;
  // The threads of the event being delivered (reused from one event to the next).
  readonly #batch: Thread[] = [];
  #index = 0;
  // While deadlines are delivered: the check in progress (their threads come one at a
  // time, the heaps looked at again after each), else null.
  #due: DueCheck | null = null;
  // Check phases (setImmediate) of Node's loop since the last delivery. A timeout, or a
  // deadline that has come, waits until the loop has collected events (passed a poll
  // phase), so that readiness the kernel already reports is seen first, as the
  // original's epoll_wait() sees it (an expiry must never throw away data that has
  // arrived). Two check phases always have a poll phase between them; one may not, when
  // the last delivery came from the poll phase of this very turn.
  #checks = 0;
  // Whether the kernel was asked (collectNow) since the last delivery.
  #collected = false;
  // The timer that ends an idle wait: at the next deadline, or the longest delay that
  // keeps the process waiting. It outlives a wake-up by activity, and the next idle
  // wait keeps it when it is due at the same time: setting and clearing a Node timer on
  // every wait would cost more than the events it waits for.
  #timer: NodeJS.Timeout | undefined;
  #timerAt = Infinity;
  // Whether the loop waits in sleepUntilActivity: only then may its timer step it.
  #idle = false;
  #settle!: (result: PollResult) => void;
  #fail!: (error: unknown) => void;
  #done = false;

  constructor(once: boolean, timeout: number) {
    this.#once = once;
    this.#timeout = timeout;
    this.#deadline = timeout === Infinity ? Infinity : monotonic() + timeout;
  }

  run(): Promise<PollResult> {
    return new Promise<PollResult>((resolve, reject) => {
      this.#settle = resolve;
      this.#fail = reject;
      this.#step();
    });
  }

  /** Something may be deliverable: an outcome was queued, a deadline added, stop() called. */
  wake(): void {
    this.#idle = false;
    this.#step();
  }

  #step(): void {
    if (this.#done) return;
    if (!this.#once && stopping) return this.#end([true]);
    if (waiting() === 0) return this.#end(this.#once ? [null, 'empty'] : [true]);
    if (anyReady()) {
      takeReady(this.#batch);
      return this.#deliver();
    }
    const next = nextDeadline();
    // The clock is read only when some deadline could have come.
    const now = next === Infinity && this.#deadline === Infinity ? 0 : monotonic();
    const due = next <= now;
    if (due || this.#deadline <= now) {
      if (this.#checks < 2) {
        setImmediate(this.#afterTurn);
        return;
      }
      // One last look at the kernel, as the original's epoll_wait(0) takes: on the poll and
      // select backends the helper thread's report may still be on its way.
      if (!this.#collected) {
        this.#collected = true;
        if (collectNow()) {
          setImmediate(this.#afterTurn);
          return;
        }
      }
      if (due) {
        this.#due = { now, sendsDone: false };
        return this.#deliver();
      }
      return this.#end([false, 'timeout']);
    }
    sleepUntilActivity(this);
    this.#idle = true;
    // With no deadline at all (a thread sleeping forever), the longest timer still keeps
    // the process waiting, as the original blocks in epoll_wait(-1).
    const until = Math.min(next, this.#deadline);
    if (this.#timer !== undefined) {
      if (until === this.#timerAt) return;
      clearTimeout(this.#timer);
    }
    this.#timerAt = until;
    this.#timer = setTimeout(this.#onTimer, until === Infinity ? MAX_DELAY : delay(until - now));
  }

  readonly #afterTurn = (): void => {
    this.#checks++;
    this.#step();
  };

  readonly #onTimer = (): void => {
    this.#timer = undefined;
    // Set for an idle wait that activity has ended since: the loop is busy delivering.
    if (!this.#idle) return;
    this.#idle = false;
    stopWaitingForActivity(this);
    // Timers run before this turn's poll phase: one check phase later, it has passed.
    this.#checks = Math.max(this.#checks, 1);
    this.#step();
  };

  #deliver(): void {
    this.#index = 0;
    this.#checks = 0;
    this.#collected = false;
    this.#next();
  }

  // The next thread to hand control to: the rest of the event's batch, or the next due deadline.
  #take(): Thread | undefined {
    if (this.#index < this.#batch.length) return this.#batch[this.#index++];
    return this.#due === null ? undefined : takeDue(this.#due);
  }

  #next(): void {
    for (let t = this.#take(); t !== undefined; t = this.#take()) {
      countWaiting(-1);
      // Its deadline leaves its heap as it resumes (one that woke it has left already).
      forgetDeadline(t);
      // Not parked: a call its body did not await registered a wait for it and then could
      // not park it (the thread had given control back already). Nothing waits here.
      if (t.wake === null) continue;
      let value: unknown = t.result;
      if (t.state === State.Io) {
        // The I/O call finishes here, in the thread's turn: a syscall that would still
        // block parks the thread again without waking it up.
        disarm(t);
        value = completeIo(t);
        if (value === AGAIN) {
          if (t.finished === null) {
            t.again++;
            arm(t);
            continue;
          }
          value = t.ended!('closed');
        }
        t.socket = t.attempt = t.owner = t.ended = null;
      }
      if (t.finished !== null) {
        const f = orphan(t, value);
        if (f.failed) return this.failed(f.error);
        continue;
      }
      enter(t, value, this);
      return;
    }
    this.#clear();
    this.#due = null;
    if (this.#once) return this.#end([true]);
    if (this.#timeout !== Infinity) this.#deadline = monotonic() + this.#timeout;
    this.#step();
  }

  // Empties the batch; popping beats setting the length on V8's hot path.
  #clear(): void {
    const batch = this.#batch;
    while (batch.length > 0) batch.pop();
  }

  parked(): void {
    this.#next();
  }

  failed(error: unknown): void {
    // Deadlines not yet delivered are still in their heaps: the next poll takes them.
    putBack(this.#batch.slice(this.#index));
    this.#due = null;
    this.#clear();
    this.#finish();
    this.#fail(error);
  }

  #end(result: PollResult): void {
    this.#finish();
    this.#settle(result);
  }

  #finish(): void {
    this.#done = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (starter === this) {
      starter = null;
      stopping = false;
    }
  }
}

/**
 * A timeout argument in seconds: absent, false, infinite or beyond 2^31-1 is no timeout
 * (Infinity); negative is 0.
 */
function timeoutArg(value: unknown, fn: string): number {
  // `timeout or 1/0` in the original: false is no timeout too.
  if (value === undefined || value === null || value === false) return Infinity;
  const s = toNumber(value);
  if (s === undefined || Number.isNaN(s)) badArgument(1, fn, `timeout: expected a number of seconds, got ${describe(value)}`);
  if (s > 0x7fffffff) return Infinity;
  return Math.max(0, s);
}

/**
 * Waits for the next event (an I/O wait that can go on, a closed socket, a sleep or
 * an `expires` that has come) and resumes the threads it concerns; resolves when
 * they have given control back. One event per call: the reader and then the writer
 * of one socket, or every deadline that has come.
 *
 * Resolves with `[true]`, with `[false, 'timeout']` when nothing happened within
 * `timeout` seconds (default: no limit), or with `[null, 'empty']` at once when no
 * thread waits for I/O or sleeps. An error thrown by a resumed thread rejects it.
 */
export function poll(timeout?: number | false | null): Promise<PollResult> {
  const limit = timeoutArg(timeout, 'poll');
  if (waiting() === 0) return Promise.resolve([null, 'empty']);
  return new Loop(true, limit).run();
}

/**
 * Polls until no thread waits for I/O or sleeps, or {@link stop} is called (then
 * resolves `[true]`), or no event comes for `timeout` seconds (then `[false,
 * 'timeout']`; default: no limit). An error thrown by a resumed thread rejects it;
 * start() can be called again to go on. Calling it while it runs resolves `[true]` at
 * once.
 */
export function start(timeout?: number | false | null): Promise<StartResult> {
  const limit = timeoutArg(timeout, 'start');
  if (starter !== null) return Promise.resolve([true]);
  stopping = false;
  starter = new Loop(false, limit);
  return starter.run() as Promise<StartResult>;
}

/**
 * Tells the running {@link start} to return once the current event has been handled
 * (at once when it is waiting for one). No effect when start() is not running.
 */
export function stop(): void {
  if (starter === null) return;
  stopping = true;
  wakeIdle();
}
