// The lsocket socket object (the C module's `socket` userdata) and its ten methods.
import { Buffer } from 'node:buffer';
import {
  AF_INET,
  AF_INET6,
  AF_UNIX,
  MSG_PEEK,
  MSG_TRUNC,
  READABLE,
  SOCK_DGRAM,
  SOCK_STREAM,
  WRITABLE,
  errno,
  lastAddress,
  pollOnce,
  textOrBytes,
  type OtherAddr,
  type SockAddr,
  type Socket as CoreSocket,
  type WaitMask,
} from '@sockport/core';
import { cPort, resolveTarget } from './address.js';
import {
  argError,
  cKeyword,
  checkInteger64,
  checkNumber,
  checkString,
  fail,
  luaTypeName,
  optNumber,
  optString,
  recognizeSockets,
  type Failure,
  type LuaString,
} from './lua.js';

/** An address family as lsocket names it. */
export type Family = 'inet' | 'inet6' | 'unix';

/** What `sock.info()` returns: the socket's own state. */
export interface SocketInfo {
  /** The descriptor, -1 once closed or given up with `setfd(-1)`. */
  fd: number;
  /** The address family, `'unknown'` once closed. */
  family: Family | 'unknown';
  /** `'tcp'` for any stream socket, `'udp'` for any datagram socket, `'unknown'` once closed. */
  type: 'tcp' | 'udp' | 'unknown';
  /** True for sockets made by `bind` (TCP and UDP alike) until closed. */
  listening: boolean;
  /** True for sockets made with the type `'mcast'` (and sockets accepted from them). */
  multicast: boolean;
}

/**
 * What `sock.info('socket')` and `sock.info('peer')` return. Unix addresses have no
 * port; their `addr` is `''` for an unnamed end and for an abstract name.
 */
export type AddressInfo =
  | { family: 'inet' | 'inet6'; addr: string; port: number }
  /** A unix path that is not UTF-8 is a Buffer of its bytes. */
  | { family: 'unix'; addr: string | Buffer };

/** `sock.recv()`: the data, `false` when none is waiting, a lone `null` at end of stream, or an error. */
export type RecvResult = [Buffer] | [false] | [null] | Failure;
/**
 * `sock.recvfrom()`: the data with the sender's address and port, `false`, a lone
 * `null`, or an error. A unix sender's path that is not UTF-8 is a Buffer of its bytes.
 */
export type RecvfromResult = [Buffer, string | Buffer, number] | [false] | [null] | Failure;
/** `sock.send()` and `sock.sendto()`: the bytes sent (maybe fewer than given), `false` when the socket is full, or an error. */
export type SendResult = [number] | [false] | Failure;
/** `sock.accept()`: the new socket with the peer's address and port (both null for unix), `false` when none is pending, or an error. */
export type AcceptResult = [Socket, string, number] | [Socket, null, null] | [false] | Failure;
/** `sock.info()` in every form. */
export type InfoResult = [SocketInfo] | [AddressInfo] | [null] | Failure;
/** `true`, or an error. */
export type OkResult = [true] | Failure;

/** lsocket's default read size: the C buffer size `LUAL_BUFFERSIZE` (8192 on 64-bit Linux). */
const DEFAULT_READ = 8192;
/** The largest read buffer kept between calls: more than any UDP datagram. */
const SCRATCH_MAX = 1 << 20;
const UINT32_MAX = 0xffffffff;

const internal = Symbol('lsocket');
let scratch = Buffer.allocUnsafe(65536);
let counter = 0;

// recv(size) and recvfrom(size): lsocket converts the size to a uint32 and raises
// when its integer value does not fit (negative sizes are undefined in C: raised too).
function readSize(size: unknown, fname: string): number {
  const n = Math.trunc(optNumber(size, DEFAULT_READ, 1, fname));
  if (!(n >= 0 && n <= UINT32_MAX)) throw new TypeError(`bad argument #1 to '${fname}' (invalid number)`);
  return n;
}

