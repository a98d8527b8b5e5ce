// The order in which Tarantool's event loop runs the fibers that one poll wakes. libev
// queues the events of a poll in the order the kernel reports them, each socket's
// waiters oldest first, and then runs the queue from its end: the sockets come in the
// reverse of the kernel's order, and the fibers waiting on one socket in the order they
// began to wait. Wake-ups are gathered here during a turn of Node's loop (the reactor
// reports in its poll phase) and handed out in that order in the check phase that
// follows, the next thing Node's loop does.
import type * as core from '@sockport/core';

interface Wake {
  socket: core.Socket;
  run: (bits: number) => void;
  bits: number;
}

let pending: Wake[] = [];
let scheduled = false;

/** @internal Wakes the fiber that `run` resumes with `bits`, in Tarantool's order, soon. */
export function wakeFiber(socket: core.Socket, run: (bits: number) => void, bits: number): void {
  pending.push({ socket, run, bits });
  if (!scheduled) {
    scheduled = true;
    setImmediate(flush);
  }
}

function flush(): void {
  scheduled = false;
  const wakes = pending;
  pending = [];
  // Sockets in the order of their first wake-up, each with its waiters in order.
  const bySocket = new Map<core.Socket, Wake[]>();
  for (const w of wakes) {
    const group = bySocket.get(w.socket);
    if (group === undefined) bySocket.set(w.socket, [w]);
    else group.push(w);
  }
  const groups = [...bySocket.values()];
  for (let i = groups.length - 1; i >= 0; i--) {
    for (const w of groups[i]!) {
      try {
        w.run(w.bits);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}
