// What every socket2 socket has: its type, family and protocol names, close, bind,
// options, and the address lookup in the socket's own type and family.
import type { Socket as CoreSocket } from '@sockport/core';
import { AddrInfo } from './addrinfo.js';
import { watchNow } from './io.js';
import { isAddrTable, methodQuery, resolve, type AddrTarget, type LookupResult } from './lookup.js';
import { describe } from './lua.js';
import { addrFlags, familyName, protocolName, typeName, type AddrFlags, type FamilyName, type ProtocolName, type SocketTypeName } from './names.js';
import { getopt, setopt, type OptName, type OptValue } from './options.js';
import { failure, type Done, type Failure } from './results.js';
import { Addr } from './sockaddr.js';

/** The result of a close: `[true]`, or `[false, message, errno]` (the descriptor is released anyway). */
export type CloseResult = [true] | [false, string, number];

/**
 * The methods every socket has ({@link TCP}, {@link UDP}, {@link RAW}). Use after
 * {@link Socket.close} raises, as in the original, except for type, family,
 * protocol, closed and close.
 */
export abstract class Socket {
  /** Always true: tells sockets apart from other values, as the original's field does. */
  readonly issocket = true as const;
  /** @internal The core socket. */
  readonly core: CoreSocket;
  /** @internal Set by bind() and by connect()'s implicit bind: a second bind raises. */
  bound = false;
  /** @internal How many threads wait on this socket now. */
  waiters = 0;
  /** @internal The numbers the socket was created with: type, family, protocol. */
  readonly st: number;
  /** @internal */
  readonly af: number;
  /** @internal */
  readonly pr: number;
  // The last address looked up without a resolver, for sends to the same peer.
  #lastHost: unknown;
  #lastPort: unknown;
  #lastAddr: Addr | undefined;

  /** @internal */
  constructor(core: CoreSocket, type: number, family: number, protocol: number) {
    this.core = core;
    this.st = type;
    this.af = family;
    this.pr = protocol;
  }

  /** @internal The lowercase class name used in messages: `'tcp'`, `'udp'`, `'raw'`. */
  abstract get kind(): SocketTypeName;

  /** The descriptor number (the original's `s.s`), or null once closed. */
  get s(): number | null {
    const fd = this.core.fd;
    return fd < 0 ? null : fd;
  }

  /** @internal The open core socket, for method `fn`: raises on a closed socket. */
  open(fn: string): CoreSocket {
    if (this.core.closed) throw new TypeError(`bad argument 'self' to '${fn}' (expected an open socket, got a closed one)`);
    return this.core;
  }

  /** The socket type: `'tcp'`, `'udp'` or `'raw'`. */
  type(): SocketTypeName | null {
    return typeName(checkSelf(this, 'type').st);
  }

  /** The address family: `'inet'`, `'inet6'` or `'unix'` (null for a number socket2 has no name for). */
  family(): FamilyName | null {
    return familyName(checkSelf(this, 'family').af);
  }

  /** The protocol: `'tcp'`, `'udp'`, `'raw'`, `'ip'` (0, as for unix sockets), ... */
  protocol(): ProtocolName | null {
    return protocolName(checkSelf(this, 'protocol').pr);
  }

  /** Whether the socket has been closed. */
  closed(): boolean {
    return checkSelf(this, 'closed').core.closed;
  }

  /**
   * Closes the socket. Threads waiting on it wake up with `nil, 'closed'`. The kernel
   * sends a RST instead of a FIN when unread data is queued or `so_linger` was set to
   * 0. Closing a closed socket does nothing and returns `[true]`.
   */
  close(): CloseResult {
    const s = checkSelf(this, 'close').core;
    if (s.closed) return [true];
    const rc = s.close();
    return rc < 0 ? [false, ...(failure(rc).slice(1) as [string, number])] : [true];
  }

  /**
   * Binds to an address (default `'*'`, port 0: all interfaces, any port), or to an
   * address list's first entry. A socket binds once: a second bind raises
   * `assertion failed!`, as in the original.
   */
  bind(host?: AddrTarget, port?: number | string | Uint8Array | null, addr_flags?: AddrFlags | null): Promise<Done | Failure> {
    if (checkSelf(this, 'bind').bound) throw new Error('assertion failed!');
    const target = this.target(host, host instanceof AddrInfo ? null : port, host instanceof AddrInfo ? null : addr_flags, 1, 'bind');
    return this.afterLookup(target, 'bind', (s, a) => this.bindTo(s, a));
  }

  /**
   * @internal Runs `op` on the open socket with `target` looked up. As the original looks
   * up first, a failed lookup is returned even by a closed socket, whose call raises
   * otherwise (at the call itself when the lookup needs no resolver).
   */
  afterLookup<A, R>(target: A | Failure | Promise<A | Failure>, fn: string, op: (s: CoreSocket, a: A) => R | Promise<R>): Promise<R | Failure> {
    const go = (a: A | Failure): R | Failure | Promise<R> => (Array.isArray(a) ? (a as Failure) : op(this.open(fn), a as A));
    return target instanceof Promise ? target.then(go) : Promise.resolve(go(target));
  }

