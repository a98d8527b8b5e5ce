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
  if (!(data instanceof Uint8Array)) throw new TypeError('data must be a Uint8Array');
  return push(socket, data, data.length, 0, deadline);
}

// `total` is data's length at the start: a buffer detached or shrunk while the write
// waits must not end it as if everything was sent.
function push(socket: Socket, data: Uint8Array, total: number, sent: number, deadline: number): WriteOutcome | Promise<WriteOutcome> {
  while (sent < total) {
    if (data.length !== total) return { status: 'error', errno: errno.EFAULT ?? errno.EINVAL, sent };
    const ready = socket.ioReady(WRITABLE, deadline);
    if (typeof ready !== 'number') return resume(ready, socket, data, total, sent, deadline);
    if (ready & CLOSED) return { status: 'closed', sent };
    const n = socket.send(data, 0, sent, total - sent);
    if (n >= 0) sent += n;
    else if (n !== -errno.EAGAIN && n !== -errno.EINTR) {
      if (socket.closed) return { status: 'closed', sent };
      return { status: 'error', errno: -n, sent };
    }
  }
  return { status: 'ok', sent };
}

async function resume(ready: Promise<number>, socket: Socket, data: Uint8Array, total: number, sent: number, deadline: number): Promise<WriteOutcome> {
  const bits = await ready;
  if (bits === 0) return { status: 'timeout', sent };
  if (bits & CLOSED) return { status: 'closed', sent };
  return push(socket, data, total, sent, deadline);
}
