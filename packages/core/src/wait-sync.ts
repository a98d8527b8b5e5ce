import { binding } from './binding.js';
import { closeCollected } from './collected.js';
import { constants } from './constants.js';
import { SysError, errno } from './errno.js';
import { poller } from './reactor.js';
import { checkMask, Socket, type WaitMask } from './socket.js';

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
 * `-EINTR` when a signal interrupted the wait (not the signals Node handles for its own
 * bookkeeping, SIGCHLD and SIGWINCH: they wait until it is over), `-EINVAL` for a descriptor select
 * cannot hold (`FD_SETSIZE`) or for an infinite wait on no open socket. With no open
 * socket and a timeout it sleeps that long. When no descriptor is free for an epoll or
 * kqueue instance (EMFILE, ENFILE), it waits with poll(2), which needs none.
 */
export function waitSync(entries: ReadonlyArray<readonly [Socket, WaitMask]>, timeout: number): Int32Array | number {
  if (typeof timeout !== 'number' || Number.isNaN(timeout)) throw new TypeError('timeout must be a number of seconds');
  closeCollected();
  const backend = timeout === 0 ? instantBackend() : poller();
  const r = waitWith(backend, entries, timeout);
  // An epoll or kqueue instance needs a descriptor of its own: with none free, poll(2),
  // which needs none, waits instead (a select-driven program must go on selecting).
  if ((r === -errno.EMFILE || r === -errno.ENFILE) && (backend === 'epoll' || backend === 'kqueue')) return waitWith('poll', entries, timeout);
  return r;
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
  checkMask(mask);
  return look(socket, mask, 'poll');
}

/**
 * @internal One instant, authoritative readiness check: poll(2) (or select(2) on that
 * backend, which keeps its FD_SETSIZE limit). Returns the ready bits, or CLOSED (4)
 * for a closed socket; throws SysError when the backend cannot watch the descriptor.
 */
export function instantCheck(socket: Socket, mask: number): number {
  const backend = instantBackend();
  const r = look(socket, mask as WaitMask, backend);
  if (r < 0) throw watchError(r, socket.fd, backend);
  return r;
}

// A zero-timeout wait on one socket: its ready bits, CLOSED (4), or -errno. A signal
// landing in it says nothing about the socket: asked again (a bounded number of times).
function look(socket: Socket, mask: WaitMask, backend: string): number {
  if (socket.closed) return 4;
  let r: Int32Array | number = -errno.EINTR;
  for (let attempt = 0; attempt <= 100 && r === -errno.EINTR; attempt++) r = waitWith(backend, [[socket, mask]], 0);
  return typeof r === 'number' ? r : r[0]!;
}
