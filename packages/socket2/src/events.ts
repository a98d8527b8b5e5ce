// What the scheduler has to deliver: the queue of I/O waits that have an outcome, the
// heap of deadlines (sleeps and `expires`), how many threads wait at all, and the
// loops that are idle until something arrives.
import { enqueueMicrotask } from '@sockport/core';
import { ExpiryHeap } from './expiry-heap.js';
import type { Thread } from './thread.js';

/** @internal The wake value of an I/O wait whose `expires` passed. */
export const EXPIRED = 0;

/** @internal A loop that sleeps until something may be deliverable. */
export interface IdleLoop {
  wake(): void;
}

// Threads whose I/O wait has an outcome, in arrival order, not yet delivered: a ring
// (head: the next to deliver; size: how many), which grows when full.
let ready: (Thread | undefined)[] = new Array(64);
let readyHead = 0;
let readySize = 0;

function readyAt(i: number): Thread | undefined {
  return ready[(readyHead + i) & (ready.length - 1)];
}

function growReady(): void {
  const bigger: (Thread | undefined)[] = new Array(ready.length * 2);
  for (let i = 0; i < readySize; i++) bigger[i] = readyAt(i);
  ready = bigger;
  readyHead = 0;
}

function pushReady(t: Thread): void {
  if (readySize === ready.length) growReady();
  ready[(readyHead + readySize++) & (ready.length - 1)] = t;
}

function shiftReady(): Thread {
  const t = ready[readyHead]!;
  ready[readyHead] = undefined;
  readyHead = (readyHead + 1) & (ready.length - 1);
  readySize--;
  return t;
}

function unshiftReady(t: Thread): void {
  if (readySize === ready.length) growReady();
  readySize++;
  readyHead = (readyHead - 1) & (ready.length - 1);
  ready[readyHead] = t;
}
// Threads parked with a deadline, in the original's two heaps: sends (and connects)
// with `expires`; receives (and accepts) with `expires`, and sleeps.
const sendHeap = new ExpiryHeap<Thread>();
const recvHeap = new ExpiryHeap<Thread>();

function removeDeadline(t: Thread): void {
  if (!sendHeap.remove(t)) recvHeap.remove(t);
}
// Threads parked in I/O or sleep: what poll() calls waiting ('empty' when none).
let waitingCount = 0;
let idle: IdleLoop[] = [];
let waking: IdleLoop[] = []; // the other array of the pair, swapped on each wake-up
let wakeScheduled = false;

/** @internal How many threads wait for I/O or sleep. */
export function waiting(): number {
  return waitingCount;
}

/** @internal One more thread waits (it parked in I/O or sleep), or one less (`-1`: it was woken). */
export function countWaiting(delta: 1 | -1): void {
  waitingCount += delta;
}

/** @internal Registers a loop to wake when something arrives. */
export function sleepUntilActivity(loop: IdleLoop): void {
  idle.push(loop);
}

/** @internal Forgets an idle loop (it woke up by its own timer). */
export function stopWaitingForActivity(loop: IdleLoop): void {
  idle = idle.filter((l) => l !== loop);
}

/**
 * @internal Wakes the idle loops in a microtask: never in the middle of a thread's
 * call (it may be parking), and after the core has settled every wait of the same
 * wake-up of its reactor. `now`: at once (only outside any thread's code).
 */
export function wakeIdle(now = false): void {
  if (idle.length === 0 || wakeScheduled) return;
  if (now) return flushIdle();
  wakeScheduled = true;
  enqueueMicrotask(flushIdle);
}

function flushIdle(): void {
  wakeScheduled = false;
  const loops = idle;
  idle = waking;
  waking = loops;
  for (let loop = loops.pop(); loop !== undefined; loop = loops.pop()) loop.wake();
}

