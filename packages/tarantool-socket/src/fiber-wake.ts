// The order in which Tarantool's event loop runs the fibers that one poll wakes. libev
// queues the events of a poll in the order the kernel reports them, each socket's
// waiters oldest first, and then runs the queue from its end: the sockets come in the
// reverse of the kernel's order, and the fibers waiting on one socket in the order they
// began to wait. Wake-ups are gathered here during a turn of Node's loop (the reactor
// reports in its poll phase) and handed out in that order in the check phase that
// follows, the next thing Node's loop does.
import * as core from '@sockport/core';
import { KeyTable } from './key-table.js';

// One fiber to wake. Every wake-up has all the fields, so that the code that orders
// them meets one shape.
class Wake {
  /** The directions waited for (timeouts and early wake-ups; 0: none given). */
  mask = 0;
  /** A timeout's deadline. */
  deadline = Infinity;
  /** For a wait that found its socket ready: whether it is iowait's (see wakeFiber). */
  direct = false;
  /** For a wait that found its socket ready: whether the socket's last wait was for this direction too. */
  again = false;

  constructor(
    /** Null for a fiber that no socket woke (see afterPoll). */
    readonly socket: core.Socket | null,
    readonly run: (bits: number) => void,
    public bits: number,
    readonly since: number,
  ) {}
}

function timeout(socket: core.Socket | null, run: (bits: number) => void, since: number, mask: number, deadline: number): Wake {
  const w = new Wake(socket, run, 0, since);
  w.mask = mask;
  w.deadline = deadline;
  return w;
}

let pending: Wake[] = [];
// Waits that a close ended: iowait's run first, before what the poll brings (coio_close
// wakes them at once); do_wait's one loop iteration later.
let closed: Wake[] = [];
let late: Wake[] = [];
// Waits whose deadline passed: libev runs its timers after the poll's I/O, earliest first.
let expired: Wake[] = [];
// Waits that found their socket ready: Tarantool registers them with the next poll.
let early: Wake[] = [];
// Fibers that a helper thread's completion resumes (a name lookup).
let completed: Wake[] = [];
// iowait's fibers on descriptors that are not open (see afterDeadDescriptor).
let dead: Wake[] = [];
let scheduled = false;
let tickets = 0;

/**
 * @internal A ticket for a wait that begins now: waiters of one socket woken together
 * run in the order of their tickets (a wait that found its socket ready at once is
 * woken early, but runs after the older waiters the next poll wakes).
 */
export function waitTicket(): number {
  fiberYields();
  return ++tickets;
}

/**
 * @internal Wakes the fiber that `run` resumes with `bits`, in Tarantool's order, soon.
 * A close ends the waits of Tarantool's do_wait (readable, writable, wait, read, write,
 * and LuaSocket's calls) one loop iteration after the close, behind iowait's (`direct`):
 * coio_close wakes every watcher with nothing ready, iowait answers at once, and do_wait
 * waits again on the closed descriptor, which libev reports in its next iteration. A
 * timeout (`bits` 0) of a wait for `mask` with `deadline` runs after the poll's I/O
 * wake-ups, earliest deadline first; one whose socket is ready by then is an I/O wake-up.
 */
export function wakeFiber(
  socket: core.Socket,
  run: (bits: number) => void,
  bits: number,
  since: number,
  direct = false,
  mask = 0,
  deadline = Infinity,
): void {
  // A timeout that reaches here after its socket was closed (a wait with a deadline
  // already past, its socket closed right after it began) ends by the close, as in 2.6,
  // whose close wakes the watcher before the timer fires.
  if (bits === 0 && socket.closed) bits = core.CLOSED;
  if (bits === 0) expired.push(timeout(socket, run, since, mask, deadline));
  else (bits & core.CLOSED ? (direct ? closed : late) : pending).push(new Wake(socket, run, bits, since));
  schedule();
}

/**
 * @internal Wakes the fiber of a wait for `mask` that found its socket ready as it
 * began: with the next poll, after the sockets that poll reports (Tarantool adds the
 * descriptor to epoll at the start of the loop's next turn, behind what is ready by
 * then). `run` gets the directions that poll finds ready (0 if none any more, -1 if
 * the socket could not be asked), not what is left when the fiber's turn comes.
 */
export function wakeWithNextPoll(socket: core.Socket, run: (bits: number) => void, since: number, mask: number, direct: boolean, again: boolean): void {
  const w = new Wake(socket, run, 0, since);
  w.mask = mask;
  w.direct = direct;
  w.again = again;
  early.push(w);
  schedule();
}

