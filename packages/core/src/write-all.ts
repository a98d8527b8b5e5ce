import { errno } from './errno.js';
import { CLOSED, WRITABLE, type Socket } from './socket.js';

/** How {@link writeAll} ended; `sent` counts the bytes the kernel took. */
export type WriteOutcome =
  | { status: 'ok'; sent: number }
  | { status: 'timeout'; sent: number }
  | { status: 'error'; errno: number; sent: number }
  | { status: 'closed'; sent: number };

/**
 * Sends all of `data`, waiting for writability as needed, until `deadline`
 * (monotonic seconds). Returns synchronously when the kernel took everything at once.
 */
export function writeAll(socket: Socket, data: Uint8Array, deadline = Infinity): WriteOutcome | Promise<WriteOutcome> {
  return push(socket, data, 0, deadline);
}

function push(socket: Socket, data: Uint8Array, sent: number, deadline: number): WriteOutcome | Promise<WriteOutcome> {
  while (sent < data.length) {
    const ready = socket.ioReady(WRITABLE, deadline);
    if (typeof ready !== 'number') return resume(ready, socket, data, sent, deadline);
    if (ready & CLOSED) return { status: 'closed', sent };
    const n = socket.send(data, 0, sent, data.length - sent);
    if (n >= 0) sent += n;
    else if (n !== -errno.EAGAIN && n !== -errno.EINTR) {
      if (socket.closed) return { status: 'closed', sent };
      return { status: 'error', errno: -n, sent };
    }
  }
  return { status: 'ok', sent };
}

async function resume(ready: Promise<number>, socket: Socket, data: Uint8Array, sent: number, deadline: number): Promise<WriteOutcome> {
  const bits = await ready;
  if (bits === 0) return { status: 'timeout', sent };
  if (bits & CLOSED) return { status: 'closed', sent };
  return push(socket, data, sent, deadline);
}
