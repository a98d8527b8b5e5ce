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
  const sent = push(socket, data, 0);
  if (typeof sent !== 'number') return sent;
  return drain(socket, data, sent, deadline);
}

async function drain(socket: Socket, data: Uint8Array, sent: number, deadline: number): Promise<WriteOutcome> {
  for (;;) {
    const bits = await socket.wait(WRITABLE, deadline);
    if (bits === 0) return { status: 'timeout', sent };
    if (bits & CLOSED) return { status: 'closed', sent };
    const out = push(socket, data, sent);
    if (typeof out !== 'number') return out;
    sent = out;
  }
}

// Sends while the kernel takes data: an outcome when finished or failed, else the
// count sent so far (the caller waits for writability).
function push(socket: Socket, data: Uint8Array, sent: number): WriteOutcome | number {
  while (sent < data.length) {
    if ((socket.ready() & WRITABLE) === 0) return sent;
    const n = socket.send(data, 0, sent, data.length - sent);
    if (n >= 0) {
      sent += n;
      continue;
    }
    if (n === -errno.EAGAIN || n === -errno.EINTR) return sent;
    if (socket.closed) return { status: 'closed', sent };
    return { status: 'error', errno: -n, sent };
  }
  return { status: 'ok', sent };
}