// What Tarantool's epoll holds for each socket: libev leaves a socket there with the
// interest of its last watcher after that watcher stops, until a poll reports it ready
// with no watcher (libev then takes it out). One record per socket, so that beginning
// and ending a wait (every round trip) cost one lookup each.
interface Watch {
  /** The direction of the socket's last wait. */
  mask: number;
  readonly socket: WeakRef<core.Socket>;
  /** Its last wait ended and none has begun since. */
  idle: boolean;
  /** It is in `idle`'s list. */
  listed: boolean;
}
const watches = new WeakMap<core.Socket, Watch>();
// Every idle watch, and watches that were idle since the last poll: a wait that begins
// only clears the flag, and the next poll drops it from the list (cheaper than a Set's
// delete and add on every round trip).
const idle: Watch[] = [];

/**
 * @internal A wait in `mask`'s direction begins on `socket`: whether it is still in
 * Tarantool's epoll with that interest from its last wait (then data that came
 * meanwhile has its place on the kernel's ready list).
 */
export function waitBegins(socket: core.Socket, mask: number): boolean {
  const w = watches.get(socket);
  if (w === undefined) {
    watches.set(socket, { mask, socket: new WeakRef(socket), idle: false, listed: false });
    return false;
  }
  const again = (w.mask & mask) !== 0;
  w.mask = mask;
  w.idle = false;
  return again;
}

function waitEnded(socket: core.Socket): void {
  const w = watches.get(socket);
  if (w === undefined || w.idle) return;
  w.idle = true;
  if (!w.listed) {
    w.listed = true;
    idle.push(w);
  }
}

// A poll: the idle sockets it finds ready in their last wait's direction leave epoll,
// as libev takes out a descriptor that is reported with no watcher. (Asked at the polls
// that wake fibers only: an idle turn cannot be watched without keeping the loop busy.)
function polled(): void {
  let kept = 0;
  for (const w of idle) {
    const socket = w.idle ? w.socket.deref() : undefined;
    if (socket !== undefined && !socket.closed && (socket.ready() & w.mask) === 0) {
      idle[kept++] = w;
      continue;
    }
    w.listed = false;
    if (w.idle && socket !== undefined) watches.delete(socket);
  }
  idle.length = kept;
}

/**
 * @internal Settles when a fiber that waited for a helper thread (a name lookup on the
 * thread pool, now done) may go on: after the fibers that the next poll wakes, as in
 * Tarantool the completion reaches the event loop through a later poll than the I/O
 * that was ready when the fiber yielded.
 */
export function afterPoll(): Promise<void> {
  fiberYields();
  return new Promise((resolve) => {
    completed.push(new Wake(null, () => resolve(), 0, 0));
    schedule();
  });
}

/**
 * @internal Sleeps until `deadline` (a core monotonic time): the fiber goes on among the
 * timeouts of the loop's turn, after the fibers that turn's poll wakes, as libev runs
 * its timers after the poll's I/O.
 */
export function sleepUntil(deadline: number): Promise<void> {
  const since = waitTicket();
  return core.sleepUntil(deadline).then(
    () =>
      new Promise<void>((resolve) => {
        expired.push(timeout(null, () => resolve(), since, 0, deadline));
        schedule();
      }),
  );
}

/**
 * @internal Settles when a fiber whose iowait found its descriptor not open may go on:
 * in the loop's next poll, after the fibers that poll wakes and before its timeouts,
 * the latest first (libev kills a bad descriptor's watcher when it next updates epoll,
 * and runs those events from the end of its queue).
 */
export function afterDeadDescriptor(): Promise<void> {
  fiberYields();
  return new Promise((resolve) => {
    dead.push(new Wake(null, () => resolve(), 0, 0));
    schedule();
  });
}

/**
 * @internal The socket with descriptor `fd` is being closed: its waits that found it
 * ready and wait for the next poll end as a close ends every watcher of the
 * descriptor in Tarantool (iowait's at once, do_wait's one loop iteration later).
 */
export function closingDescriptor(fd: number): void {
  if (early.length === 0 || fd < 0) return;
  const left: Wake[] = [];
  for (const w of early) {
    if (w.socket?.fd === fd) (w.direct ? closed : late).push(new Wake(w.socket, w.run, core.CLOSED, w.since));
    else left.push(w);
  }
  early = left;
}