// The buffer one read goes into. lsocket allocates the size asked for; here reads
// share one buffer and a stream read beyond it is just shorter (as recv may always be),
// while a datagram read beyond it first peeks at the datagram's real length, so that
// a huge size never allocates more than the datagram needs.
function readBuffer(sock: CoreSocket, length: number): Buffer | number {
  if (length > SCRATCH_MAX) {
    if (sock.type !== SOCK_DGRAM) length = SCRATCH_MAX;
    else {
      const pending = sock.recv(scratch, MSG_PEEK | MSG_TRUNC, 0, 0);
      if (pending < 0) return pending;
      return Buffer.allocUnsafe(Math.min(length, pending));
    }
  }
  if (scratch.length < length) scratch = Buffer.allocUnsafe(length);
  return length === scratch.length ? scratch : scratch.subarray(0, length);
}

function bytesOf(data: LuaString): Uint8Array {
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
}

function copyOut(buffer: Buffer, n: number): Buffer {
  const out = Buffer.allocUnsafe(n);
  // A plain typed-array copy: Buffer#copy validates and builds this view anyway.
  out.set(new Uint8Array(buffer.buffer, buffer.byteOffset, n));
  return out;
}

// A read or write result in lsocket's shape: EAGAIN is `false`, any other errno an error.
function notReady(rc: number): [false] | Failure {
  return rc === -errno.EAGAIN ? [false] : fail(-rc);
}

function familyName(family: number): Family | 'unknown' {
  return family === AF_INET ? 'inet' : family === AF_INET6 ? 'inet6' : family === AF_UNIX ? 'unix' : 'unknown';
}

function familyOf(address: SockAddr | OtherAddr): number {
  return address.family === 'inet' ? AF_INET : address.family === 'inet6' ? AF_INET6 : address.family === 'unix' ? AF_UNIX : address.family;
}

// _addr2string for unix addresses: the path up to its NUL; '' for an unnamed end, and
// for an abstract name (its first byte is NUL). A path that is not UTF-8 comes as its
// bytes, so that it still names the same file when given back.
function unixText(address: SockAddr | OtherAddr): string | Buffer {
  if (address.family !== 'unix' || address.abstract) return '';
  const raw = address.bytes;
  if (raw === undefined) return address.path;
  const end = raw.indexOf(0);
  return textOrBytes(raw.subarray(0, end < 0 ? raw.length : end));
}

function addressInfo(address: SockAddr | OtherAddr): AddressInfo {
  if (address.family === 'inet' || address.family === 'inet6') return { family: address.family, addr: address.host, port: address.port };
  return { family: 'unix', addr: unixText(address) };
}

/** @internal The state a socket is made with. */
export interface Shape {
  family: number;
  type: number;
  multicast: boolean;
  protocol: number;
  listening: boolean;
}

/** @internal The core socket of an lsocket socket, or undefined for any other value. */
export let coreOf: (value: unknown) => CoreSocket | undefined;
/** @internal Wraps a core socket that a constructor made. */
export let wrap: (sock: CoreSocket, shape: Shape) => Socket;
/** @internal What select keeps of an lsocket socket, or undefined for any other value. */
export let selectState: (value: unknown) => SelectState | undefined;

/** @internal What select keeps for each socket. */
export interface SelectState {
  readonly socket: Socket;
  readonly sock: CoreSocket;
  /**
   * The directions (READABLE, WRITABLE) in which the reactor's readiness hint is exact,
   * so that select can believe it without asking the kernel. The reactor forgets a
   * direction's readiness when a call hits EAGAIN, reads less than asked from TCP or
   * writes less than asked to a stream, and learns it again only from a new event;
   * after any other call (a full read, an accept, a datagram) the hint may say ready
   * when the kernel no longer is.
   */
  trusted: number;
  /** Whether the reactor watches the socket (its hints mean nothing before). */
  watched: boolean;
  /** The select call that last listed the socket, and its entry there (to list it once). */
  seen: number;
  entry: number;
  /** The `[socket, mask]` pairs the core's waits take, made once per mask. */
  readonly waits: ([CoreSocket, WaitMask] | undefined)[];
}

