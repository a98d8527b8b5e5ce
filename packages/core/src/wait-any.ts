import { monotonic, sleepUntil } from './clock.js';
import { SysError } from './errno.js';
import { reactor, type TimedWait } from './reactor.js';
import { checkDeadline, checkMask, CLOSED, Socket, Waiter, type AnyTarget, type WaitMask } from './socket.js';
import { instantCheck } from './wait-sync.js';

/**
 * Waits until any of several sockets is ready, without blocking the event loop (the
 * awaitable form of select). Resolves with the index of an entry that turned ready
 * (or was closed), or -1 when `deadline` (a {@link monotonic} time) passes first. A
 * deadline already past polls each entry once. An empty list just sleeps until the
 * deadline, and rejects at once without one (it would never settle).
 */
export function waitAny(entries: ReadonlyArray<readonly [Socket, WaitMask]>, deadline = Infinity): Promise<number> {
  try {
    checkDeadline(deadline);
  } catch (error) {
    return Promise.reject(error);
  }
  if (entries.length === 0) {
    if (deadline === Infinity) return Promise.reject(new TypeError('waitAny: nothing to wait for and no deadline'));
    return sleepUntil(deadline).then(() => -1);
  }
  try {
    if (deadline <= monotonic()) {
      for (let i = 0; i < entries.length; i++) {
        const [socket, mask] = entries[i]!;
        if (instantCheck(socket, mask) !== 0) return Promise.resolve(i);
      }
      return Promise.resolve(-1);
    }
  } catch (error) {
    return Promise.reject(error);
  }
  return new Promise<number>((resolve, reject) => {
    const any = new AnyWait(resolve, deadline);
    try {
      for (let i = 0; i < entries.length && !any.done; i++) {
        const [socket, mask] = entries[i]!;
        // Believed idle on epoll: joins without a waiter. Else the usual first half of a
        // wait (validation, the kernel's word on a hint of readiness, arming).
        if (any.join(socket, mask, i)) continue;
        const now = socket._begin(mask, deadline);
        if (now > 0) any.finish(i);
        else any.waiters.push(socket._add(new EntryWaiter(socket, mask, deadline, any, i)));
      }
      any.started();
    } catch (error) {
      any.finish(-1, false);
      reject(error);
    }
  });
}

// One waitAny in progress: the first of its entries to fire settles it and drops the
// others. On epoll an entry the reactor believes idle just joins it (Socket._joinAny),
// and the whole waitAny is one wait of the reactor with one deadline; any other entry
// has a waiter of its own that knows its index (no closure per entry: select over many
// sockets makes one per socket and call).
class AnyWait implements AnyTarget, TimedWait {
  readonly waiters: Waiter[] = [];
  readonly joined: Socket[] = [];
  done = false;
  heapIndex = -1;
  heapSeq = 0;
  #counted = false;
  constructor(
    readonly resolve: (index: number) => void,
    readonly deadline: number,
  ) {}

  join(socket: Socket, mask: number, index: number): boolean {
    checkMask(mask);
    if (!socket._joinAny(this, index, mask)) return false;
    this.joined.push(socket);
    return true;
  }

  // Every entry is in: the joined ones count as one wait, timed by the deadline.
  started(): void {
    if (this.done || this.joined.length === 0) return;
    const r = reactor();
    r.waitAdded();
    this.#counted = true;
    if (this.deadline !== Infinity) r.addDeadline(this);
  }

  entryReady(index: number): void {
    this.finish(index);
  }

  expire(): void {
    this.finish(-1);
  }

  finish(index: number, settle = true): void {
    if (this.done) return;
    this.done = true;
    for (const w of this.waiters) w.socket._drop(w);
    for (const s of this.joined) s._leaveAny();
    if (this.#counted) {
      const r = reactor();
      if (this.heapIndex >= 0) r.removeDeadline(this);
      r.waitsRemoved(1);
    }
    if (settle) this.resolve(index);
  }
}

class EntryWaiter extends Waiter {
  constructor(
    socket: Socket,
    mask: number,
    deadline: number,
    readonly any: AnyWait,
    readonly index: number,
  ) {
    super(socket, mask, deadline, noop);
  }

  // Ready bits or CLOSED: this entry; 0: the deadline.
  override fire(bits: number): void {
    this.any.finish(bits === 0 ? -1 : this.index);
  }
}

function noop(): void {}

/**
 * Waits for readiness of any descriptor of this process by number (Tarantool's
 * `iowait`): a socket of this thread is waited on through its own handle, any other
 * descriptor is watched without being taken over. Resolves like {@link Socket.wait}
 * ({@link CLOSED} when the socket that owns the number closes it meanwhile, 0 when the
 * number is closed behind its owner's back); rejects with `SysError(EBADF)` for a
 * descriptor that is not open.
 */
export async function waitFd(fd: number, mask: WaitMask, deadline = Infinity): Promise<number> {
  const own = Socket.watchedByFd(fd);
  if (own !== undefined) return own.wait(mask, deadline);
  const borrowed = Socket.borrow(fd);
  if (typeof borrowed === 'number') throw new SysError(-borrowed);
  try {
    const bits = await borrowed.wait(mask, deadline);
    // CLOSED when the socket that owns the number closed it; the end of a wait cut short
    // otherwise (the number closed behind its owner's back and reused) is 0.
    return bits !== CLOSED || borrowed.closedByOwner ? bits : 0;
  } finally {
    borrowed.close();
  }
}