/**
 * @internal Queues the outcome of a thread's I/O wait, from the callback of the core's
 * wait. Its deadline stays in its heap until the thread is resumed, as the original
 * takes it out only then (the heap's order depends on it), and a deadline that comes
 * first still wins: the original has not taken the event from the kernel yet. An idle
 * loop wakes at once, unless another thread waits on the same socket (`shared`): a
 * reader and a writer woken by one event are delivered as one then.
 */
export function queue(t: Thread, result: number, shared: boolean): void {
  t.result = result;
  t.queued = true;
  pushReady(t);
  wakeIdle(!shared);
}

/** @internal Takes a thread's deadline out of its heap, as the original does when it resumes it. */
export function forgetDeadline(t: Thread): void {
  if (t.heapIndex >= 0) removeDeadline(t);
}

// Outcomes whose thread a deadline woke first are dropped where they wait.
function dropStale(): void {
  while (readySize > 0 && !readyAt(0)!.queued) shiftReady();
}

/** @internal Whether an I/O outcome is queued. */
export function anyReady(): boolean {
  dropStale();
  return readySize > 0;
}

/** @internal Moves the next I/O outcome into `batch`, with the same socket's other direction (reader first). */
export function takeReady(batch: Thread[]): void {
  dropStale();
  const t = shiftReady();
  dropStale();
  const other = readySize > 0 ? readyAt(0)! : undefined;
  t.queued = false;
  if (other !== undefined && other.socket === t.socket && other.mask !== t.mask) {
    shiftReady();
    other.queued = false;
    if (t.mask === 1) batch.push(t, other);
    else batch.push(other, t);
  } else batch.push(t);
}

/** @internal Adds the deadline of a thread about to park: in the send heap for a send or connect. */
export function addDeadline(t: Thread, at: number, sending: boolean): void {
  // A thread has one deadline: a call it made without awaiting the last one replaces it.
  if (t.heapIndex >= 0) removeDeadline(t);
  t.deadline = at;
  (sending ? sendHeap : recvHeap).push(t);
  // An idle loop's timer was set for a later deadline: let it look again.
  if (nextDeadline() === at) wakeIdle();
}

/** @internal The earliest deadline, or Infinity. */
export function nextDeadline(): number {
  return Math.min(sendHeap.earliest()?.deadline ?? Infinity, recvHeap.earliest()?.deadline ?? Infinity);
}

/** @internal Where one check of the deadlines is: the send heap first, then the other. */
export interface DueCheck {
  now: number;
  sendsDone: boolean;
}

/**
 * @internal Takes the next thread whose deadline has come by `check.now`, or undefined.
 * As the original's poll: the send heap's due entries first, then the receives and
 * sleeps, each looked at again after every thread it wakes (a thread that parks again
 * with a deadline already past wakes in the same check, before later ones).
 */
export function takeDue(check: DueCheck): Thread | undefined {
  if (!check.sendsDone) {
    const t = due(sendHeap, check.now);
    if (t !== undefined) return expire(t);
    check.sendsDone = true;
  }
  const t = due(recvHeap, check.now);
  return t === undefined ? undefined : expire(t);
}

// The heap's next entry due by `now`, out of it: its top, as the original takes it; else
// one due that a heap out of order hides under a later top, which the original would
// leave there, firing it late or never (see the README: deadlines never get lost).
function due(heap: ExpiryHeap<Thread>, now: number): Thread | undefined {
  const top = heap.peek();
  if (top !== undefined && top.deadline <= now) return heap.pop();
  const hidden = heap.earliest();
  if (hidden === undefined || hidden.deadline > now) return undefined;
  heap.remove(hidden);
  return hidden;
}

function expire(t: Thread): Thread {
  t.gen++; // a readiness report still on its way is now stale
  t.queued = false; // and one already queued is dropped
  t.result = EXPIRED;
  return t;
}

/** @internal Puts undelivered threads back when a delivery was cut short by a thread's error. */
export function putBack(batch: readonly Thread[]): void {
  // The ready queue is filled from its front, so backwards.
  for (let i = batch.length - 1; i >= 0; i--) {
    const t = batch[i]!;
    t.queued = true;
    unshiftReady(t);
  }
}
