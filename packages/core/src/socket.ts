import { Buffer } from 'node:buffer';
import { performance } from 'node:perf_hooks';
import { clearLastAddress, lastAddress, toEncoded, type EncodedAddress, type OtherAddr, type SockAddr } from './address.js';
import { binding, type NativeSocket } from './binding.js';
import { monotonic } from './clock.js';
import { activityEpoch, noteActivity } from './activity.js';
import { retryAfterCollect } from './collected.js';
import { AF_INET, AF_INET6, constants, SOCK_STREAM } from './constants.js';
import { errno, type SysError } from './errno.js';
import {
  decodeOption,
  encodeOption,
  lookupOption,
  optionReadKind,
  type OptionKind,
  type OptionName,
  type OptionResult,
  type OptionSpec,
  type OptionValue,
} from './options.js';
import { currentTurn, nextTurn, TURN_BUDGET } from './fairness.js';
import { reactor, runningReactor, type Reactor, type TimedWait } from './reactor.js';
import { instantCheck, watchError } from './wait-sync.js';

/** Readiness bit: the socket can be read (or accepted from) without blocking. */
export const READABLE = 1;
/** Readiness bit: the socket can be written (or its connect has finished). */
export const WRITABLE = 2;
/** A wait's outcome when the socket was closed while it waited. */
export const CLOSED = 4;

/** The directions a wait can ask for: {@link READABLE}, {@link WRITABLE} or both. */
export type WaitMask = 1 | 2 | 3;

const SOCK_TYPE_MASK = 0xf;
// How long a drained mark is believed (see Socket.drained), in milliseconds: data from
// another process may have come since, and a read then would not have waited.
const DRAINED_TRUST_MS = 1;
// The most one recvBuffer asks for: no recv(2) gives more than 2 GiB.
const MAX_RECV_SIZE = 0x7fffffff;

/** @internal */
export function checkMask(mask: unknown): asserts mask is WaitMask {
  if (mask !== 1 && mask !== 2 && mask !== 3) throw new TypeError(`mask must be 1 (read), 2 (write) or 3 (both), got ${String(mask)}`);
}

/**
 * @internal A deadline is a monotonic() time, -Infinity (already past) or Infinity
 * (none); NaN would never come and never be past.
 */
export function checkDeadline(deadline: unknown): asserts deadline is number {
  if (typeof deadline !== 'number' || Number.isNaN(deadline)) throw new TypeError(`deadline must be a monotonic() time or Infinity, got ${String(deadline)}`);
}

function toBytes(data: Uint8Array | string): Uint8Array {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (data instanceof Uint8Array) return data;
  throw new TypeError('data must be a string or a Uint8Array');
}

/**
 * @internal A wait on several sockets that each of them reports to without a waiter of
 * its own (see {@link Socket._joinAny}): `entryReady` gets the index of the entry that
 * turned ready or was closed.
 */
export interface AnyTarget {
  entryReady(index: number): void;
}

/** @internal One pending wait on one socket. */
export class Waiter implements TimedWait {
  heapIndex = -1;
  heapSeq = 0;
  constructor(
    readonly socket: Socket,
    readonly mask: number,
    public deadline: number,
    readonly settle: (bits: number) => void,
  ) {}
  expire(): void {
    this.socket._drop(this);
    this.fire(0);
  }
  /**
   * Settles the wait. A settle callback that throws is reported as uncaught, but only
   * after the reactor has settled everything else of its batch (no wake-up is lost).
   */
  fire(bits: number): void {
    try {
      this.settle(bits);
    } catch (error) {
      queueMicrotask(() => {
        throw error;
      });
    }
  }
}

/**
 * A handle that owns one socket descriptor.
 *
 * - Every syscall method returns its result, or `-errno` when the syscall fails
 *   (`-errno.EAGAIN` when it would block). Only malformed arguments throw
 *   (`TypeError`).
 * - The descriptor is non-blocking and close-on-exec from its creation, and no call
 *   ever raises SIGPIPE.
 * - It is closed exactly once: by {@link Socket.close}, or when the handle becomes
 *   garbage. After that every call returns `-EBADF`; the old descriptor number, which
 *   the kernel may give to another socket, is never used again.
 * - {@link Socket.wait} awaits readiness through this thread's reactor without
 *   blocking the event loop; closing the socket settles every pending wait with
 *   {@link CLOSED}.
 */
