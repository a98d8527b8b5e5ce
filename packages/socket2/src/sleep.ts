// socket2's sleeps, and the clock of every deadline.
import { monotonic } from '@sockport/core';
import { badArgument } from './args.js';
import { addDeadline, countWaiting } from './events.js';
import { describe, toNumber } from './lua.js';
import { park, runningThread, State } from './thread.js';

/**
 * Sleeps until `t`, a {@link clock} value, letting other threads run. Only inside a
 * thread (outside one it raises `trying to I/O from the main thread`). A time already
 * past wakes the thread at the next poll.
 */
export function sleep_until(t: number): Promise<void> {
  const at = toNumber(t);
  if (at === undefined || Number.isNaN(at)) badArgument(1, 'sleep_until', `expected a clock() value, got ${typeof t}`);
  const self = runningThread();
  self.gen++;
  addDeadline(self, at, false);
  countWaiting(1);
  return park(self, State.Sleeping).then(() => undefined);
}

/** Sleeps `s` seconds (a number, or a numeric string as in Lua) without blocking other threads. */
export function sleep(s: number): Promise<void> {
  const seconds = toNumber(s);
  if (seconds === undefined || Number.isNaN(seconds)) badArgument(1, 'sleep', `expected a number of seconds, got ${describe(s)}`);
  return sleep_until(monotonic() + seconds);
}

/** The monotonic clock in seconds (`time.clock()`), the clock of every `expires` and {@link sleep_until}. */
export function clock(): number {
  return monotonic();
}