function schedule(): void {
  if (!scheduled) {
    scheduled = true;
    setImmediate(flush);
  }
}

const byTicket = (a: Wake, b: Wake): number => a.since - b.since;
const byDeadline = (a: Wake, b: Wake): number => a.deadline - b.deadline || a.since - b.since;

// What Tarantool's loop watches: a descriptor. Handles of one descriptor (a socket and
// the handle iowait borrows for its number) are one socket to it; a closed handle is
// its own.
const keyOf = (w: Wake): core.Socket | Wake | number => (w.socket === null ? w : w.socket.fd >= 0 ? w.socket.fd : w.socket);

// The reactor's event count at the last flush: events numbered above it came since.
let seenEvents = 0;
// The number of the reactor's last event for a group's socket in the directions that
// woke it (a fresh wake-up) or that it waits for (an early one).
const eventOf = (group: readonly Wake[]): number => {
  const w = group[0]!;
  const mask = w.mask || w.bits & (core.READABLE | core.WRITABLE) || core.READABLE | core.WRITABLE;
  return w.socket?.lastEvent(mask as core.WaitMask) ?? 0;
};

// The sockets of the last poll that woke fibers, each with its place in the kernel's
// order. Tarantool's epoll is level-triggered: a socket still ready goes back on the
// kernel's ready list in the order of that poll, ahead of sockets that turn ready since.
// Only their keys are kept: a socket dropped after its last wake-up stays collectable.
const lastPoll = new KeyTable<core.Socket | Wake>();
const placeInLastPoll = (group: readonly Wake[]): number => lastPoll.get(keyOf(group[0]!));
let forgetArmed = false;

// Runs in the next turn of the loop, before its flush if it has one. A turn whose poll
// woke no fiber ends the places: Tarantool's poll then found those sockets not ready
// (the kernel drops them from its ready list) or ready with nobody waiting (libev takes
// them out of epoll).
function forgetLastPoll(): void {
  forgetArmed = false;
  // On the poll and select backends a helper thread polls, and its report of what this
  // turn's poll would have found may still be on its way: the kernel is asked first, so
  // that a late report does not read as a turn with nothing ready.
  if (!scheduled && lastPoll.size > 0 && !core.hintsExact()) core.collectNow();
  if (!scheduled) lastPoll.clear();
  else if (lastPoll.size > 0) {
    forgetArmed = true;
    setImmediate(forgetLastPoll);
  }
}

function flush(): void {
  // What arrived since the reactor's last poll counts as that next poll's (it wakes
  // fibers into `pending`, before the early ones).
  if (early.length > 0) {
    core.collectNow();
    for (const w of early) w.bits = pollNow(w);
  }
  if (idle.length > 0) polled();
  scheduled = false;
  if (late.length > 0) {
    // A lookup that completed meanwhile comes after them, as after any wake-up of a poll.
    const next = late;
    const done = completed;
    late = [];
    completed = [];
    setImmediate(() => {
      pending.push(...next);
      completed.push(...done);
      schedule();
    });
  }
  // A wait whose deadline passed as its socket turned ready woke by I/O in Tarantool (the
  // io watcher runs before the timers): it joins this poll's wake-ups, and only the
  // others are timeouts.
  let timedOut: Wake[] = [];
  if (expired.length > 0) {
    for (const w of expired) {
      const bits = readyNow(w);
      if (bits !== 0) pending.push(new Wake(w.socket, w.run, bits, w.since));
      else timedOut.push(w);
    }
    expired = [];
    timedOut = timedOut.sort(byDeadline);
  }
  const fresh = groupBySocket(pending);
  pending = [];
  // Tarantool's epoll is level-triggered: the sockets its last poll reported stay on the
  // kernel's ready list in that order (drained and refilled since, too), ahead of the
  // sockets that turned ready since, and after those the waits that found their socket
  // ready, which join as Tarantool adds them to epoll.
  const kept: Wake[][] = [];
  let since: Wake[][] = [];
  for (const group of fresh) (placeInLastPoll(group) >= 0 ? kept : since).push(group);
  const added: Wake[][] = [];
  if (early.length > 0) {
    const freshByKey = new Map(fresh.map((g) => [keyOf(g[0]!), g]));
    const arrived: Wake[][] = [];
    for (const group of groupBySocket(early)) {
      const same = freshByKey.get(keyOf(group[0]!));
      if (same !== undefined) same.push(...group);
      else if (placeInLastPoll(group) >= 0) kept.push(group);
      // A socket waited on before in this direction stays in Tarantool's epoll: data that
      // came since the last poll put it on the kernel's ready list then, among the fresh
      // events.
      else (group[0]!.again === true && eventOf(group) > seenEvents ? arrived : added).push(group);
    }
    if (arrived.length > 0) since = [...since, ...arrived].sort((a, b) => eventOf(a) - eventOf(b));
    early = [];
  }
  seenEvents = core.eventCount();
  if (kept.length > 1) kept.sort((a, b) => placeInLastPoll(a) - placeInLastPoll(b));
  const sockets = kept.length === 0 && added.length === 0 ? since : [...kept, ...since, ...added];
  lastPoll.clear();
  for (let place = 0; place < sockets.length; place++) lastPoll.set(keyOf(sockets[place]![0]!), place);
  if (lastPoll.size > 0 && !forgetArmed) {
    forgetArmed = true;
    setImmediate(forgetLastPoll);
  }
  // Run from the end of the kernel's order, each socket's waiters oldest first.
  const order: Wake[] = closed.length > 0 ? closed.sort(byTicket) : [];
  closed = [];
  for (let i = sockets.length - 1; i >= 0; i--) {
    const group = sockets[i]!;
    if (group.length === 1) order.push(group[0]!);
    else order.push(...group.sort(byTicket));
  }
  for (let i = dead.length - 1; i >= 0; i--) order.push(dead[i]!);
  dead = [];
  order.push(...timedOut, ...completed);
  completed = [];
  runAll(order);
}