export class Socket {
  // Private: calling the native handle directly (close, detach) would bypass what this
  // object keeps (its descriptor number, its waiters, the reactor's slot).
  readonly #native: NativeSocket;
  /** The address family it was created with (`AF_INET`, ...). */
  readonly domain: number;
  /** The socket type (`SOCK_STREAM`, ...), without creation flags. */
  readonly type: number;
  /** The protocol it was created with (0: the family's default). */
  readonly protocol: number;
  #fd: number;
  // The native handle's number for the hot calls (binding.recv, ...).
  readonly #id: number;
  #slot = -1;
  #waiters: Waiter[] | undefined;
  // The waitAny this socket is an entry of without a waiter (see _joinAny), the entry's
  // index in it and the directions it waits for.
  #any: AnyTarget | undefined;
  #anyIndex = 0;
  #anyMask = 0;
  #spare: NativeSocket | undefined;
  // Watches a number opened elsewhere (borrow): another handle may own it.
  #borrowed = false;
  // Set on a borrowed handle whose wait ended because the descriptor's own socket closed it.
  #closedByOwner = false;
  #turn = -1;
  #spent = 0;
  // The activity epoch and the time of the last markDrained() (see drained()).
  #drainedEpoch = -1;
  #drainedAt = 0;
  // Bytes the reads since the last one that found the kernel empty have taken.
  #readRun = 0;
  // How much a TCP read run may take and still prove the queue drained (see
  // #quietBytes); -1 until asked, and again after an option is set.
  #quietLimit = -1;
  // Whether this TCP socket is connected to itself (see #connectedToItself).
  #selfConnected: boolean | undefined;

  private constructor(native: NativeSocket, fd: number, domain: number, type: number, protocol: number) {
    this.#native = native;
    this.#id = native.id();
    this.#fd = fd;
    this.domain = domain;
    this.type = type & SOCK_TYPE_MASK;
    this.protocol = protocol;
  }

  /** `socket(2)`: a new socket, or `-errno` (`-EAFNOSUPPORT`, `-EPROTONOSUPPORT`, ...). */
  static open(domain: number, type: number, protocol = 0): Socket | number {
    const native = new binding.NativeSocket();
    let fd = native.open(domain, type, protocol);
    if (retryAfterCollect(fd)) fd = native.open(domain, type, protocol);
    return fd < 0 ? fd : new Socket(native, fd, domain, type, protocol);
  }

  /** `socketpair(2)`: two connected sockets, or `-errno`. */
  static pair(domain: number, type: number, protocol = 0): [Socket, Socket] | number {
    const a = new binding.NativeSocket();
    const b = new binding.NativeSocket();
    let rc = binding.socketpair(a, b, domain, type, protocol);
    if (retryAfterCollect(rc)) rc = binding.socketpair(a, b, domain, type, protocol);
    if (rc < 0) return rc;
    return [new Socket(a, a.fd(), domain, type, protocol), new Socket(b, b.fd(), domain, type, protocol)];
  }

  /**
   * Watches a descriptor opened elsewhere in this process (for `iowait`-style waits).
   * The handle never closes it: {@link Socket.close} only stops watching. Returns
   * `-EBADF` for a descriptor that is not open.
   */
  static borrow(fd: number): Socket | number {
    if (!Number.isInteger(fd)) throw new TypeError('fd must be an integer');
    const native = new binding.NativeSocket();
    const rc = native.borrow(fd);
    if (rc < 0) return rc;
    const s = new Socket(native, fd, 0, 0, 0);
    s.#borrowed = true;
    return s;
  }

  /**
   * Owns a duplicate of a socket descriptor of this process (`fcntl(F_DUPFD_CLOEXEC)`),
   * for instance one that another worker thread opened: both serve the same socket, and
   * each handle closes only its own descriptor. Returns `-EBADF` for a descriptor that
   * is not open and `-ENOTSOCK` for one that is not a socket.
   */
  static dup(fd: number): Socket | number {
    if (!Number.isInteger(fd)) throw new TypeError('fd must be an integer');
    const native = new binding.NativeSocket();
    let copy = native.dup(fd);
    if (retryAfterCollect(copy)) copy = native.dup(fd);
    if (copy < 0) return copy;
    const domain = native.getsockopt(constants.levels.SOL_SOCKET!, constants.options.SO_DOMAIN ?? -1, binding.optionKinds.int);
    const type = native.getsockopt(constants.levels.SOL_SOCKET!, constants.options.SO_TYPE!, binding.optionKinds.int);
    const protocol = native.getsockopt(constants.levels.SOL_SOCKET!, constants.options.SO_PROTOCOL ?? -1, binding.optionKinds.int);
    const value = (r: [number, unknown?]) => (r[0] === 0 ? (r[1] as number) : 0);
    return new Socket(native, copy, value(domain), value(type), value(protocol));
  }

  /** @internal The native handle, for the core's own blocking wait (wait-sync.ts). */
  static _native(s: Socket): NativeSocket {
    return s.#native;
  }

  /**
   * The socket of this thread that the reactor watches under descriptor number `fd`,
   * if any (a socket that has never waited is not watched yet). For waiting on a
   * descriptor by number through its own handle, as {@link waitFd} does.
   */
  static watchedByFd(fd: number): Socket | undefined {
    // No reactor, no registration: looking must not start one.
    const r = runningReactor();
    if (r === undefined) return undefined;
    const slot = binding.slotOfFd(fd);
    if (slot < 0) return undefined;
    const s = r.registered[slot]?.deref() as Socket | undefined;
    return s !== undefined && s.#fd === fd ? s : undefined;
  }

