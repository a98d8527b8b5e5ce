// The JavaScript half of the reactor (the native half is native/reactor.h): it picks
// the poller backend, turns each batch of ready events into settled waits, and runs the
// deadlines of timed waits on one Node timer.
import { binding } from './binding.js';
import { monotonic } from './clock.js';
import { DeadlineHeap, type HasDeadline } from './deadline-heap.js';
import { errno, SysError, strerror } from './errno.js';
import { enqueueMicrotask } from './microtask.js';

/** @internal What the reactor calls when a watched descriptor turns ready. */
export interface ReadyTarget {
  onReady(bits: number): void;
}

/** @internal A wait with a deadline. */
export interface TimedWait extends HasDeadline {
  expire(): void;
}

// Microtask hops the reactor waits, after the last wait ended, before letting go.
const RELEASE_HOPS = 4;

/** @internal */
export class Reactor {
  /** The backend's name: `'epoll'`, `'poll'`, `'select'` or `'kqueue'`. */
  readonly backend: string;
  /** Slot → the socket waiting on it. Held only while it waits, so idle sockets can be collected. */
  readonly waiting: (ReadyTarget | undefined)[] = [];
  /** Slot → the socket registered there, weakly (to find a socket by descriptor). */
  readonly registered: (WeakRef<object> | undefined)[] = [];
  /**
   * Whether every event of a watched socket reaches {@link Reactor.waiting} (epoll): then
   * waiting needs no native call, the ready bits say all. Helper-thread backends watch
   * only what has been armed natively.
   */
  readonly reportsAll: boolean;
  private readonly batch: Int32Array;
  private readonly deadlines = new DeadlineHeap<TimedWait>();
  // Pending waits; the process is held alive while there are any.
  private waits = 0;
  private held = false;
  private releaseScheduled = false;
  private releaseHops = 0;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;

  constructor(backend: string, shareEpollFd: number) {
    const started = binding.startReactor(backend, this.dispatch, shareEpollFd);
    if (typeof started === 'number') {
      if (shareEpollFd >= 0)
        throw new SysError(-started, `cannot join epoll descriptor ${shareEpollFd}: ${strerror(-started)} (it must belong to a running epoll reactor of this process)`);
      throw new SysError(-started, `cannot start the ${backend} poller: ${strerror(-started)}`);
    }
    this.backend = started[0];
    this.batch = new Int32Array(started[1]);
    this.reportsAll = started[3];
    this.readyBits = readyView();
  }

  /** A wait begins: the process stays alive until it ends. */
  waitAdded(): void {
    if (++this.waits === 1 && !this.held) {
      this.held = true;
      binding.reactorHold(true);
    }
  }

  /** Waits ended (settled, dropped or closed). */
  waitsRemoved(count: number): void {
    this.waits -= count;
    // Let go only if no new wait came once what the settles queued has run: the code a
    // settle resumes usually waits again a few promise hops later, and that should cost
    // no call. (Not at the end of the turn: a pending setImmediate makes the loop poll
    // once more before it sleeps.)
    if (this.waits === 0 && !this.releaseScheduled) {
      this.releaseScheduled = true;
      this.releaseHops = 0;
      enqueueMicrotask(this.release);
    }
  }

  private readonly release = (): void => {
    if (this.waits === 0 && this.held && ++this.releaseHops < RELEASE_HOPS) {
      enqueueMicrotask(this.release);
      return;
    }
    this.releaseScheduled = false;
    if (this.waits === 0 && this.held) {
      this.held = false;
      binding.reactorHold(false);
    }
  };

  /**
   * What the reactor knows ready, by slot (READABLE | WRITABLE bits, and a hang-up bit):
   * native code writes it as events arrive and syscalls hit EAGAIN, JS reads it without
   * a call. Fetched again when a registration outgrows it.
   */
  readyBits: Uint8Array;

  /**
   * Called after every registration (the only time the native side grows the bits):
   * takes the new buffer if the slots outgrew the old one. A stale view would tell JS a
   * socket is idle after its event came, so every registration must come through here.
   */
  noteSlot(slot: number): void {
    if (slot >= this.readyBits.length) this.readyBits = readyView();
    this.readEvent[slot] = this.writeEvent[slot] = 0;
  }

  /** How many readiness events this reactor has collected: their numbers so far. */
  events = 0;
  /** Slot → the number of its last event with READABLE (0: none since it was registered). */
  readonly readEvent: number[] = [];
  /** Slot → the number of its last event with WRITABLE. */
  readonly writeEvent: number[] = [];

  /**
   * Whether a batch is being handed out: a collection now would overwrite the records
   * not read yet (the continuations that run after, as microtasks, may collect).
   */
  dispatching = false;

  // One call per wake-up: settle every wait the batch satisfies.
  private readonly dispatch = (count: number): void => {
    const batch = this.batch;
    const waiting = this.waiting;
    this.dispatching = true;
    try {
      for (let i = 0; i < count; i++) {
        const slot = batch[2 * i]!;
        const bits = batch[2 * i + 1]!;
        const n = ++this.events;
        if (bits & 1) this.readEvent[slot] = n; // READABLE
        if (bits & 2) this.writeEvent[slot] = n; // WRITABLE
        const target = waiting[slot];
        if (target !== undefined) target.onReady(bits);
      }
    } finally {
      this.dispatching = false;
    }
  };

  addDeadline(wait: TimedWait): void {
    this.deadlines.push(wait);
    if (wait.deadline < this.timerAt) this.schedule();
  }

