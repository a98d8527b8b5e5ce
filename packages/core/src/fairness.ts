// Fair turns: an I/O loop whose syscalls keep succeeding never has to wait, so without
// a limit one busy socket could hold the event loop (timers, other sockets) forever.
// Each socket may make TURN_BUDGET syscalls per turn of the event loop; after that its
// loop yields to the next turn, as libuv's own stream reads do.

/** @internal Syscalls a socket may make in one turn of the event loop. */
export const TURN_BUDGET = 16;

let turn = 0;
let scheduled = false;

function advance(): void {
  scheduled = false;
  turn++;
}

/** @internal The current turn's number; turns advance in the loop's check phase. */
export function currentTurn(): number {
  if (!scheduled) {
    scheduled = true;
    setImmediate(advance);
  }
  return turn;
}

/** @internal Resolves in the next turn of the event loop. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