  /** The descriptor number, or -1 once closed or detached. */
  get fd(): number {
    return this.#fd;
  }

  /** True once closed or detached. */
  get closed(): boolean {
    return this.#fd < 0;
  }

  /** `bind(2)`: 0 or `-errno`. An address that cannot be encoded gives its errno too. */
  bind(address: SockAddr | EncodedAddress): number {
    const a = toEncoded(address);
    return typeof a === 'number' ? a : this.#native.bind(a.bytes, a.length);
  }

  /** `connect(2)`: 0, `-EINPROGRESS` (wait {@link WRITABLE}, then read `SO_ERROR`), or `-errno`. */
  connect(address: SockAddr | EncodedAddress): number {
    const a = toEncoded(address);
    noteActivity();
    return typeof a === 'number' ? a : this.#native.connect(a.bytes, a.length);
  }

  /** `listen(2)`: 0 or `-errno`. The backlog defaults to `SOMAXCONN`. */
  listen(backlog: number = constants.misc.SOMAXCONN ?? 128): number {
    return this.#native.listen(backlog);
  }

  /**
   * `accept4(2)`: the connected socket (non-blocking), or `-errno` (`-EAGAIN` when no
   * connection is pending). The peer's address is then available from
   * {@link lastAddress}.
   */
  accept(): Socket | number {
    // An empty native handle is kept across EAGAIN so that polling costs no allocation.
    const into = this.#spare ?? new binding.NativeSocket();
    let fd = this.#native.accept(into);
    if (retryAfterCollect(fd)) fd = this.#native.accept(into);
    if (fd < 0) {
      this.#spare = into;
      return fd;
    }
    this.#spare = undefined;
    return new Socket(into, fd, this.domain, this.type, this.protocol);
  }

  /**
   * Like {@link Socket.accept}, with the peer's address (an unbound unix peer has an
   * empty path; null only when the kernel gives no address at all).
   */
  acceptFrom(): [Socket, SockAddr | OtherAddr | null] | number {
    const s = this.accept();
    return typeof s === 'number' ? s : [s, lastAddress()];
  }