  removeDeadline(wait: TimedWait): void {
    // The timer stays: when it fires early it finds nothing due and re-arms itself.
    this.deadlines.remove(wait);
  }

  private schedule(): void {
    const next = this.deadlines.peek();
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
    if (next === undefined) return;
    // Node's timers never fire early by their own clock, but their clock can lag the
    // monotonic one by a millisecond: onTimer re-checks and re-arms when needed.
    const ms = Math.max(1, Math.ceil((next.deadline - monotonic()) * 1000));
    this.timerAt = next.deadline;
    // Unref'd: a wait keeps the process alive through its armed descriptor instead.
    this.timer = setTimeout(this.onTimer, Math.min(ms, 0x7fffffff)).unref();
  }

  private readonly onTimer = (): void => {
    this.timer = undefined;
    this.timerAt = Infinity;
    const now = monotonic();
    for (let top = this.deadlines.peek(); top !== undefined && top.deadline <= now; top = this.deadlines.peek()) {
      this.deadlines.remove(top);
      top.expire();
    }
    this.schedule();
  };
}

// The reactor's ready bits, or none where the runtime refuses to share native memory
// (every socket then asks natively).
function readyView(): Uint8Array {
  const buffer = binding.reactorReady();
  return buffer === null ? new Uint8Array(0) : new Uint8Array(buffer);
}

let current: Reactor | undefined;
let requested: string | undefined;
let shareEpollFd = -1;

/** The poller backends this platform has, best first: `['epoll', 'poll', 'select']` on Linux. */
export function pollers(): readonly string[] {
  return binding.pollers();
}

function checkName(name: string, source: string): string {
  const names = pollers();
  if (!names.includes(name))
    throw new TypeError(`${source} '${name}' is not a poller on this platform (${names.join(', ')})`);
  return name;
}

/**
 * Chooses the poller backend for this thread (the main thread or one worker). It must
 * happen before the first wait; the `SOCKPORT_POLLER` environment variable chooses
 * when this is never called. Choosing the running backend again is a no-op; choosing
 * another one afterwards throws.
 */
export function setPoller(name: string): void {
  checkName(name, 'poller');
  if (current !== undefined) {
    if (current.backend !== name)
      throw new Error(`the ${current.backend} poller already runs in this thread: choose the poller before the first wait`);
    return;
  }
  requested = name;
}

/** The poller backend this thread uses (or will use at its first wait). */
export function poller(): string {
  if (current !== undefined) return current.backend;
  if (requested !== undefined) return requested;
  const fromEnv = process.env.SOCKPORT_POLLER;
  if (fromEnv) return checkName(fromEnv, 'SOCKPORT_POLLER');
  return pollers()[0]!;
}

/**
 * Collects the readiness the kernel reports now and settles the waits it ends, as the
 * event loop's next poll would (on the poll and select backends, one poll(2) of every
 * watched socket instead of waiting for the helper thread's report). The settled
 * waits' continuations run as microtasks after the caller's code. Does nothing, and
 * returns false, before this thread's reactor runs and inside a wait's callback.
 */
export function collectNow(): boolean {
  return current !== undefined && !current.dispatching && binding.reactorCollect();
}

/** @internal The running reactor, started on first use. */
export function reactor(): Reactor {
  if (current === undefined) current = new Reactor(poller(), shareEpollFd);
  return current;
}

/**
 * Whether a {@link Socket.ready} hint that a call made exact (by finding the socket
 * idle) stays exact until a new event: true where every event reaches JavaScript in
 * order (epoll). On the helper-thread backends (poll, select) an event the helper saw
 * before the call drained the socket can arrive after it, so a hint of readiness
 * needs checking with the kernel.
 */
export function hintsExact(): boolean {
  return reactor().reportsAll;
}

/**
 * The epoll descriptor of this thread's reactor (starting it if needed), for sharing
 * one epoll instance between worker threads with {@link adoptEpollFd}. Throws when the
 * backend is not epoll.
 */
export function epollFd(): number {
  const r = reactor();
  const info = binding.reactorInfo();
  if (r.backend !== 'epoll' || info === null) throw new Error(`the ${r.backend} poller has no epoll descriptor`);
  return info.pollableFd;
}

/**
 * Makes this thread's reactor use the epoll instance of another thread's reactor (the
 * descriptor {@link epollFd} gave there), as socket2's `epoll_fd(epfd)` does. Must come
 * before this thread's first wait. Each thread still wakes only for its own sockets: an
 * event drained by one reactor for another's socket is handed over to its owner.
 * Throws when the reactor already runs, the backend is not epoll, or fd is not the
 * epoll descriptor of a running reactor of this process.
 */
export function adoptEpollFd(fd: number): void {
  if (!Number.isInteger(fd) || fd < 0) throw new TypeError('fd must be a descriptor number');
  if (current !== undefined) throw new Error('this thread\'s reactor already runs: adopt an epoll descriptor before the first wait');
  const backend = poller();
  if (backend !== 'epoll') throw new Error(`epoll sharing needs the epoll poller, not ${backend}`);
  if (!binding.isReactorEpoll(fd)) throw new SysError(errno.EBADF, `descriptor ${fd} is not the epoll descriptor of a running reactor of this process`);
  shareEpollFd = fd;
}

/**
 * How many readiness events this thread's reactor has collected (0 before it runs):
 * the number the next event's {@link Socket.lastEvent} will exceed.
 */
export function eventCount(): number {
  return current?.events ?? 0;
}

/** @internal The reactor if it runs, without starting it. */
export function runningReactor(): Reactor | undefined {
  return current;
}
