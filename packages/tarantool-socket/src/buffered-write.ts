// `write`: send everything, waiting for room as needed, within one total deadline.
// Synchronous when the kernel takes all the data at once.
import * as core from '@sockport/core';
import { closedError, fail, type SocketBase } from './socket-base.js';

// Sends while the kernel takes data: the total once done, null on error (errno set),
// or a Promise when it has to wait for room. The first send is optimistic (a socket
// almost always has room); retries go through the core's ioReady, which skips sends that
// would find no room and yields when the socket has had its share of the turn. After a
// wait that reported writability (`force`) it always sends.
function push(self: SocketBase, bytes: Uint8Array, sent: number, deadline: number, force: boolean): number | null | Promise<number | null> {
  const sock = self._sock;
  for (;;) {
    if (!force) {
      const ready = sock.ioReady(core.WRITABLE, deadline);
      if (typeof ready !== 'number') return resume(ready, self, bytes, sent, deadline);
      if (ready & core.CLOSED) throw closedError();
    }
    force = false;
    self._errno = 0;
    const n = sock.send(bytes, 0, sent, bytes.length - sent);
    if (n > 0) {
      sent += n;
      if (sent === bytes.length) return sent;
      continue;
    }
    if (n === 0) return sent;
    if (sock.closed) throw closedError();
    fail(self, n);
    if (n !== -core.errno.EAGAIN && n !== -core.errno.EINTR) return null;
  }
}

async function resume(ready: Promise<number>, self: SocketBase, bytes: Uint8Array, sent: number, deadline: number): Promise<number | null> {
  // Waiting clears the socket's errno, as Tarantool's writable() does.
  self._errno = 0;
  const bits = await ready;
  if (bits === 0) {
    self._errno = core.errno.ETIMEDOUT;
    return null;
  }
  if (bits & core.CLOSED) throw closedError();
  return push(self, bytes, sent, deadline, true);
}

/**
 * @internal Tarantool's write: the byte count once everything is sent, or null with
 * errno (ETIMEDOUT when the deadline passes: what was sent so far stays sent).
 * The caller has checked the receiver.
 */
export function bufferedWrite(self: SocketBase, bytes: Uint8Array, timeout: number | null): number | null | Promise<number | null> {
  if (bytes.length === 0) return 0;
  return push(self, bytes, 0, timeout === null ? Infinity : core.monotonic() + timeout, true);
}
