// lsocket.select: the argument forms and results of the C function, waiting either
// without blocking the event loop (select) or by blocking the thread (selectSync).
import {
  READABLE,
  SysError,
  WRITABLE,
  constants,
  errno,
  collectNow,
  hintsExact,
  monotonic,
  poller,
  waitAny,
  waitSync,
  type Socket as CoreSocket,
  type WaitMask,
} from '@sockport/core';
import { argError, fail, luaTypeName, optNumber, type Failure } from './lua.js';
import { selectState, type SelectState, type Socket } from './socket.js';

/** What `select` returns when something is ready: one table per table given. */
export type SelectReady = [Socket[]] | [readonly Socket[], Socket[]];
/** What `select` returns: the ready tables, `false` on timeout, or `nil, message`. */
export type SelectResult = SelectReady | [false] | Failure;

const NO_SOCKETS = 'no open sockets to check and no timeout set';
const FD_SETSIZE = constants.misc.FD_SETSIZE ?? 1024;

// The first result of a select given only a write table: lsocket's shared empty
// table, read-only, where assignments are silently dropped.
const EMPTY: readonly Socket[] = new Proxy<Socket[]>([], {
  set: () => true,
  defineProperty: () => true,
  deleteProperty: () => true,
});

/** One distinct open socket to wait for. */
interface Entry {
  state: SelectState;
  fd: number;
  mask: WaitMask;
}

/** A parsed select call. */
interface Request {
  hasRead: boolean;
  hasWrite: boolean;
  /** Seconds; negative waits forever. */
  timeout: number;
  entries: Entry[];
  /** The entries in the core's form, in the same order, once a wait needs them (see waitsOf). */
  waits: [CoreSocket, WaitMask][] | undefined;
}

let calls = 0;

function selectError(message: string): TypeError {
  return new TypeError(`bad argument to 'select' (${message})`);
}

function waitOf(entry: Entry): [CoreSocket, WaitMask] {
  return (entry.state.waits[entry.mask] ??= [entry.state.sock, entry.mask]);
}

// The request's entries in the core's form: made when a wait needs them, not by a
// select that answers at once.
function waitsOf(request: Request): [CoreSocket, WaitMask][] {
  return (request.waits ??= request.entries.map(waitOf));
}

// Entries t[1], t[2], ... while they are sockets; a nil ends the scan, anything else
// raises. Closed sockets are skipped; a socket listed twice is waited for once.
function scan(table: readonly unknown[], mask: WaitMask, request: Request, call: number): void {
  const select = poller() === 'select';
  for (const value of table) {
    if (value == null) return;
    const state = selectState(value);
    if (state === undefined) throw selectError('tables can only contain sockets');
    const fd = state.sock.fd;
    if (fd < 0) continue;
    if (select && fd >= FD_SETSIZE) throw selectError('socket file descriptor too big');
    if (state.seen === call) {
      const entry = request.entries[state.entry]!;
      entry.mask = (entry.mask | mask) as WaitMask;
      continue;
    }
    state.seen = call;
    state.entry = request.entries.length;
    request.entries.push({ state, fd, mask });
  }
}

// lsocket_select's argument rules: a table first is the read set, a table second the
// write set, and the timeout sits right after the last table given. More arguments
// than that raise, but only after the "no open sockets" check.
function parse(args: unknown[]): Request | Failure {
  const request: Request = { hasRead: false, hasWrite: false, timeout: -1, entries: [], waits: undefined };
  const call = ++calls;
  let at = 0;
  if (Array.isArray(args[0])) {
    scan(args[0], READABLE, request, call);
    request.hasRead = true;
    at = 1;
  }
  if (Array.isArray(args[1])) {
    // lsocket ignores whatever stands first when a write table follows: refused here.
    if (!request.hasRead && args[0] != null) throw argError(1, 'select', `table expected, got ${luaTypeName(args[0])}`);
    scan(args[1], WRITABLE, request, call);
    request.hasWrite = true;
    at = 2;
  }
  const timeout = optNumber(args[at], -1, at + 1, 'select');
  request.timeout = timeout;
  if (request.entries.length === 0 && timeout === -1) return [null, NO_SOCKETS];
  if (at + 1 < args.length) throw selectError('invalid option');
  // lsocket's own checks above come first; only then would C convert the NaN.
  if (Number.isNaN(timeout)) throw argError(at + 1, 'select', 'timeout is NaN');
  // Any other negative timeout waits forever, which with no socket lsocket does: a hang.
  if (request.entries.length === 0 && timeout < 0) return [null, NO_SOCKETS];
  // lsocket makes a C long of the seconds: from 2^63 on (infinity too) that is LONG_MIN on
  // x86-64, which select(2) refuses at once, ready sockets or not.
  if (timeout >= 2 ** 63) return fail(errno.EINVAL);
  return request;
}

function byFd(a: Entry, b: Entry): number {
  return a.fd - b.fd;
}

