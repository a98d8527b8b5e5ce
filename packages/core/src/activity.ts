// What ends a drained mark (Socket.markDrained): anything this thread does that may
// have sent one of its sockets data. The core counts its own such calls (send,
// connect, shutdown, close, ...); a face's scheduler counts a switch to other code
// with noteSwitch, since that code may write through anything (node:net, fs).

let epoch = 0;

/** @internal The number of such events so far. */
export function activityEpoch(): number {
  return epoch;
}

/** @internal Counts one (a call that may send a socket of this thread data). */
export function noteActivity(): number {
  return ++epoch;
}

/**
 * Tells the core that other code runs now (another fiber or thread of a face's
 * scheduler): it may send any socket data, so every drained mark
 * ({@link Socket.markDrained}) lapses.
 */
export function noteSwitch(): void {
  epoch++;
}