  /**
   * `send(2)` of `data[offset, offset + length)`: the bytes taken (maybe fewer), or
   * `-errno`. Strings are sent as UTF-8.
   */
  send(data: Uint8Array | string, flags = 0, offset = 0, length?: number): number {
    const bytes = toBytes(data);
    // A stream socket's send reaches only its peer: its own drained mark stays.
    const own = this.#drainedEpoch === activityEpoch();
    const epoch = noteActivity();
    if (own && this.type === SOCK_STREAM && !this.#connectedToItself()) this.#drainedEpoch = epoch;
    return binding.send(this.#id, bytes, offset, length ?? bytes.byteLength - offset, flags);
  }

  /** `recv(2)` into `buffer[offset, offset + length)`: the bytes read, 0 at end of stream, or `-errno`. */
  recv(buffer: Uint8Array, flags = 0, offset = 0, length?: number): number {
    return binding.recv(this.#id, buffer, offset, length ?? buffer.byteLength - offset, flags);
  }

  /**
   * `recv(2)` of up to `size` bytes into a new Buffer of exactly the size read, or
   * `-errno`. `size` is an integer from 0 to 2^31-1 (no recv(2) gives more).
   */
  recvBuffer(size: number, flags = 0): Buffer | number {
    if (!Number.isInteger(size) || size < 0 || size > MAX_RECV_SIZE) throw new TypeError(`recvBuffer: size must be an integer from 0 to ${MAX_RECV_SIZE}, got ${String(size)}`);
    const buf = Buffer.allocUnsafe(size);
    const n = binding.recv(this.#id, buf, 0, size, flags);
    if (n < 0) return n;
    return n === size ? buf : Buffer.from(buf.subarray(0, n));
  }

  /** `sendto(2)`: the bytes sent, or `-errno`. */
  sendto(data: Uint8Array | string, address: SockAddr | EncodedAddress, flags = 0): number {
    const bytes = toBytes(data);
    const a = toEncoded(address);
    if (typeof a === 'number') return a;
    noteActivity();
    return binding.sendto(this.#id, bytes, 0, bytes.byteLength, flags, a.bytes, a.length);
  }

  /**
   * `recvfrom(2)` into `buffer`: the bytes read, or `-errno`. The sender's address is
   * then available from {@link lastAddress} (null when the kernel gives none).
   */
  recvfrom(buffer: Uint8Array, flags = 0, offset = 0, length?: number): number {
    clearLastAddress();
    return binding.recvfrom(this.#id, buffer, offset, length ?? buffer.byteLength - offset, flags);
  }

  /** `shutdown(2)` with `SHUT_RD`, `SHUT_WR` or `SHUT_RDWR`: 0 or `-errno`. */
  shutdown(how: number): number {
    noteActivity();
    return this.#native.shutdown(how);
  }

  /**
   * `close(2)`: 0, or `-errno` if close fails (the descriptor is released anyway).
   * `-EBADF` when already closed. Pending waits settle with {@link CLOSED}.
   */
  close(): number {
    if (this.#fd < 0) return -errno.EBADF;
    noteActivity();
    // Never watched itself, its number may be watched through another handle (waitFd
    // borrows it): that wait ends now too, as its descriptor does.
    if (this.#slot < 0) this.#evictOtherWatcher(true);
    const rc = this.#native.close();
    this.#release();
    return rc;
  }

  /**
   * Gives the descriptor up without closing it: returns its number (now the caller's
   * to close) or `-EBADF`. Pending waits settle with {@link CLOSED}.
   */
  detach(): number {
    noteActivity();
    const fd = this.#native.detach();
    if (fd >= 0) this.#release();
    return fd;
  }

  /** `getsockname(2)`: the local address, or `-errno`. */
  getsockname(): SockAddr | OtherAddr | number {
    const rc = this.#native.getsockname();
    return rc < 0 ? rc : lastAddress()!;
  }

  /** `getpeername(2)`: the peer's address, or `-errno` (`-ENOTCONN`). */
  getpeername(): SockAddr | OtherAddr | number {
    const rc = this.#native.getpeername();
    return rc < 0 ? rc : lastAddress()!;
  }

  /** Whether `O_NONBLOCK` is set, or `-errno`. */
  getNonblock(): boolean | number {
    const rc = this.#native.getNonblock();
    return rc < 0 ? rc : rc === 1;
  }

  /**
   * Sets or clears `O_NONBLOCK`: 0 or `-errno`. A blocking socket makes recv, send,
   * accept and connect block the whole thread, as in C.
   */
  setNonblock(on: boolean): number {
    return this.#native.setNonblock(on);
  }

  /**
   * Whether child processes inherit the descriptor: sockets are made close-on-exec, and
   * `setInheritable(true)` clears `FD_CLOEXEC` so that a program started later (with
   * `child_process`) can be handed the descriptor number. 0 or `-errno`.
   */
  setInheritable(on: boolean): number {
    return this.#native.setInheritable(on);
  }

  /**
   * Sets an option from the typed table ({@link socketOptions}): 0 or `-errno`.
   * An unknown name, a read-only option or a value of the wrong shape throws TypeError.
   */
  setsockopt<N extends OptionName>(name: N, value: OptionValue<N>): number {
    const found = lookupOption(name);
    if (found === null) throw new TypeError(`unknown socket option ${String(name)}`);
    if (found === undefined) return -errno.ENOPROTOOPT;
    const [level, optname, spec] = found;
    if (spec.readonly) throw new TypeError(`socket option ${name} is read-only`);
    const [kind, a, b, c] = encodeOption(name, spec, value);
    // SO_RCVLOWAT, for one, can make a socket readable; SO_RCVBUF moves #quietBytes.
    noteActivity();
    this.#quietLimit = -1;
    return this.#native.setsockopt(level, optname, kind, a, b, c);
  }

  /** Reads an option from the typed table. An unknown name or a write-only option throws TypeError. */
  getsockopt<N extends OptionName>(name: N): OptionResult<OptionValue<N>> {
    const found = lookupOption(name);
    if (found === null) throw new TypeError(`unknown socket option ${String(name)}`);
    if (found === undefined) return { ok: false, errno: errno.ENOPROTOOPT };
    const [level, optname, spec] = found;
    if (spec.writeonly) throw new TypeError(`socket option ${name} is write-only`);
    return this.#get(level, optname, spec) as OptionResult<OptionValue<N>>;
  }

  /**
   * Sets an option by its level and number with an explicit value shape, for options
   * outside the table or tables that type an option differently: 0 or `-errno`.
   */
  setsockoptRaw(level: number, name: number, kind: OptionKind, value: unknown): number {
    const [k, a, b, c] = encodeOption(`option ${level}/${name}`, { level: 'SOL_SOCKET', kind }, value);
    noteActivity();
    this.#quietLimit = -1;
    return this.#native.setsockopt(level, name, k, a, b, c);
  }

  /**
   * Reads an option by its level and number with an explicit value shape. For
   * `'bytes'`, `capacity` (at most 1024) is the size of the buffer offered to the kernel,
   * which truncates longer values to it; by default the whole value is read.
   */
  getsockoptRaw(level: number, name: number, kind: OptionKind, capacity?: number): OptionResult<unknown> {
    if (capacity !== undefined && kind !== 'bytes') throw new TypeError(`capacity is for 'bytes' reads, not '${kind}'`);
    return this.#get(level, name, { level: 'SOL_SOCKET', kind }, capacity);
  }

  #get(level: number, optname: number, spec: OptionSpec, capacity?: number): OptionResult<unknown> {
    const [err, raw] = this.#native.getsockopt(level, optname, optionReadKind(spec), capacity);
    return err !== 0 ? { ok: false, errno: err } : { ok: true, value: decodeOption(spec, raw) };
  }

  /**
   * The number of the last readiness event in a direction of `mask` that this thread's
   * reactor collected for the socket (0: none since it was watched). The reactor numbers
   * events in the order it collects them (see {@link eventCount}), so two sockets'
   * numbers tell which turned ready first: on epoll for every event of a watched
   * socket, on the poll and select backends only for directions a wait armed.
   */
  lastEvent(mask: WaitMask): number {
    const r = runningReactor();
    if (r === undefined || this.#slot < 0 || this.#fd < 0) return 0;
    const read = mask & READABLE ? (r.readEvent[this.#slot] ?? 0) : 0;
    const write = mask & WRITABLE ? (r.writeEvent[this.#slot] ?? 0) : 0;
    return Math.max(read, write);
  }

  /**
   * The directions the reactor has seen ready since a call last found them idle (EAGAIN,
   * a short write on a stream, a short TCP read that stopped at no urgent-data mark):
   * a hint for skipping a syscall that would return EAGAIN. A socket the reactor has
   * not watched yet reports both ("unknown: try the call"). A hint of readiness may be
   * stale (see `hintsExact()`); a hint of idleness is only as old as the last
   * collected event. The poll and select backends watch only the directions a wait has
   * armed: there a direction found idle stays idle in this hint until a wait for it.
   */
  ready(): number {
    if (this.#fd < 0) return 0;
    if (this.#slot < 0) return READABLE | WRITABLE;
    const bits = reactor().readyBits;
    // Past the end only without shared bits (detached, or refused by the runtime): ask natively.
    return (this.#slot < bits.length ? bits[this.#slot]! : binding.ready(this.#id)) & (READABLE | WRITABLE);
  }

  /**
   * Notes what a read of this socket (`recv`, `recvfrom` without flags) returned, for
   * {@link Socket.drained}: `n` (bytes or `-errno`) of `asked` bytes. Call it after
   * every such read. An `EAGAIN` means the kernel had no more; so does a TCP read that
   * gave fewer bytes than asked, unless the reads since the last empty one took enough
   * to reopen the receive window (the peer's kernel then sends what it held back, with
   * no send anywhere: see #quietBytes).
   */
  markDrained(n: number, asked: number): void {
    if (n === -errno.EAGAIN) {
      this.#readRun = 0;
      this.#stampDrained();
    } else if (n > 0 && n < asked && this.#isTcp()) {
      const run = this.#readRun + n;
      this.#readRun = 0;
      if (run <= this.#quietBytes()) this.#stampDrained();
    } else {
      this.#readRun = n > 0 ? this.#readRun + n : 0;
    }
  }

  #stampDrained(): void {
    this.#drainedEpoch = activityEpoch();
    this.#drainedAt = performance.now();
  }

  // The most a run of TCP reads may take and leave the peer nothing to send unasked. A
  // read makes the kernel announce a bigger window once the window it last announced
  // has shrunk below half its largest, that is once about half the receive buffer was
  // queued unread; an eighth of SO_RCVBUF (which the kernel reports doubled) stays well
  // below that. Asked once per socket, and again after an option is set.
  #quietBytes(): number {
    if (this.#quietLimit < 0) {
      const r = this.getsockopt('SO_RCVBUF');
      this.#quietLimit = r.ok ? Math.floor(r.value / 8) : 0;
    }
    return this.#quietLimit;
  }

  #isTcp(): boolean {
    return this.type === SOCK_STREAM && (this.domain === AF_INET || this.domain === AF_INET6);
  }

  // Whether this TCP socket is connected to itself (a simultaneous open of one address
  // and port), so that its sends reach it. Asked once it is connected.
  #connectedToItself(): boolean {
    if (this.#selfConnected !== undefined) return this.#selfConnected;
    if (!this.#isTcp()) return (this.#selfConnected = false);
    const local = this.getsockname();
    const peer = this.getpeername();
    // Not connected (yet): its sends go nowhere now, but nothing is known for later.
    if (typeof local === 'number' || typeof peer === 'number') return true;
    const same = 'port' in local && 'port' in peer && local.host === peer.host && local.port === peer.port;
    return (this.#selfConnected = same);
  }

  /**
   * True when a read would surely find nothing now, so that an I/O loop that must try
   * its read before it waits (as the Lua originals do) may wait at once: the last read
   * marked with {@link Socket.markDrained} found the kernel drained less than a
   * millisecond ago, the reactor has seen no readiness since, and this thread has done
   * nothing since that may have sent the socket data: no send, connect, shutdown,
   * close or option set through the core (a stream socket's own sends excepted, unless
   * it is a TCP socket connected to itself), and no
   * switch to other code that a face reported with {@link noteSwitch}. Data from
   * another process within that millisecond is a race the read could have lost anyway.
   */
  drained(): boolean {
    return (
      this.#drainedEpoch === activityEpoch() &&
      this.#fd >= 0 &&
      (this.ready() & READABLE) === 0 &&
      performance.now() - this.#drainedAt < DRAINED_TRUST_MS
    );
  }

  /**
   * Registers the socket with this thread's reactor without waiting (a wait or
   * {@link Socket.ioReady} does it by itself), so that the readiness its calls learn
   * (EAGAIN, short reads) is remembered from now on. 0, or `-errno`: `-EINVAL` for a
   * descriptor the select backend cannot hold, `-EBADF` once closed. Throws a
   * `SysError` when this thread's poller cannot start (`EMFILE`).
   */
  watch(): number {
    if (this.#fd < 0) return -errno.EBADF;
    if (this.#slot >= 0) return 0;
    reactor();
    let rc = this.#native.watch();
    // Another handle is registered under the number the kernel gave this socket: its
    // descriptor was closed behind its back (a borrowed one closed by its owner, say).
    if (rc === -errno.EEXIST && this.#evictOtherWatcher()) rc = this.#native.watch();
    if (rc === 0) this.#noteSlot();
    return rc;
  }

  /**
   * Call before each syscall of an I/O loop. Returns the ready bits synchronously when
   * the syscall is worth trying now (the direction is ready, or not known to be idle);
   * otherwise a Promise that settles like {@link Socket.wait}. A socket that has made
   * its share of syscalls in this turn of the event loop gets a Promise that settles in
   * the next turn, so one busy socket never starves timers or other sockets.
   * Returns {@link CLOSED} for a closed socket.
   */
  ioReady(mask: WaitMask, deadline = Infinity): number | Promise<number> {
    checkMask(mask);
    checkDeadline(deadline);
    if (this.#fd < 0) return CLOSED;
    if (this.#slot < 0 && !this.#register()) return this.wait(mask, deadline);
    const known = this.#arm(mask);
    if (known === 0) {
      if (deadline !== Infinity && deadline <= monotonic()) {
        this.#disarmUnwanted(mask);
        return this.wait(mask, deadline);
      }
      return new Promise((resolve) => this._enqueue(mask, deadline, resolve));
    }
    if (known < 0) return Promise.reject(watchError(known, this.#fd, reactor().backend));
    if (this.withinTurn()) return known;
    return nextTurn().then(() => (this.#fd < 0 ? CLOSED : known));
  }

  /**
   * {@link Socket.ioReady} for callers that settle promises of their own: returns the
   * ready bits when the syscall is worth trying now, or -1 after arranging for `then` to
   * be called once with what ioReady's Promise would have settled with (ready bits, 0
   * at the deadline, {@link CLOSED}). It saves a Promise and a microtask per wait.
   * `then` may run inside the reactor's batch of ready events; if it throws, the error
   * is reported as uncaught after the batch is settled. Throws {@link SysError} when
   * the descriptor cannot be watched (select's `FD_SETSIZE`).
   */
  ioReadyThen(mask: WaitMask, deadline: number, then: (bits: number) => void): number {
    if (typeof then !== 'function') throw new TypeError('then must be a function');
    checkMask(mask);
    checkDeadline(deadline);
    if (this.#fd < 0) return CLOSED;
    if (this.#slot < 0) {
      const rc = this.watch();
      if (rc < 0) throw watchError(rc, this.#fd, reactor().backend);
    }
    const known = this.#arm(mask);
    if (known < 0) throw watchError(known, this.#fd, reactor().backend);
    if (known === 0) {
      if (deadline !== Infinity && deadline <= monotonic()) {
        // Past the deadline: one instant poll decides, as wait() does.
        this.#disarmUnwanted(mask);
        const now = this.#check(mask);
        queueMicrotask(() => then(now));
      } else {
        this._enqueue(mask, deadline, then);
      }
      return -1;
    }
    if (this.withinTurn()) return known;
    setImmediate(() => then(this.#fd < 0 ? CLOSED : known));
    return -1;
  }

  // The directions of mask known ready, 0 once armed, or -errno. What is known ready
  // needs no call, and where every event reaches JS (epoll) neither does arming: the
  // ready bits answer. Otherwise the native arm() arms (or finds it ready after all).
  #arm(mask: number): number {
    const r = reactor();
    const slot = this.#slot;
    if (slot >= 0 && slot < r.readyBits.length) {
      const seen = r.readyBits[slot]! & mask;
      if (seen !== 0 || r.reportsAll) return seen;
    }
    return binding.arm(this.#id, mask);
  }

  /**
   * Counts one syscall against this socket's share of the current turn of the event
   * loop (see {@link Socket.ioReady}): true while the share lasts, false once it is
   * spent (the caller should then let the loop turn). For I/O loops that make a syscall
   * before asking ioReady, as a read that always tries once before it waits does.
   */
  withinTurn(): boolean {
    const turn = currentTurn();
    if (turn !== this.#turn) {
      this.#turn = turn;
      this.#spent = 0;
    }
    return ++this.#spent <= TURN_BUDGET;
  }

  /**
   * Waits until the socket is ready in one of the directions of `mask`, or until
   * `deadline` (a {@link monotonic} time in seconds; Infinity for none). Resolves with
   * the ready bits (a subset of `mask`), 0 on timeout, or {@link CLOSED} when the
   * socket is or gets closed. The bits are what the kernel said when the reactor
   * collected the event (another waiter woken by the same event may have read the data
   * since, as with epoll or poll in C). A deadline already past polls once without
   * waiting. Rejects with {@link SysError} when the descriptor cannot be watched
   * (select's `FD_SETSIZE` limit).
   */
  wait(mask: WaitMask, deadline = Infinity): Promise<number> {
    try {
      const now = this._begin(mask, deadline);
      if (now >= 0) return Promise.resolve(now);
      return new Promise((resolve) => this._enqueue(mask, deadline, resolve));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * {@link Socket.wait} for callers that settle promises of their own: `then` is called
   * once with what wait's Promise would resolve with, from the reactor's batch of ready
   * events or a microtask, never synchronously. It saves a Promise and its microtask
   * hop. Throws what wait rejects with (a bad argument, an unwatchable descriptor).
   */
  waitThen(mask: WaitMask, deadline: number, then: (bits: number) => void): void {
    if (typeof then !== 'function') throw new TypeError('then must be a function');
    const now = this._begin(mask, deadline);
    if (now >= 0) queueMicrotask(() => then(now));
    else this._enqueue(mask, deadline, then);
  }

  /**
   * @internal First half of a wait: the immediate outcome (ready bits, 0 for a past
   * deadline, CLOSED), or -1 when the caller must enqueue a waiter (the direction is
   * then armed).
   */
  _begin(mask: number, deadline: number): number {
    checkMask(mask);
    checkDeadline(deadline);
    if (this.#fd < 0) return CLOSED;
    const r = reactor();
    if (this.#slot < 0) this.#register();
    if (deadline !== Infinity && deadline <= monotonic()) return this.#check(mask);
    // Readiness remembered from earlier events may be stale (the data was read since),
    // and a fresh registration knows nothing yet: the kernel decides, and a stale memory
    // is forgotten so that arming really arms.
    if ((this.ready() & mask) !== 0) {
      const now = this.#check(mask);
      if (now !== 0) return now;
      this.#native.forget(mask);
    }
    const bits = this.#arm(mask);
    if (bits < 0) throw watchError(bits, this.#fd, r.backend);
    if (this.#slot < 0) this.#noteSlot();
    return bits > 0 ? bits : -1;
  }

  // One instant poll; what it finds ready is remembered, so the I/O that follows goes
  // ahead instead of asking again (which, with a past deadline, would poll forever).
  #check(mask: number): number {
    const now = instantCheck(this, mask);
    if ((now & (READABLE | WRITABLE)) !== 0) this.#native.mark(now & (READABLE | WRITABLE));
    return now;
  }

  // Registers with the reactor (without waiting) so that EAGAIN and short reads are
  // remembered; false for a descriptor the backend cannot watch (it stays unregistered,
  // and a wait reports why).
  #register(): boolean {
    return this.watch() === 0;
  }

  // Makes another handle registered under this socket's number give it up without
  // closing it (its waits settle with CLOSED): that handle's descriptor is this one, or
  // is gone. A borrowing handle owns nothing to claim the number with. Whether one was.
  #evictOtherWatcher(closing = false): boolean {
    if (this.#borrowed) return false;
    const other = Socket.watchedByFd(this.#fd);
    if (other === undefined || other === this) return false;
    other.#closedByOwner = closing;
    other.detach();
    return true;
  }

  /**
   * For a handle from {@link Socket.borrow}: whether the socket of this thread that owns
   * the descriptor closed it. A borrowed handle's waits also end with {@link CLOSED}
   * when the owning socket begins to watch the descriptor itself, or when the number is
   * closed behind its owner's back; then this is false.
   */
  get closedByOwner(): boolean {
    return this.#closedByOwner;
  }

  #noteSlot(): void {
    this.#slot = this.#native.slot();
    const r = reactor();
    r.noteSlot(this.#slot);
    r.registered[this.#slot] = new WeakRef(this);
  }

  /** @internal Second half of a wait: queues a waiter settled by readiness, deadline or close. */
  _enqueue(mask: number, deadline: number, settle: (bits: number) => void): Waiter {
    return this._add(new Waiter(this, mask, deadline, settle));
  }

  /** @internal {@link Socket._enqueue} for a waiter made by the caller (of this socket). */
  _add<W extends Waiter>(w: W): W {
    const deadline = w.deadline;
    (this.#waiters ??= []).push(w);
    const r = reactor();
    r.waitAdded();
    r.waiting[this.#slot] = this;
    if (deadline !== Infinity) r.addDeadline(w);
    return w;
  }

  /**
   * @internal Makes this socket an entry of a waitAny without a waiter of its own: its
   * next event in `mask`, or its close, calls `any.entryReady(index)`, at most
   * once; {@link Socket._leaveAny} ends that. A select over many sockets then costs a
   * few stores per socket instead of a waiter each. Only where every event reaches JS
   * (epoll), for a registered socket that the reactor believes idle in `mask` and that
   * is no entry of another waitAny: false otherwise (the caller waits the usual way).
   * The caller counts the whole waitAny as one wait of the reactor.
   */
  _joinAny(any: AnyTarget, index: number, mask: number): boolean {
    const slot = this.#slot;
    if (this.#any !== undefined || slot < 0) return false;
    const r = reactor();
    if (!r.reportsAll || slot >= r.readyBits.length || (r.readyBits[slot]! & mask) !== 0) return false;
    this.#any = any;
    this.#anyIndex = index;
    this.#anyMask = mask;
    r.waiting[slot] = this;
    return true;
  }

  /** @internal Leaves the waitAny joined with {@link Socket._joinAny}. */
  _leaveAny(): void {
    this.#any = undefined;
    this.#unwatchIfIdle(reactor());
  }

  // The reactor keeps the socket in its `waiting` table while a waiter or a waitAny
  // waits on it: the last of them to go takes it out.
  #unwatchIfIdle(r: Reactor): void {
    if (this.#slot >= 0 && this.#any === undefined && (this.#waiters === undefined || this.#waiters.length === 0)) r.waiting[this.#slot] = undefined;
  }

  /** @internal Removes a waiter that will not be settled by readiness (timeout or cancel). */
  _drop(w: Waiter): void {
    const ws = this.#waiters;
    if (ws === undefined || ws.length === 0) return;
    // Usually the only or the newest waiter: pop it without a search or a splice.
    const last = ws.length - 1;
    if (ws[last] === w) ws.pop();
    else {
      const i = ws.indexOf(w);
      if (i < 0) return;
      ws.splice(i, 1);
    }
    const r = reactor();
    r.waitsRemoved(1);
    if (w.heapIndex >= 0) r.removeDeadline(w);
    this.#disarmUnwanted(w.mask);
    this.#unwatchIfIdle(r);
  }

  // Stops watching the directions of mask that no remaining waiter wants.
  #disarmUnwanted(mask: number): void {
    let still = 0;
    for (const w of this.#waiters ?? []) still |= w.mask;
    const unwanted = mask & ~still;
    if (unwanted !== 0 && !reactor().reportsAll) this.#native.disarm(unwanted);
  }

  /** @internal Called by the reactor with the directions that turned ready. */
  onReady(bits: number): void {
    const any = this.#any;
    // The waitAny ends at once and leaves every entry (this one too) before any waiter is settled.
    if (any !== undefined && (bits & this.#anyMask) !== 0) any.entryReady(this.#anyIndex);
    const ws = this.#waiters;
    if (ws === undefined || ws.length === 0) return;
    const r = reactor();
    // The waiters to settle are taken out before any is settled: a settle may queue a
    // new waiter on this socket (or drop a sibling), which must wait for a new event.
    if (ws.length === 1) {
      const w = ws[0]!;
      const hit = w.mask & bits;
      if (hit === 0) return;
      // pop(), not length = 0: that would free the array's storage, for the next wait to regrow.
      ws.pop();
      this.#unwatchIfIdle(r);
      if (w.heapIndex >= 0) r.removeDeadline(w);
      w.fire(hit);
      // After the settle: what it queues runs before the reactor thinks of letting go.
      r.waitsRemoved(1);
      return;
    }
    const fired = ws.filter((w) => (w.mask & bits) !== 0);
    if (fired.length === 0) return;
    this.#waiters = ws.filter((w) => (w.mask & bits) === 0);
    this.#unwatchIfIdle(r);
    for (const w of fired) {
      if (w.heapIndex >= 0) r.removeDeadline(w);
      w.fire(w.mask & bits);
    }
    r.waitsRemoved(fired.length);
  }

  #release(): void {
    const slot = this.#slot;
    this.#fd = -1;
    this.#slot = -1;
    this.#spare = undefined;
    const ws = this.#waiters;
    this.#waiters = undefined;
    if (slot < 0) return;
    const r = reactor();
    r.waiting[slot] = undefined;
    r.registered[slot] = undefined;
    const any = this.#any;
    if (any !== undefined) {
      this.#any = undefined;
      any.entryReady(this.#anyIndex);
    }
    if (ws === undefined || ws.length === 0) return;
    for (const w of ws) {
      if (w.heapIndex >= 0) r.removeDeadline(w);
      w.fire(CLOSED);
    }
    r.waitsRemoved(ws.length);
  }
}