function socketsOf(list: Entry[]): Socket[] {
  // Tables are usually given in descriptor order already: sort only when they are not.
  for (let i = 1; i < list.length; i++) {
    if (list[i - 1]!.fd > list[i]!.fd) {
      list.sort(byFd);
      break;
    }
  }
  return list.map((e) => e.state.socket);
}

// The result tables for the ready bits of each entry, ordered by descriptor as
// lsocket lists them; undefined when nothing is ready.
function collect(request: Request, bits: ArrayLike<number>): SelectReady | undefined {
  const read: Entry[] = [];
  const write: Entry[] = [];
  for (let i = 0; i < request.entries.length; i++) {
    const ready = bits[i]!;
    if (ready & READABLE) read.push(request.entries[i]!);
    if (ready & WRITABLE) write.push(request.entries[i]!);
  }
  if (read.length === 0 && write.length === 0) return undefined;
  if (!request.hasWrite) return [socketsOf(read)];
  return [request.hasRead ? socketsOf(read) : EMPTY, socketsOf(write)];
}

// The reactor's readiness hints mean something only once it watches a socket. ioReady
// registers it; with a deadline already past it never leaves a waiter behind (its
// promise, if any, settles at once). What was learnt before counts no more.
function watch(state: SelectState): void {
  if (state.watched) return;
  // Throws when the poller cannot start (EMFILE): the socket is then not watched yet.
  const now = state.sock.ioReady(READABLE, 0);
  state.watched = true;
  state.trusted = 0;
  if (typeof now !== 'number') now.catch(() => undefined);
}

// One look at the kernel's readiness of some entries, asked again after EINTR.
function poll(request: Request, indices: number[], bits: Int32Array): Failure | undefined {
  const waits = indices.map((i) => waitOf(request.entries[i]!));
  let found = waitSync(waits, 0);
  while (found === -errno.EINTR) found = waitSync(waits, 0);
  if (typeof found === 'number') return fail(-found);
  for (let j = 0; j < indices.length; j++) bits[indices[j]!] = found[j]! & request.entries[indices[j]!]!.mask;
  return undefined;
}

// Ready bits per entry for readyNow, reused: collect reads them before the next call.
let scratchBits = new Int32Array(64);

function bitsFor(count: number): Int32Array {
  if (scratchBits.length < count) scratchBits = new Int32Array(Math.max(count, scratchBits.length * 2));
  scratchBits.fill(0, 0, count);
  return scratchBits;
}

// The kernel's readiness, without waiting. With `all`, every entry is asked. Else only
// the entries the reactor has seen ready since they were last found idle are
// candidates: their hint is believed where it is exact, and checked with the kernel
// where it may be stale (any hint, on a backend whose events can arrive late);
// waitAny watches the others.
function readyNow(request: Request, all: boolean): SelectReady | Failure | undefined {
  let bits: Int32Array | undefined;
  const unsure: number[] = [];
  const exact = !all && hintsExact();
  for (let i = 0; i < request.entries.length; i++) {
    const entry = request.entries[i]!;
    const hint = all ? entry.mask : entry.state.sock.ready() & entry.mask;
    if (hint === 0) continue;
    bits ??= bitsFor(request.entries.length);
    if (exact && (hint & ~entry.state.trusted) === 0) bits[i] = hint;
    else unsure.push(i);
  }
  if (bits === undefined) return undefined;
  if (unsure.length > 0) {
    const failed = poll(request, unsure, bits);
    if (failed !== undefined) return failed;
  }
  return collect(request, bits);
}

// What select answers when the reactor has seen some socket ready: every ready socket.
// select(2) reports all the descriptors ready when it returns, so the others are not
// left to the reactor's next poll: on epoll the events waiting in the kernel are
// collected first (one epoll_wait) unless the reactor's poll has just woken this
// select (`justPolled`: what it collected is what select(2) would return on waking);
// elsewhere the kernel is asked about every socket.
function readyAll(request: Request, justPolled = false): SelectReady | Failure | undefined {
  // Just woken on epoll, readyNow's own look at the hints is the only one needed.
  const exact = hintsExact();
  if (justPolled && exact) return readyNow(request, false);
  if (!request.entries.some((e) => (e.state.sock.ready() & e.mask) !== 0)) return undefined;
  if (!exact) return readyNow(request, true);
  if (!justPolled) collectNow();
  return readyNow(request, false);
}

// What select answers before it waits: with a zero timeout the kernel is asked about
// every socket; otherwise the sockets the reactor has seen ready decide.
function answerNow(request: Request): SelectReady | Failure | undefined {
  return request.timeout === 0 ? readyNow(request, true) : readyAll(request);
}

// Sockets closed while select waited are ignored from then on, as at the start.
function dropClosed(request: Request): void {
  // Usually none was closed: looked for first, so that no array is made then.
  if (!request.entries.some((e) => e.state.sock.closed)) return;
  request.entries = request.entries.filter((e) => !e.state.sock.closed);
  request.waits = undefined;
}

