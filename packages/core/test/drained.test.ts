// Socket.drained(): the proof a face needs to skip the read(2) that the Lua originals
// make before they wait. It must hold only while nothing could have sent the socket
// data: a false "drained" makes a read wait for data that is already there.
import { writeSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AF_INET, AF_UNIX, collectNow, errno, noteSwitch, poller, READABLE, SOCK_DGRAM, SOCK_STREAM, Socket, type SockAddr } from '../src/index.js';
import { deadline, ok, tcpPair, track } from './helpers.js';

function pair(type = SOCK_STREAM): [Socket, Socket] {
  const p = Socket.pair(AF_UNIX, type);
  if (typeof p === 'number') throw new Error(`socketpair: errno ${-p}`);
  return [track(p[0]), track(p[1])];
}

// Blocks the thread for `ms` milliseconds (no turn of the event loop).
function blockFor(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

// drained() believes a mark for a millisecond only: a slow run (a sanitizer build, a
// busy machine) repeats a step that must hold until one attempt runs within that time.
function soon(step: () => boolean): boolean {
  for (let attempt = 0; attempt < 50; attempt++) {
    const start = performance.now();
    const held = step();
    if (performance.now() - start < 0.5) return held;
  }
  throw new Error('no attempt ran within half a millisecond');
}

function drainWithEagain(s: Socket): void {
  const buf = Buffer.alloc(64);
  const n = s.recv(buf);
  expect(n).toBe(-errno.EAGAIN);
  s.markDrained(n, buf.length);
}

// An EAGAIN read, then drained(): within the millisecond (see soon).
function drainedAfterEagain(s: Socket): boolean {
  return soon(() => {
    drainWithEagain(s);
    return s.drained();
  });
}

describe('drained()', () => {
  it('is false for a socket the reactor does not watch, and before any read', () => {
    const [a] = pair();
    expect(a.drained()).toBe(false);
    const n = a.recv(Buffer.alloc(8));
    a.markDrained(n, 8);
    // Unwatched: the reactor's hint is "unknown", whatever the read said.
    expect(a.drained()).toBe(false);
    ok(a.watch());
    expect(a.drained()).toBe(false);
  });

  it('holds after an EAGAIN, through the socket\'s own stream sends', () => {
    const [a] = pair();
    ok(a.watch());
    // Its own sends reach only its peer.
    expect(
      soon(() => {
        drainWithEagain(a);
        return a.drained() && a.send('x') === 1 && a.drained();
      }),
    ).toBe(true);
  });

  it('lapses with a send, shutdown, close, connect or option set on another socket', async () => {
    const [a, b] = pair();
    ok(a.watch());
    const [c, d] = pair();
    const other = track(Socket.open(AF_UNIX, SOCK_DGRAM));
    const lapses: [string, () => unknown][] = [
      ['send', () => b.send('x')],
      ['send elsewhere', () => c.send('y')],
      ['sendto', () => other.sendto('z', { family: 'unix', path: '/nonexistent/sockport-drained' })],
      ['shutdown', () => d.shutdown(1)],
      ['setsockopt', () => c.setsockopt('SO_RCVLOWAT', 1)],
      ['connect', () => other.connect({ family: 'unix', path: '/nonexistent/sockport-drained' })],
      ['close', () => c.close()],
      ['a scheduler switch', () => noteSwitch()],
    ];
    for (const [what, act] of lapses) {
      // Whatever b sent is read first, so that the mark comes from a real EAGAIN.
      const buf = Buffer.alloc(64);
      while (a.recv(buf) > 0);
      expect(drainedAfterEagain(a), `before ${what}`).toBe(true);
      act();
      expect(a.drained(), `after ${what}`).toBe(false);
    }
  });

  it('holds after a short TCP read, and lapses when the reactor sees data', async () => {
    const [a, b] = await tcpPair();
    ok(a.watch());
    expect(b.send('hello')).toBe(5);
    expect(await a.wait(READABLE, deadline(5))).toBe(READABLE);
    const buf = Buffer.alloc(64);
    expect(
      soon(() => {
        const n = a.recv(buf);
        a.markDrained(n, buf.length);
        return (n === 5 || n === -errno.EAGAIN) && a.drained();
      }),
    ).toBe(true);
    if (poller() === 'epoll') {
      // Data from outside the core (another process, here a raw write(2)) is invisible
      // until the reactor collects its event; then the mark lapses.
      writeSync(b.fd, 'more');
      collectNow();
      expect(a.drained()).toBe(false);
    }
  });

  it('is not marked by a read that filled its buffer, a datagram, or end of stream', () => {
    const [a, b] = pair();
    ok(a.watch());
    expect(b.send('12345678')).toBe(8);
    const buf = Buffer.alloc(8);
    let n = a.recv(buf);
    expect(n).toBe(8);
    a.markDrained(n, 8);
    expect(a.drained()).toBe(false);

    const [u, v] = pair(SOCK_DGRAM);
    ok(u.watch());
    expect(v.send('x')).toBe(1);
    n = u.recv(buf);
    expect(n).toBe(1);
    u.markDrained(n, 8);
    expect(u.drained()).toBe(false);

    b.close();
    n = a.recv(buf);
    expect(n).toBe(0);
    a.markDrained(n, 8);
    expect(a.drained()).toBe(false);
  });

  it('does not keep the mark through the sends of a TCP socket connected to itself', () => {
    // A socket bound to a port and connected to that same address (TCP's simultaneous
    // open) is its own peer: what it sends, it reads.
    const s = track(Socket.open(AF_INET, SOCK_STREAM));
    ok(s.bind({ family: 'inet', host: '127.0.0.1', port: 0 }));
    const rc = s.connect(s.getsockname() as SockAddr);
    expect([0, -errno.EINPROGRESS]).toContain(rc);
    ok(s.watch());
    const buf = Buffer.alloc(64);
    expect(s.send('a')).toBe(1);
    const n = s.recv(buf);
    expect(n).toBe(1);
    s.markDrained(n, buf.length);
    expect(s.send('b')).toBe(1);
    expect(s.drained()).toBe(false);
    expect(s.recv(buf)).toBe(1);
  });

  it('is not marked by a short TCP read that ends a run big enough to reopen the window', async () => {
    const [a, b] = await tcpPair();
    ok(a.watch());
    // Fill both of the connection's buffers: b's kernel holds back what a's window refuses.
    const chunk = Buffer.alloc(64 * 1024, 'x');
    let queued = 0;
    for (let i = 0; i < 1000; i++) {
      const n = b.send(chunk);
      if (n <= 0) break;
      queued += n;
    }
    expect(queued).toBeGreaterThan(64 * 1024);
    const buf = Buffer.alloc(4096);
    let last = 0;
    for (let read = 0; read < queued; read += last) {
      last = a.recv(buf);
      a.markDrained(last, buf.length);
      if (last <= 0 || last < buf.length) break;
    }
    // The reads reopened a's window: b's kernel may be sending more right now.
    expect(a.drained()).toBe(false);
  });

  it('is not marked by a short unix stream read (it may stop early at a message with descriptors)', () => {
    const [a, b] = pair();
    ok(a.watch());
    drainWithEagain(a);
    // Data comes (the reactor has not looked since), and a read takes less than asked.
    expect(b.send('ab')).toBe(2);
    const buf = Buffer.alloc(64);
    const n = a.recv(buf);
    expect(n).toBe(2);
    a.markDrained(n, buf.length);
    expect(a.drained()).toBe(false);
  });

  it('lapses after a millisecond: another process may have sent data meanwhile', () => {
    const [a] = pair();
    ok(a.watch());
    expect(drainedAfterEagain(a)).toBe(true);
    blockFor(3);
    expect(a.drained()).toBe(false);
  });

  it('is false once the socket is closed', () => {
    const [a] = pair();
    ok(a.watch());
    drainWithEagain(a);
    a.close();
    expect(a.drained()).toBe(false);
  });
});
