// TCP sockets: listen, connect, accept, send, recv, shutdown.
import { AF_UNIX, errno, READABLE, SHUT_RD, SHUT_RDWR, SHUT_WR, WRITABLE, type EncodedAddress, type Socket as CoreSocket } from '@sockport/core';
import { AddrInfo } from './addrinfo.js';
import type { AddrTarget } from './lookup.js';
import { badArgument, checkData, checkFlags, checkRecvBuffer, checkSendLength, checkTime } from './args.js';
import { AGAIN, ended, perform, retry, watchNow, type Ended } from './io.js';
import { thread } from './thread.js';
import type { AddrFlags } from './names.js';
import { cInt, truthy } from './lua.js';
import { failure, type Closed, type Done, type Failure, type Timeout } from './results.js';
import { Addr, unnamed } from './sockaddr.js';
import { checkSelf, expiresAfterAddr, Socket } from './socket.js';

/** What send and recv give: the byte count, or why there is none. */
export type IoResult = [number] | Failure | Timeout | Closed;
/** What connect gives. */
export type ConnectResult = Done | Failure | Timeout | Closed;
/** What accept gives: the connection with its remote and local addresses, or why there is none. */
export type AcceptResult = [TCP, Addr, Addr] | [null, Ended, null] | Failure;
/** A shutdown direction: stop receiving, sending, or both. */
export type ShutdownHow = 'r' | 'w' | 'rw';

const { EAGAIN, EALREADY, EINTR, EINPROGRESS, EINVAL, EISCONN } = errno;

function trySend(s: CoreSocket, data: Uint8Array, len: number, flags: number): [number] | Failure | typeof AGAIN {
  for (;;) {
    const n = s.send(data, flags, 0, len);
    if (n >= 0) return [n];
    if (n === -EAGAIN) return AGAIN;
    if (n !== -EINTR) return failure(n);
  }
}

function tryRecv(s: CoreSocket, buf: Uint8Array, len: number, flags: number): IoResult | typeof AGAIN {
  for (;;) {
    const n = s.recv(buf, flags, 0, len);
    if (flags === 0) s.markDrained(n, len);
    // 0 bytes asked for are 0 bytes read; 0 bytes of len > 0 is the peer's FIN.
    if (n > 0 || (n === 0 && len === 0)) return [n];
    if (n === 0) return [null, 'closed'];
    if (n === -EAGAIN) return AGAIN;
    if (n !== -EINTR) return failure(n);
  }
}

// A connect in progress is finished as the original does it: by calling connect() again
// once the socket is writable. That also moves the kernel's socket out of its
// connecting state, so that a later connect on it fails or succeeds as in the original
// (reading SO_ERROR instead would leave it connecting: ECONNABORTED next time).
function connectAgain(s: CoreSocket, encoded: EncodedAddress): Done | Failure | typeof AGAIN {
  const rc = s.connect(encoded);
  if (rc === 0 || rc === -EISCONN) return [true];
  if (rc === -EALREADY || rc === -EINPROGRESS || rc === -EINTR) return AGAIN;
  return failure(rc);
}

/** A TCP socket (also a unix stream socket): make one with {@link tcp}. */
export class TCP extends Socket {
  /** @internal */
  get kind(): 'tcp' {
    return 'tcp';
  }

  /**
   * Puts the socket in listening mode, binding it first if it is not bound (to `host`,
   * `port`: by default `'*'`, any port; they are ignored on a bound socket). The
   * backlog defaults to the maximum the kernel allows.
   */
  listen(backlog: number, host?: AddrTarget, port?: number | string | Uint8Array | null, addr_flags?: AddrFlags | null): Promise<Done | Failure>;
  listen(host?: AddrTarget, port?: number | string | Uint8Array | null, addr_flags?: AddrFlags | null): Promise<Done | Failure>;
  listen(...args: unknown[]): Promise<Done | Failure> {
    checkSelf(this, 'listen', 'tcp');
    let [backlog, host, port, flags] = args;
    if (typeof backlog !== 'number') [backlog, host, port, flags] = [Infinity, backlog, host, port];
    // The original clamps to 0..2^31-1, but NaN passes its clamp and becomes INT_MIN as a
    // C int, which the kernel takes as its maximum.
    const n = cInt(Math.min(Math.max(backlog as number, 0), 0x7fffffff));
    const listen = (s: CoreSocket): Done | Failure => {
      const rc = s.listen(n);
      return rc < 0 ? failure(rc) : [true];
    };
    if (this.bound) return Promise.resolve(listen(this.open('listen')));
    if (host instanceof AddrInfo) port = flags = null;
    return this.afterLookup(this.target(host, port, flags, 2, 'listen'), 'listen', (s, a) => {
      const b = this.bindTo(s, a);
      return b[0] === true ? listen(s) : b;
    });
  }

