// UDP sockets (also unix datagram sockets): datagrams to and from addresses.
import { errno, lastAddress, MSG_PEEK, READABLE, WRITABLE, type EncodedAddress, type OtherAddr, type SockAddr, type Socket as CoreSocket } from '@sockport/core';
import { AddrInfo } from './addrinfo.js';
import type { AddrTarget } from './lookup.js';
import { checkData, checkFlags, checkRecvBuffer, checkSendLength, checkTime } from './args.js';
import { AGAIN, ended, perform } from './io.js';
import type { AddrFlags } from './names.js';
import { failure, type Closed, type Failure, type Timeout } from './results.js';
import { Addr, unnamed } from './sockaddr.js';
import { checkSelf, expiresAfterAddr, Socket } from './socket.js';
import type { IoResult } from './tcp.js';

/** What udp recv gives: the datagram's length and its sender, or why there is none. */
export type DatagramResult = [number, Addr] | Failure | Timeout | Closed;

const { EAGAIN, EINTR } = errno;
const nothing = new Uint8Array(0);

function trySendTo(s: CoreSocket, data: Uint8Array, to: EncodedAddress, flags: number): [number] | Failure | typeof AGAIN {
  for (;;) {
    const n = s.sendto(data, to, flags);
    if (n >= 0) return [n];
    if (n === -EAGAIN) return AGAIN;
    if (n !== -EINTR) return failure(n);
  }
}

/** Whether a sender matches the address asked for: `'*'` hosts and port 0 match any. */
function fromPeer(want: SockAddr | OtherAddr | null, from: SockAddr | OtherAddr | null): boolean {
  if (want === null) return true;
  if (from === null || from.family !== want.family) return false;
  if (want.family === 'inet' || want.family === 'inet6') {
    const f = from as typeof want;
    const anyHost = want.host === '0.0.0.0' || want.host === '::';
    return (anyHost || f.host === want.host) && (want.port === 0 || f.port === want.port);
  }
  return want.family === 'unix' && (from as typeof want).path === want.path;
}

/** A UDP socket (also a unix datagram socket): make one with {@link udp}. */
export class UDP extends Socket {
  /** @internal */
  get kind(): 'udp' {
    return 'udp';
  }

  /**
   * Sends `data` (or its first `maxlen` bytes) as one datagram to `host`, `port` (or an
   * address list's first entry; `udp.send(data, null, ai, expires)`, or `(data, null,
   * ai, port, expires)` whose port is ignored). Resolves with
   * the bytes sent; an empty datagram gives `[0]`.
   */
  send(
    data: string | Uint8Array,
    maxlen: number | false | null | undefined,
    host: AddrTarget | undefined,
    port?: number | string | Uint8Array | null,
    expires?: number | false | null,
    flags?: number | false | null,
    addr_flags?: AddrFlags | null,
  ): Promise<IoResult> {
    checkSelf(this, 'send', 'udp');
    const bytes = checkData(data, 1, 'send');
    const len = checkSendLength(bytes, maxlen, 2, 'send');
    if (expiresAfterAddr(host, port, expires)) [port, expires] = [null, port as number];
    const exp = checkTime(expires, 5, 'send', 'expires');
    const fl = checkFlags(flags, 6, 'send');
    const datagram = len === bytes.byteLength ? bytes : bytes.subarray(0, len);
    const target = this.target(host, port, addr_flags, 3, 'send');
    return this.afterLookup(target, 'send', (s, a) => this.#sendTo(s, datagram, a, exp, fl));
  }

  #sendTo(s: CoreSocket, data: Uint8Array, a: Addr, expires: number | null, flags: number): Promise<IoResult> {
    const to = a.encoded();
    if (typeof to === 'number') return Promise.resolve(failure(to));
    return perform(s, WRITABLE, expires, () => trySendTo(s, data, to, flags), this, ended);
  }

  /**
   * Receives one datagram into `buf` (at most `maxlen` bytes of it; the rest of a
   * longer one is lost, as in C) from `host`, `port`: by default from anyone, `'*'`
   * matching any host and port 0 any port. Datagrams from other senders are
   * discarded, as a connected UDP socket does. Resolves with the length and the
   * sender's address.
   */
  recv(
    buf: Uint8Array,
    maxlen: number,
    host?: AddrTarget,
    port?: number | string | Uint8Array | null,
    expires?: number | false | null,
    flags?: number | false | null,
    addr_flags?: AddrFlags | null,
  ): Promise<DatagramResult> {
    checkSelf(this, 'recv', 'udp');
    const len = checkRecvBuffer(buf, maxlen, 'recv');
    if (expiresAfterAddr(host, port, expires)) [port, expires] = [null, port as number];
    const exp = checkTime(expires, 5, 'recv', 'expires');
    const fl = checkFlags(flags, 6, 'recv');
    const anyone = (host === undefined || host === null || host === '*') && (port === undefined || port === null || port === 0);
    const target = anyone ? null : this.target(host, port, addr_flags, 3, 'recv');
    return this.afterLookup(target, 'recv', (s, from) => this.#recvFrom(s, buf, len, from, exp, fl));
  }

  #recvFrom(s: CoreSocket, buf: Uint8Array, len: number, from: Addr | null, expires: number | null, flags: number): Promise<DatagramResult> {
    const want = from === null ? null : from.sockaddr;
    const attempt = (): DatagramResult | typeof AGAIN => {
      for (;;) {
        const n = s.recvfrom(buf, flags, 0, len);
        if (n >= 0) {
          const sender = lastAddress();
          if (fromPeer(want, sender)) return [n, new Addr(sender ?? unnamed(this.af))];
          // Not from the peer asked for: drop it (a peeked one too, or it would come back).
          if (flags & MSG_PEEK) s.recvfrom(nothing, 0, 0, 0);
          continue;
        }
        if (n === -EAGAIN) return AGAIN;
        if (n !== -EINTR) return failure(n);
      }
    };
    return perform(s, READABLE, expires, attempt, this, ended);
  }
}
