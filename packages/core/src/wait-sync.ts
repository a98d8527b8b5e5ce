import { binding } from './binding.js';
import { constants } from './constants.js';
import { SysError, errno } from './errno.js';
import { poller } from './reactor.js';
import { Socket, type WaitMask } from './socket.js';

/** @internal The error for a descriptor a backend cannot watch. */
export function watchError(rc: number, fd: number, backend: string): SysError {
  if (rc === -errno.EINVAL && backend === 'select')
    return new SysError(-rc, `descriptor ${fd} is beyond select()'s FD_SETSIZE (${constants.misc.FD_SETSIZE}): use the epoll or poll backend`);
  return new SysError(-rc);
}

/**
 * Waits for readiness of several sockets at once, **blocking the calling thread**, on
 * a fresh instance of this thread's poller backend (for `selectSync`-style calls in
 * worker threads and scripts; in an event loop, await {@link Socket.wait} or
 * {@link waitAny} instead).
 *
 * `timeout` is in seconds (fractions allowed); negative waits forever. Returns the
 * ready bits of each entry (0 for none, and for closed sockets), or `-errno`:
 * `-EINTR` when a signal interrupted the wait, `-EINVAL` for a descriptor select
 * cannot hold (`FD_SETSIZE`) or for an infinite wait on no open socket. With no open
 * socket and a timeout it sleeps that long.
 */
export function waitSync(entries: ReadonlyArray<readonly [Socket, WaitMask]>, timeout: number): Int32Array | number {
  if (typeof timeout !== 'number' || Number.isNaN(timeout)) throw new TypeError('timeout must be a number of seconds');
  return waitWith(timeout === 0 ? instantBackend() : poller(), entries, timeout);
}

// For a wait that does not wait, one poll(2) is cheapest on every backend (a fresh
// epoll instance costs a create, a ctl per socket and a close); select keeps its own
// FD_SETSIZE rule.
function instantBackend(): string {
  return poller() === 'select' ? 'select' : 'poll';
}

function waitWith(backend: string, entries: ReadonlyArray<readonly [Socket, WaitMask]>, timeout: number): Int32Array | number {
  const out = new Int32Array(entries.length);
  const natives = entries.map(([s]) => Socket._native(s));
  const masks = entries.map(([, m]) => m);
  const rc = binding.waitSync(backend, natives, masks, timeout, out);
  return rc < 0 ? rc : out;
}

/**
 * One instant poll(2) of one socket, whatever the backend (so with no `FD_SETSIZE`
 * limit): the ready bits of `mask` (0 for none), 4 ({@link CLOSED}) for a closed
 * socket, or `-errno`. A signal during the poll is retried.
 */
export function pollOnce(socket: Socket, mask: WaitMask): number {
  if (mask !== 1 && mask !== 2 && mask !== 3) throw new TypeError('mask must be READABLE, WRITABLE or both');
  if (socket.closed) return 4;
  for (let attempt = 0; attempt < 100; attempt++) {
    const r = waitWith('poll', [[socket, mask]], 0);
    if (typeof r !== 'number') return r[0]!;
    if (r !== -errno.EINTR) return r;
  }
  return -errno.EINTR;
}

/**
 * @internal One instant, authoritative readiness check: poll(2) (or select(2) on that
 * backend, which keeps its FD_SETSIZE limit). Returns the ready bits, or CLOSED (4)
 * for a closed socket; throws SysError when the backend cannot watch the descriptor.
 */
export function instantCheck(socket: Socket, mask: number): number {
  if (socket.closed) return 4;
  const backend = instantBackend();
  for (let attempt = 0; ; attempt++) {
    const r = waitWith(backend, [[socket, mask as WaitMask]], 0);
    if (typeof r !== 'number') return r[0]!;
    // A signal landing in a zero-timeout poll says nothing about the socket: ask again.
    if (r !== -errno.EINTR || attempt >= 100) throw watchError(r, socket.fd, backend);
  }
}
