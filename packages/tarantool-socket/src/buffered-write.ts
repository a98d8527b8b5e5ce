// `write`: send everything, waiting for room as needed, within one total deadline.
// Synchronous when the kernel takes all the data at once.
import * as core from '@sockport/core';
import { isTransient } from './errno.js';
import { waitBegins, waitTicket, wakeFiber } from './fiber-wake.js';
import { coioWait, deadlineOf } from './readiness.js';
import { closedError, fail, type SocketBase } from './socket-base.js';

// One send, then the answer: the total once everything is sent, null on error (errno
// set), or a Promise when more is to be sent. As Tarantool's write, it waits with
// writable() after a short send as after EAGAIN, and that wait always yields: a second
// writer of the socket woken by the same event goes first. After EAGAIN the reactor
// knows the socket is full, and waits for its event without asking the kernel.
function push(self: SocketBase, bytes: Uint8Array, sent: number, deadline: number): number | null | Promise<number | null> {
  const sock = self._sock;
  self._errno = null;
  const n = sock.send(bytes, 0, sent, bytes.length - sent);
  if (n === 0) return sent;
  if (n > 0) {
    sent += n;
    if (sent === bytes.length) return sent;
  } else {
    if (sock.closed) throw closedError();
    fail(self, n);
    if (!isTransient(-n)) return null;
  }
  return new Promise((resolve, reject) => {
    const resume = (bits: number): void => {
      try {
        if (bits === 0) {
          self._errno = core.errno.ETIMEDOUT;
          resolve(null);
        } else if (bits & core.CLOSED) {
          throw closedError();
        } else {
          resolve(push(self, bytes, sent, deadline));
        }
      } catch (error) {
        reject(error);
      }
    };
    // Waiting clears the socket's errno, as Tarantool's writable() does.
    self._errno = null;
    if (n < 0) {
      try {
        const since = waitTicket();
        if (sock.ioReadyThen(core.WRITABLE, deadline, (bits) => wakeFiber(sock, resume, bits, since, false, core.WRITABLE, deadline)) < 0) {
          waitBegins(sock, core.WRITABLE);
          return;
        }
      } catch (error) {
        reject(error);
        return;
      }
    }
    coioWait(sock, core.WRITABLE, deadline, resume, reject);
  });
}

/**
 * @internal Tarantool's write: the byte count once everything is sent, or null with
 * errno (ETIMEDOUT when the deadline passes: what was sent so far stays sent).
 * The caller has checked the receiver.
 */
export function bufferedWrite(self: SocketBase, bytes: Uint8Array, timeout: number | null): number | null | Promise<number | null> {
  if (bytes.length === 0) return 0;
  return push(self, bytes, 0, deadlineOf(timeout));
}