// The directions of a timed-out wait that its socket is ready for now.
function readyNow(w: Wake): number {
  if (!w.mask || w.socket === null || w.socket.closed) return 0;
  try {
    return core.pollOnce(w.socket, w.mask as core.WaitMask) & w.mask;
  } catch {
    return 0;
  }
}

// What the poll of an early wake-up finds for its directions (see wakeWithNextPoll).
function pollNow(w: Wake): number {
  if (w.socket === null || w.socket.closed) return core.CLOSED;
  try {
    return core.pollOnce(w.socket, w.mask as core.WaitMask);
  } catch {
    return -1;
  }
}

// The wake-ups by socket (descriptor), sockets in the order of their first wake-up.
function groupBySocket(wakes: readonly Wake[]): Wake[][] {
  const groups: Wake[][] = [];
  grouping.clear();
  for (const w of wakes) {
    const key = keyOf(w);
    const at = grouping.get(key);
    if (at < 0) {
      grouping.set(key, groups.length);
      groups.push([w]);
    } else groups[at]!.push(w);
  }
  return groups;
}
const grouping = new KeyTable<core.Socket | Wake>();

// The wake-ups of the last flush, run one fiber at a time: in Tarantool a fiber runs
// until it yields before the next one starts. Here a wake-up settles a promise, and the
// fiber's code runs in the microtasks that follow, however many awaits deep; the next
// wake-up runs once that fiber has yielded: as soon as it begins a wait (fiberYields),
// or else once the microtask queue is empty (it awaited something else, or ended).
let queue: readonly Wake[] = [];
let next = 0;
let yielded = false;
let drainArmed = false;

function runAll(order: readonly Wake[]): void {
  // The last flush's wake-ups have all run by now (they finish within the turn of the
  // loop that began them); any left would go first.
  queue = next < queue.length ? [...queue.slice(next), ...order] : order;
  next = 0;
  runNext();
}

function runNext(): void {
  if (next >= queue.length) {
    queue = [];
    next = 0;
    return;
  }
  const w = queue[next++]!;
  yielded = false;
  // Another fiber runs: whatever it sends, the core's drained marks lapse.
  core.noteSwitch();
  if (w.socket !== null) waitEnded(w.socket);
  try {
    w.run(w.bits);
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
  if (!drainArmed) {
    drainArmed = true;
    // A tick queued from a microtask runs once the microtask queue is empty.
    core.enqueueMicrotask(tickDrained);
  }
}

const tickDrained = (): void => void process.nextTick(drained);

function drained(): void {
  drainArmed = false;
  if (next < queue.length) runNext();
}

// The running fiber begins a wait: the next wake-up's fiber may run once the code that
// began it has returned.
function fiberYields(): void {
  if (yielded || next >= queue.length) return;
  yielded = true;
  core.enqueueMicrotask(runNext);
}