/**
 * An lsocket socket: made by {@link bind}, {@link connect} or `accept`, always
 * non-blocking, with `SO_REUSEADDR` set. No method ever blocks: one that would returns
 * `false`. A socket that becomes garbage is closed.
 */
export class Socket {
  #sock: CoreSocket;
  #family: number;
  #type: number;
  #multicast: boolean;
  #protocol: number;
  #listening: boolean;
  #id = ++counter;
  #select: SelectState;

  private constructor(key: symbol, sock: CoreSocket, shape: Shape) {
    if (key !== internal) throw new TypeError('lsocket sockets are made by bind, connect and accept');
    this.#sock = sock;
    this.#family = shape.family;
    this.#type = shape.type;
    this.#multicast = shape.multicast;
    this.#protocol = shape.protocol;
    this.#listening = shape.listening;
    this.#select = { socket: this, sock, trusted: 0, watched: false, seen: 0, entry: 0, waits: [] };
  }

  /**
   * Information about the socket. Without an argument: `{ fd, family, type, listening,
   * multicast }`. With `'socket'` or `'peer'` (any case): the local or the remote
   * address, `{ family, addr, port }` (no `port` for unix), or `nil, message` when the
   * kernel has none (`'Transport endpoint is not connected'`). Any other text: a lone
   * `null`.
   *
   * Lua: `tbl = sock:info([what])`
   */
  info(): [SocketInfo];
  info(what: 'peer' | 'socket'): [AddressInfo] | Failure;
  info(what?: LuaString | number | null): InfoResult;
  info(what?: unknown): InfoResult {
    own(this, 'info');
    const which = optString(what, 1, 'info');
    if (which === null) {
      return [
        {
          fd: this.#sock.fd,
          family: familyName(this.#family),
          type: this.#type === SOCK_STREAM ? 'tcp' : this.#type === SOCK_DGRAM ? 'udp' : 'unknown',
          listening: this.#listening,
          multicast: this.#multicast,
        },
      ];
    }
    const name = cKeyword(which);
    if (name !== 'peer' && name !== 'socket') return [null];
    const address = name === 'peer' ? this.#sock.getpeername() : this.#sock.getsockname();
    return typeof address === 'number' ? fail(-address) : [addressInfo(address)];
  }

  /**
   * The socket's pending error (`SO_ERROR`), read and thereby cleared: `true` when
   * there is none. Call it after `select` reports a connecting socket writable.
   *
   * Lua: `ok, err = sock:status()`
   */
  status(): OkResult {
    own(this, 'status');
    const error = this.#sock.getsockopt('SO_ERROR');
    if (!error.ok) return fail(error.errno);
    if (error.value === 0) return [true];
    // The pending error made the socket ready; taking it may leave it idle.
    this.#select.trusted = 0;
    return fail(error.value);
  }

  /**
   * The socket's descriptor, or -1 once closed or given up.
   *
   * Lua: `fd = sock:getfd()`
   */
  getfd(): number {
    own(this, 'getfd');
    return this.#sock.fd;
  }

  /**
   * Gives the descriptor up without closing it (only `-1` is accepted): the socket
   * then has no descriptor, and neither `close` nor the garbage collector touches the
   * kernel socket, which stays open for whoever took its number from `getfd()` (a child
   * process too: the descriptor is no longer close-on-exec). Any other number returns `nil, "bad argument #1 to 'setfd' (invalid fd)"`.
   *
   * Lua: `ok, err = sock:setfd(-1)`
   */
  setfd(fd: number): OkResult {
    own(this, 'setfd');
    if (checkInteger64(fd, 1, 'setfd') !== -1n) return [null, "bad argument #1 to 'setfd' (invalid fd)"];
    if (!this.#sock.closed) {
      // Handed over "for interaction with other packages", a child process included: the
      // descriptor is no longer close-on-exec, as lsocket's never are.
      this.#sock.setInheritable(true);
      this.#sock.detach();
    }
    return [true];
  }

  /**
   * Accepts a pending connection: the new socket (non-blocking, `SO_REUSEADDR`) with the
   * peer's address and port (`null, null` for a unix peer), `false` when no connection
   * is waiting, or `nil, message`.
   *
   * Lua: `sock, addr, port = sock:accept()`
   */
  accept(): AcceptResult {
    own(this, 'accept');
    const sock = this.#sock;
    const accepted = sock.accept();
    const state = this.#select;
    state.trusted = accepted === -errno.EAGAIN ? state.trusted | READABLE : state.trusted & ~READABLE;
    if (typeof accepted === 'number') {
      if (accepted === -errno.EAGAIN || sock.closed) return notReady(accepted);
      // lsocket polls for readability before it accepts, so a socket with nothing to
      // read answers false whatever accept would say.
      return readable(sock) ? fail(-accepted) : [false];
    }
    const peer = lastAddress();
    accepted.setsockopt('SO_REUSEADDR', true);
    const child = new Socket(internal, accepted, {
      family: peer === null ? this.#family : familyOf(peer),
      type: this.#type,
      multicast: this.#multicast,
      protocol: this.#protocol,
      listening: false,
    });
    if (peer !== null && (peer.family === 'inet' || peer.family === 'inet6')) return [child, peer.host, peer.port];
    return [child, null, null];
  }

  /**
   * Reads up to `size` bytes (default 8192) with one `recv`: the data, `false` when
   * nothing is waiting, a lone `null` when the peer closed the stream (also for
   * `recv(0)` with data waiting, and for an empty datagram), or `nil, message`.
   * A datagram longer than `size` is cut, the rest is lost.
   *
   * Lua: `str = sock:recv([size])`
   */
  recv(size?: number): RecvResult {
    own(this, 'recv');
    const [buffer, n] = this.#receive(size, 'recv');
    if (n > 0) return [copyOut(buffer, n)];
    return n === 0 ? [null] : notReady(n);
  }

  /**
   * Reads one datagram (up to `size` bytes, default 8192): the data with the sender's
   * address and port (a unix sender gives its path, or `''`, and port 0), `false` when
   * nothing is waiting, a lone `null` for an empty datagram or the end of a stream, or
   * `nil, message`.
   *
   * Lua: `str, addr, port = sock:recvfrom([size])`
   */
  recvfrom(size?: number): RecvfromResult {
    own(this, 'recvfrom');
    const [buffer, n] = this.#receive(size, 'recvfrom');
    if (n < 0) return notReady(n);
    if (n === 0) return [null];
    // Without a sender address from the kernel (a stream socket, an unnamed unix
    // sender) lsocket formats garbage; here the connected peer stands in, if any.
    const from = lastAddress() ?? this.#sock.getpeername();
    const out = copyOut(buffer, n);
    if (typeof from === 'number') return [out, '', 0];
    if (from.family === 'inet' || from.family === 'inet6') return [out, from.host, from.port];
    return [out, unixText(from), 0];
  }

  /**
   * Sends with one `send` (never raising SIGPIPE): the bytes the kernel took, which may
   * be fewer than given (loop for the rest), `false` when the socket cannot take any,
   * or `nil, message` (`'Broken pipe'`, `'Connection reset by peer'`, ...). Numbers
   * are sent as Lua writes them.
   *
   * Lua: `nbytes = sock:send(string)`
   */
  send(data: LuaString | number): SendResult {
    own(this, 'send');
    const payload = bytesOf(checkString(data, 1, 'send'));
    const n = this.#sock.send(payload);
    this.#note(WRITABLE, n);
    return n >= 0 ? [n] : notReady(n);
  }

  /**
   * Sends one datagram to `address` and `port`, resolved as `connect` resolves them
   * (for this socket's type): the bytes sent, `false` when the socket cannot take it,
   * or `nil, message`.
   *
   * Lua: `nbytes = sock:sendto(string, address, port)`
   */
  sendto(data: LuaString | number, address: LuaString | number, port: number): SendResult {
    own(this, 'sendto');
    const payload = bytesOf(checkString(data, 1, 'sendto'));
    const where = checkString(address, 2, 'sendto');
    const target = resolveTarget(where, this.#type, cPort(checkNumber(port, 3, 'sendto')));
    if (typeof target === 'string') return [null, target];
    const sock = this.#sock;
    if (typeof target.address === 'number') return fail(sock.closed ? errno.EBADF : -target.address);
    const n = sock.sendto(payload, target.address);
    this.#note(WRITABLE, n);
    return n >= 0 ? [n] : notReady(n);
  }

  /**
   * Closes the socket: `true`, also when it was already closed. Its type becomes
   * `'unknown'` and it stops being listening. A unix socket's file is left in place.
   *
   * Lua: `ok = sock:close()`
   */
  close(): OkResult {
    own(this, 'close');
    const rc = this.#sock.closed ? 0 : this.#sock.close();
    this.#type = -1;
    this.#listening = false;
    return rc < 0 ? fail(-rc) : [true];
  }

  // One recv (or recvfrom, which leaves the sender in lastAddress) of up to `size`
  // bytes: the buffer read into and the count, or -errno.
  #receive(size: unknown, fname: 'recv' | 'recvfrom'): [Buffer, number] {
    const sock = this.#sock;
    const buffer = readBuffer(sock, readSize(size, fname));
    if (typeof buffer === 'number') return [scratch, buffer];
    const n = fname === 'recv' ? sock.recv(buffer) : sock.recvfrom(buffer);
    this.#note(READABLE, n);
    return [buffer, n];
  }

  // Keeps select's trust in the reactor's hint for a direction after a call that gave n
  // (see SelectState.trusted). The core forgets a direction's readiness when the call
  // proved it idle (EAGAIN, a short TCP read, a short stream write): its hint is then
  // exact until the next event. Otherwise (a full read, a short unix stream read, which
  // may have stopped early at a message carrying descriptors) only the kernel knows.
  #note(direction: number, n: number): void {
    const state = this.#select;
    const sock = this.#sock;
    // A unix datagram sender's room is the receiver's queue, which other senders fill
    // without an event here: its writable hint is never exact.
    const shared = direction === WRITABLE && sock.domain === AF_UNIX && sock.type === SOCK_DGRAM;
    // A failed call took the socket's pending error, which had made it ready both ways.
    if (n < 0 && n !== -errno.EAGAIN) state.trusted = 0;
    else if (!shared && (sock.ready() & direction) === 0) state.trusted |= direction;
    else state.trusted &= ~direction;
  }