// A select that finds sockets ready returns without the event loop turning; a loop of
// such selects would starve timers, signals and other I/O. After a few milliseconds of
// that, one select lets the event loop turn first.
const STARVE_LIMIT = 0.005;
let runningSince = -1;

function turned(): void {
  runningSince = -1;
}

function starving(): boolean {
  if (runningSince >= 0) return monotonic() - runningSince > STARVE_LIMIT;
  runningSince = monotonic();
  setImmediate(turned);
  return false;
}

/**
 * Waits until sockets are ready, without blocking the event loop. `read` and `write`
 * are arrays of sockets; closed ones are ignored. `timeout` is in seconds (fractions
 * allowed; 0 polls once, omitted waits forever), and comes right after the last array
 * given, so `select(t)` alone is a sleep. Resolves with one array of ready sockets per
 * array given, ordered by descriptor (with only a write array, the first result is a
 * shared read-only empty array), `false` on timeout, or `nil, message` (`'no open
 * sockets to check and no timeout set'`). Bad arguments reject with lsocket's error.
 *
 * Lua: `read, write = lsocket.select([read, [write]], [timeout])`
 */
export function select(timeout?: number | null): Promise<[false] | Failure>;
export function select(read: readonly Socket[], timeout?: number | null): Promise<[Socket[]] | [false] | Failure>;
export function select(read: readonly Socket[] | null | undefined, write: readonly Socket[], timeout?: number | null): Promise<[readonly Socket[], Socket[]] | [false] | Failure>;
export async function select(...args: unknown[]): Promise<SelectResult> {
  const request = parse(args);
  if (Array.isArray(request)) return request;
  const deadline = request.timeout < 0 ? Infinity : monotonic() + request.timeout;
  try {
    for (const entry of request.entries) watch(entry.state);
  } catch (error) {
    if (noDescriptor(error)) return blockingFallback(request, deadline);
    throw error;
  }
  // Nothing ready now: waitAny watches the sockets.
  let now = answerNow(request);
  if (now !== undefined && starving()) {
    // The turn runs timers and callbacks that may close or drain these sockets: the
    // answer is the one select(2) would give after them.
    await new Promise((resolve) => setImmediate(resolve));
    dropClosed(request);
    now = answerNow(request);
  }
  if (now !== undefined) return now;
  for (;;) {
    if (request.entries.length === 0 && deadline === Infinity) return [null, NO_SOCKETS];
    // At the deadline the kernel has the last word, as select(2) looks before it sleeps
    // (a timeout shorter than this call found the sockets ready all the same).
    if (deadline <= monotonic()) return readyNow(request, true) ?? [false];
    let index: number;
    try {
      index = await waitAny(waitsOf(request), deadline);
    } catch (error) {
      // A signal landing in the core's check before it waits: wait again.
      if (error instanceof SysError && error.errno === errno.EINTR) continue;
      if (noDescriptor(error)) return blockingFallback(request, deadline);
      throw error;
    }
    dropClosed(request);
    if (index < 0) return readyNow(request, true) ?? [false];
    now = readyAll(request, true);
    if (now !== undefined) return now;
  }
}

/**
 * {@link select} that blocks the whole thread while it waits, as lsocket's does: for
 * worker threads and scripts. `selectSync(t)` sleeps `t` seconds. A signal ends the
 * wait with `nil, 'Interrupted system call'`.
 *
 * Lua: `read, write = lsocket.select([read, [write]], [timeout])`
 */
export function selectSync(timeout?: number | null): [false] | Failure;
export function selectSync(read: readonly Socket[], timeout?: number | null): [Socket[]] | [false] | Failure;
export function selectSync(read: readonly Socket[] | null | undefined, write: readonly Socket[], timeout?: number | null): [readonly Socket[], Socket[]] | [false] | Failure;
export function selectSync(...args: unknown[]): SelectResult {
  const request = parse(args);
  if (Array.isArray(request)) return request;
  return waitBlocking(request, request.timeout);
}

// The wait of selectSync: `timeout` seconds, negative for none.
function waitBlocking(request: Request, timeout: number): SelectResult {
  const bits = waitSync(waitsOf(request), timeout < 0 ? -1 : timeout);
  if (typeof bits === 'number') return fail(-bits);
  return collect(request, bits) ?? [false];
}

// Whether the event loop's poller could not start for want of a descriptor (EMFILE,
// ENFILE: an epoll instance needs one, select(2) none).
function noDescriptor(error: unknown): boolean {
  return error instanceof SysError && (error.errno === errno.EMFILE || error.errno === errno.ENFILE);
}

// With no descriptor for the event loop's poller, select waits as lsocket's does, by
// blocking the thread (poll(2) needs no descriptor), rather than fail where lsocket
// never does.
function blockingFallback(request: Request, deadline: number): SelectResult {
  if (request.entries.length === 0 && deadline === Infinity) return [null, NO_SOCKETS];
  return waitBlocking(request, deadline === Infinity ? -1 : Math.max(0, deadline - monotonic()));
}