  /** @internal Binds to a looked-up address. */
  bindTo(s: CoreSocket, a: Addr | Failure): Done | Failure {
    if (Array.isArray(a)) return a;
    const encoded = a.encoded();
    const rc = typeof encoded === 'number' ? encoded : s.bind(encoded);
    if (rc < 0) return failure(rc);
    this.bound = true;
    watchNow(s);
    return [true];
  }

  /**
   * Sets an option: `setopt('so_reuseaddr', true)`, `setopt('tcp_nodelay', true)`,
   * `setopt('so_linger', 0)` (RST on close), ... An unknown name raises `invalid socket
   * option`, a read-only one `read-only socket option`.
   */
  setopt<N extends OptName>(opt: N, val: OptValue<N>): Done | Failure {
    return setopt(checkSelf(this, 'setopt').open('setopt'), opt, val);
  }

  /** Reads an option (see {@link Socket.setopt}); a write-only one raises `write-only socket option`. */
  getopt<N extends OptName>(opt: N): [OptValue<N>] | Failure {
    return getopt(checkSelf(this, 'getopt').open('getopt'), opt) as [OptValue<N>] | Failure;
  }

  /**
   * Looks up an address for this socket's type, family and protocol (the original's
   * undocumented `s:addr(host, port)`); see {@link addr}. An address object passes
   * through as `[ai, true]`, and an {@link addr} table is looked up as addr() takes it:
   * its own fields count, not the socket's type and family, as in the original. Every
   * method that takes `host, port` takes these too.
   */
  addr(host?: AddrTarget, port?: number | string | Uint8Array | null, flags?: AddrFlags | null): Promise<LookupResult | [AddrInfo, true]> {
    checkSelf(this, 'addr');
    const p = methodQuery(host, port, this.st, this.af, this.pr, flags, 1, 'addr');
    if ('pass' in p) return Promise.resolve([p.pass, true]);
    if ('failed' in p) return Promise.resolve(p.failed);
    const r = resolve(p.query, false);
    const shape = (x: AddrInfo | Failure): LookupResult => (Array.isArray(x) ? x : [x]);
    return r instanceof Promise ? r.then(shape) : Promise.resolve(shape(r));
  }

  /**
   * The local address (the port chosen for port 0, for one). Not in the original,
   * which has no way to learn it.
   */
  getsockname(): [Addr] | Failure {
    const a = checkSelf(this, 'getsockname').open('getsockname').getsockname();
    return typeof a === 'number' ? failure(a) : [new Addr(a)];
  }

  /** The peer's address of a connected socket. Not in the original. */
  getpeername(): [Addr] | Failure {
    const a = checkSelf(this, 'getpeername').open('getpeername').getpeername();
    return typeof a === 'number' ? failure(a) : [new Addr(a)];
  }

  /** `'tcp: fd 5'`, or `'tcp: closed'`. */
  toString(): string {
    const fd = checkSelf(this, 'toString').core.fd;
    return `${this.kind}: ${fd < 0 ? 'closed' : `fd ${fd}`}`;
  }

  /** How Node's console shows it: `TCP { tcp: fd 5 }`. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `${this.constructor.name} { ${this.toString()} }`;
  }

  /**
   * @internal The address a call names by `host, port` (or by an ai object): looked
   * up in this socket's type and family, at once when no resolver is needed. The last
   * such address is kept, so repeated sends to one peer cost no lookup.
   */
  target(host: unknown, port: unknown, flags: unknown, n: number, fn: string): Addr | Failure | Promise<Addr | Failure> {
    if (host instanceof AddrInfo) return host.addr;
    const f = isAddrTable(host) ? 0 : addrFlags(flags);
    if (f === 0 && this.#lastAddr !== undefined && host === this.#lastHost && port === this.#lastPort) return this.#lastAddr;
    const p = methodQuery(host, port, this.st, this.af, this.pr, f, n, fn);
    if ('pass' in p) return p.pass.addr;
    if ('failed' in p) return p.failed;
    const r = resolve(p.query, false);
    if (r instanceof Promise) return r.then((x) => (Array.isArray(x) ? x : x.addr));
    if (Array.isArray(r)) return r;
    if (f === 0 && (typeof host === 'string' || host === undefined || host === null || host === false)) {
      this.#lastHost = host;
      this.#lastPort = port;
      this.#lastAddr = r.addr;
    }
    return r.addr;
  }
}

/**
 * @internal Whether a call given an address object takes the document's short form,
 * `op(ai, expires)`: a value right after the address with nothing after it is the
 * expiry. With a value after it too, the call has the original's full form
 * `op(ai, port, expires)`, whose port an address object makes meaningless (ignored).
 */
export function expiresAfterAddr(host: unknown, port: unknown, expires: unknown): boolean {
  return host instanceof AddrInfo && port != null && expires == null;
}

/**
 * @internal Checks a method's receiver: a socket of this package, of type `kind` when
 * given, else a TypeError naming the method. (By type name rather than by class: an
 * `instanceof` of a class passed in is a generic builtin call on every send and recv.)
 */
export function checkSelf<T extends Socket>(self: T, fn: string, kind?: SocketTypeName): T {
  if (!(self instanceof Socket) || (kind !== undefined && self.kind !== kind))
    throw new TypeError(`bad argument 'self' to '${fn}' (expected a ${kind === undefined ? 'socket' : `${kind} socket`}, got ${describe(self)})`);
  return self;
}