  /**
   * Connects to `host`, `port` (or an address list's first entry: `connect(ai,
   * expires)`, or `connect(ai, port, expires)` whose port is ignored), binding the socket
   * to `'*'` first if it is not bound (unix sockets need no bind). Resolves `[true]`
   * once connected. `expires` is a {@link clock} value: when it passes first the
   * socket is closed and the call gives `[null, 'timeout']`.
   */
  connect(host: AddrTarget | undefined, port?: number | string | Uint8Array | null, expires?: number | false | null, addr_flags?: AddrFlags | null): Promise<ConnectResult> {
    checkSelf(this, 'connect', 'tcp');
    if (expiresAfterAddr(host, port, expires)) [port, expires] = [null, port as number];
    const exp = checkTime(expires, 3, 'connect', 'expires');
    const target = this.target(host, port, addr_flags, 1, 'connect');
    return this.afterLookup(target, 'connect', (s, a) => this.#connectTo(s, a, exp));
  }

  #connectTo(s: CoreSocket, a: Addr, expires: number | null): Promise<ConnectResult> {
    if (!this.bound && this.af !== AF_UNIX) {
      // The wildcard needs no resolver: this bind is synchronous.
      const b = this.bindTo(s, this.target(null, 0, null, 1, 'connect') as Addr | Failure);
      if (b[0] !== true) return Promise.resolve(b);
    }
    const encoded = a.encoded();
    if (typeof encoded === 'number') return Promise.resolve(failure(encoded));
    // A unix socket connects unbound: watched before the connect all the same.
    watchNow(s);
    const rc = s.connect(encoded);
    if (rc === 0) return Promise.resolve([true]);
    if (rc !== -EINPROGRESS) return Promise.resolve(failure(rc));
    // In progress: the outcome is known once the socket turns writable (outside a
    // thread waiting raises, as in the original).
    return retry(s, WRITABLE, expires, () => connectAgain(s, encoded), this, ended);
  }

  /**
   * Accepts a connection: `[conn, remote_addr, local_addr]`. At `expires` the listening
   * socket is closed and the call gives `[null, 'timeout', null]`.
   */
  accept(expires?: number | false | null): Promise<AcceptResult> {
    const s = checkSelf(this, 'accept', 'tcp').open('accept');
    const exp = checkTime(expires, 1, 'accept', 'expires');
    return perform(s, READABLE, exp, () => this.#tryAccept(s), this, (why): AcceptResult => [null, why, null]);
  }

  #tryAccept(s: CoreSocket): AcceptResult | typeof AGAIN {
    for (;;) {
      const r = s.acceptFrom();
      if (typeof r === 'number') {
        if (r === -EAGAIN) return AGAIN;
        if (r !== -EINTR) return failure(r);
        continue;
      }
      const [conn, remote] = r;
      watchNow(conn);
      const local = conn.getsockname();
      return [
        new TCP(conn, this.st, this.af, this.pr),
        new Addr(remote ?? unnamed(this.af)),
        new Addr(typeof local === 'number' ? unnamed(this.af) : local),
      ];
    }
  }

  /**
   * Sends `data` (a string is sent as UTF-8), or its first `maxlen` bytes: resolves
   * with the count the kernel took, which may be less (call again for the rest).
   */
  send(data: string | Uint8Array, maxlen?: number | false | null, expires?: number | false | null, flags?: number | false | null): Promise<IoResult> {
    const s = checkSelf(this, 'send', 'tcp').open('send');
    const bytes = checkData(data, 1, 'send');
    const len = checkSendLength(bytes, maxlen, 2, 'send');
    const exp = checkTime(expires, 3, 'send', 'expires');
    const fl = checkFlags(flags, 4, 'send');
    // Sends go straight to the kernel: a full buffer (EAGAIN) is what makes them wait.
    const r = trySend(s, bytes, len, fl);
    if (r !== AGAIN) return Promise.resolve(r);
    return retry(s, WRITABLE, exp, () => trySend(s, bytes, len, fl), this, ended);
  }

  /**
   * Receives up to `maxlen` bytes into `buf`: resolves with the count, or
   * `[null, 'closed']` when the peer has finished sending. `flags` go to recv(2)
   * (`MSG_PEEK`, ...).
   */
  recv(buf: Uint8Array, maxlen: number, expires?: number | false | null, flags?: number | false | null): Promise<IoResult> {
    const s = checkSelf(this, 'recv', 'tcp').open('recv');
    const len = checkRecvBuffer(buf, maxlen, 'recv');
    const exp = checkTime(expires, 3, 'recv', 'expires');
    const fl = checkFlags(flags, 4, 'recv');
    const attempt = (): IoResult | typeof AGAIN => tryRecv(s, buf, len, fl);
    // A thread's recv that the core knows would give EAGAIN waits at once, as the
    // original's would after that EAGAIN (see Socket.drained).
    if (fl === 0 && len > 0 && thread() !== null && s.drained()) return retry(s, READABLE, exp, attempt, this, ended);
    return perform(s, READABLE, exp, attempt, this, ended);
  }

  /**
   * Shuts down receiving (`'r'`), sending (`'w'`, the default: a FIN once pending data
   * is sent) or both (`'rw'`). Never blocks, so `expires` has nothing to limit.
   */
  shutdown(how?: ShutdownHow | false | null, expires?: number | false | null): Done | Failure {
    const s = checkSelf(this, 'shutdown', 'tcp').open('shutdown');
    checkTime(expires, 2, 'shutdown', 'expires');
    const h = !truthy(how) || how === 'w' ? SHUT_WR : how === 'r' ? SHUT_RD : how === 'rw' ? SHUT_RDWR : -1;
    const rc = h < 0 ? -EINVAL : s.shutdown(h);
    return rc < 0 ? failure(rc) : [true];
  }
}