  /** lsocket's `tostring(sock)`: `socket: 0x…`, distinct for every socket. */
  toString(): string {
    own(this, 'tostring');
    return `socket: 0x${(0x7f0000000000 + this.#id * 0x40).toString(16)}`;
  }

  /** How `console.log` and `util.inspect` show a socket: as `tostring` does. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  static {
    coreOf = (value) => (typeof value === 'object' && value !== null && #sock in value ? (value as Socket).#sock : undefined);
    selectState = (value) => (typeof value === 'object' && value !== null && #select in value ? (value as Socket).#select : undefined);
    wrap = (sock, shape) => new Socket(internal, sock, shape);
    recognizeSockets((value) => coreOf(value) !== undefined);
  }
}

// Every method checks its receiver as lsocket's luaL_checkudata does.
function own(self: unknown, fname: string): void {
  if (coreOf(self) === undefined) throw argError(1, fname, `socket expected, got ${luaTypeName(self)}`);
}

// accept's zero-timeout check, by poll(2) on every backend: lsocket's select(2) would
// overflow its fd_set for a descriptor of 1024 or more, which is not worth copying.
// An error lets accept(2) report it.
function readable(sock: CoreSocket): boolean {
  const bits = pollOnce(sock, READABLE);
  return bits < 0 || (bits & READABLE) !== 0;
}
