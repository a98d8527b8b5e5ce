// The core's readiness guarantees, on every poller backend (one vitest project each).
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, constants as fsConstants, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AF_INET,
  AF_INET6,
  CLOSED,
  collectNow,
  constants,
  errno,
  monotonic,
  poller,
  READABLE,
  ReadBuffer,
  SHUT_WR,
  SOCK_DGRAM,
  SOCK_STREAM,
  Socket,
  waitAny,
  waitFd,
  waitSync,
  WRITABLE,
  writeAll,
} from '@sockport/core';
import { accept, after, connect, loopback, ok, open, setupScenarios, sleep, tcpListener, tcpPair, track } from '../src/support.js';

setupScenarios();

describe(`readiness on ${process.env.SOCKPORT_POLLER}`, () => {
  it('wait(READABLE) settles when data arrives, not before', async () => {
    const [c, s] = await tcpPair();
    let settled = false;
    const p = s.wait(READABLE, after(5)).then((bits) => {
      settled = true;
      return bits;
    });
    await sleep(30);
    expect(settled).toBe(false);
    c.send('x');
    expect(await p).toBe(READABLE);
  });

  it('a connected socket is writable at once, an idle one is not readable', async () => {
    const [c] = await tcpPair(AF_INET6);
    expect(await c.wait(WRITABLE, after(5))).toBe(WRITABLE);
    expect(await c.wait(3, after(5))).toBe(WRITABLE);
  });

  it('a deadline settles the wait with 0, no earlier than asked', async () => {
    const [c] = await tcpPair();
    const start = monotonic();
    expect(await c.wait(READABLE, start + 0.12)).toBe(0);
    const took = monotonic() - start;
    expect(took).toBeGreaterThanOrEqual(0.12);
    expect(took).toBeLessThan(2);
  });

  it('a past deadline polls once: ready gives the bits, idle gives 0', async () => {
    const [c, s] = await tcpPair();
    expect(await s.wait(READABLE, 0)).toBe(0);
    c.send('data');
    await s.wait(READABLE, after(5));
    expect(await s.wait(READABLE, 0)).toBe(READABLE);
    expect(await s.wait(READABLE, monotonic())).toBe(READABLE);
  });

  it('a read stopped at the urgent mark leaves the socket readable: the rest came with no new event', async () => {
    const [c, s] = await tcpPair();
    c.setsockopt('TCP_NODELAY', true);
    const buf = Buffer.alloc(64);
    expect(s.recv(buf)).toBe(-errno.EAGAIN); // the reactor now knows it idle
    const MSG_OOB = constants.messageFlags.MSG_OOB!;
    expect([c.send('abc'), c.send('X', MSG_OOB), c.send('def')]).toEqual([3, 1, 3]);
    expect(await s.wait(READABLE, after(5))).toBe(READABLE);
    await sleep(20);
    const first = s.recv(buf);
    expect(buf.toString('latin1', 0, first)).toBe('abc');
    expect(await s.ioReady(READABLE, after(2))).toBe(READABLE);
    const rest = s.recv(buf);
    expect(buf.toString('latin1', 0, rest)).toBe('def');
    // Drained now: the next short read forgets readiness again.
    expect(await s.ioReady(READABLE, after(0.05))).toBe(0);
  });

  it('collectNow works in the continuations of a batch, and never inside a wait callback', async () => {
    const [c, s] = await tcpPair();
    const [c2, s2] = await tcpPair();
    const p = s.wait(READABLE, after(5));
    c.send('x');
    expect(await p).toBe(READABLE); // this continuation runs after the batch that settled it
    let woken = 0;
    s2.waitThen(READABLE, after(5), (bits) => {
      woken = bits;
    });
    c2.send('y');
    expect(collectNow()).toBe(true);
    expect(woken).toBe(READABLE);
    let inside: boolean | undefined;
    s2.recv(Buffer.alloc(8));
    s2.waitThen(READABLE, after(5), () => {
      inside = collectNow();
    });
    c2.send('z');
    for (let i = 0; i < 200 && inside === undefined; i++) await sleep(5);
    expect(inside).toBe(false);
  });

  it('a past deadline still reads data the kernel already has (no endless polling)', async () => {
    const [c, s] = await tcpPair();
    expect(s.recv(Buffer.alloc(8))).toBe(-errno.EAGAIN); // the reactor now knows it idle
    c.send('b\n');
    await sleep(20);
    const r = await new ReadBuffer().read(s, { limit: 100, delimiters: [Buffer.from('\n')] }, monotonic() - 1);
    expect(r).toEqual({ status: 'ok', data: Buffer.from('b\n') });
    const w = await writeAll(c, Buffer.from('more'), monotonic() - 1);
    expect(w).toEqual({ status: 'ok', sent: 4 });
  });

  it('remembered readiness is checked with the kernel: a drained socket waits again', async () => {
    const [c, s] = await tcpPair();
    c.send('abcd');
    expect(await s.wait(READABLE, after(5))).toBe(READABLE);
    // Read exactly what was sent: a full read leaves nothing, but no EAGAIN was seen.
    expect(s.recv(Buffer.alloc(4))).toBe(4);
    expect(await s.wait(READABLE, after(0.1))).toBe(0);
    c.send('e');
    expect(await s.wait(READABLE, after(5))).toBe(READABLE);
  });

  it('closing a socket settles its pending waits with CLOSED', async () => {
    const [, s] = await tcpPair();
    const a = s.wait(READABLE);
    const b = s.wait(READABLE, after(10));
    s.close();
    expect(await a).toBe(CLOSED);
    expect(await b).toBe(CLOSED);
    expect(await s.wait(WRITABLE)).toBe(CLOSED);
  });

  it('several waiters on one socket all wake, and each direction separately', async () => {
    const [c, s] = await tcpPair();
    const r1 = s.wait(READABLE, after(5));
    const r2 = s.wait(READABLE, after(5));
    const w = s.wait(WRITABLE, after(5));
    expect(await w).toBe(WRITABLE);
    c.send('y');
    expect(await Promise.all([r1, r2])).toEqual([READABLE, READABLE]);
  });

  it('a listener turns readable for a pending connection', async () => {
    const [l, addr] = tcpListener();
    const p = l.wait(READABLE, after(5));
    const c = open(AF_INET, SOCK_STREAM);
    c.connect(addr);
    expect(await p).toBe(READABLE);
    expect(typeof l.accept()).toBe('object');
  });

  it('a refused connect completes as writable with SO_ERROR set', async () => {
    const [l, addr] = tcpListener();
    l.close();
    const c = open(AF_INET, SOCK_STREAM);
    const rc = c.connect(addr);
    if (rc === -errno.EINPROGRESS) expect((await c.wait(WRITABLE, after(5))) & WRITABLE).toBe(WRITABLE);
    else expect(rc).toBe(-errno.ECONNREFUSED);
    const err = c.getsockopt('SO_ERROR');
    expect(err.ok && (err.value === errno.ECONNREFUSED || err.value === 0)).toBe(true);
  });

  it('a peer close turns the socket readable and recv returns 0', async () => {
    const [c, s] = await tcpPair();
    const p = s.wait(READABLE, after(5));
    c.shutdown(SHUT_WR);
    expect(await p).toBe(READABLE);
    expect(s.recv(Buffer.alloc(8))).toBe(0);
  });

  it('two hundred sockets wait at once and every one wakes', async () => {
    const pairs = await Promise.all(Array.from({ length: 100 }, () => tcpPair()));
    const waits = pairs.flatMap(([c, s]) => [c.wait(READABLE, after(10)), s.wait(READABLE, after(10))]);
    for (const [c, s] of pairs) {
      c.send('1');
      s.send('2');
    }
    const bits = await Promise.all(waits);
    expect(bits.every((b) => b === READABLE)).toBe(true);
  });

  it('waitAny resolves with a ready entry, or -1 at the deadline', async () => {
    const [a1, a2] = await tcpPair();
    const [b1, b2] = await tcpPair();
    const p = waitAny([[a2, READABLE], [b2, READABLE]], after(5));
    b1.send('b');
    expect(await p).toBe(1);
    expect(await waitAny([[a2, READABLE]], after(0.05))).toBe(-1);
    a1.send('a');
    expect(await waitAny([[a2, READABLE], [b2, READABLE]], 0)).toBe(0);
    expect(await waitAny([], after(0.02))).toBe(-1);
    await expect(waitAny([])).rejects.toThrow(TypeError);
  });

  it('waitFd watches a descriptor opened elsewhere and a socket by its number', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sockport-fifo-'));
    const path = join(dir, 'fifo');
    execFileSync('mkfifo', [path]);
    const fd = openSync(path, fsConstants.O_RDWR | fsConstants.O_NONBLOCK);
    try {
      expect(await waitFd(fd, READABLE, after(0.05))).toBe(0);
      const p = waitFd(fd, READABLE, after(5));
      writeSync(fd, 'x');
      expect(await p).toBe(READABLE);
      expect(await waitFd(fd, WRITABLE, after(5))).toBe(WRITABLE);
    } finally {
      closeSync(fd);
      rmSync(dir, { recursive: true, force: true });
    }
    const [c, s] = await tcpPair();
    await s.wait(READABLE, 0);
    const q = waitFd(s.fd, READABLE, after(5));
    c.send('z');
    expect(await q).toBe(READABLE);
    await expect(waitFd(1_000_000, READABLE, after(1))).rejects.toMatchObject({ code: 'EBADF' });
  });

  it('waitFd on a socket that closes meanwhile gives CLOSED, whether it had waited before or not', async () => {
    for (const watchedFirst of [true, false]) {
      const [c, s] = await tcpPair();
      if (watchedFirst) s.watch();
      const q = waitFd(s.fd, READABLE, after(5));
      await sleep(20);
      s.close();
      expect(await q).toBe(CLOSED);
      c.close();
    }
  });

  it('waitSync blocks on the same backend: ready bits, timeout, sleep', async () => {
    const [c, s] = await tcpPair();
    const r0 = waitSync([[s, READABLE], [c, WRITABLE]], 0);
    expect(Array.from(r0 as Int32Array)).toEqual([0, WRITABLE]);
    c.send('q');
    const r1 = waitSync([[s, READABLE]], 5);
    expect(Array.from(r1 as Int32Array)).toEqual([READABLE]);
    const start = monotonic();
    const r2 = waitSync([[c, READABLE]], 0.05);
    expect(Array.from(r2 as Int32Array)).toEqual([0]);
    expect(monotonic() - start).toBeGreaterThanOrEqual(0.045);
    const t = monotonic();
    expect(Array.from(waitSync([], 0.03) as Int32Array)).toEqual([]);
    expect(monotonic() - t).toBeGreaterThanOrEqual(0.03);
    expect(waitSync([], -1)).toBe(-errno.EINVAL);
    const closed = track(Socket.open(AF_INET, SOCK_DGRAM));
    closed.close();
    expect(Array.from(waitSync([[closed, READABLE]], 0) as Int32Array)).toEqual([0]);
  });

  it('ReadBuffer finds delimiters across segments and keeps data on timeout', async () => {
    const [c, s] = await tcpPair();
    const rb = new ReadBuffer();
    const nl = [Buffer.from('\r\n')];
    c.send('hel');
    expect(await rb.read(s, { limit: 100, delimiters: nl }, after(0.05))).toEqual({ status: 'timeout' });
    c.send('lo\r');
    await sleep(10);
    c.send('\nwor');
    const first = await rb.read(s, { limit: 100, delimiters: nl }, after(5));
    expect(first).toEqual({ status: 'ok', data: Buffer.from('hello\r\n') });
    c.send('ld');
    c.shutdown(SHUT_WR);
    expect(await rb.read(s, { limit: 100, delimiters: nl }, after(5))).toEqual({ status: 'eof', data: Buffer.from('world') });
    expect(await rb.read(s, { limit: 100 }, after(5))).toEqual({ status: 'eof', data: Buffer.alloc(0) });
  });

  it('ReadBuffer options: the growth rule sets how much one refill takes; without rewinding, taking everything leaves the room where it was', async () => {
    const [c, s] = await tcpPair();
    const grown: [number, number][] = [];
    const grow = (capacity: number, needed: number): number => (grown.push([capacity, needed]), 1000);
    const rb = new ReadBuffer(0, { grow, rewindWhenEmpty: false });
    const rewinding = new ReadBuffer(0, { grow });
    const [c2, s2] = await tcpPair();
    for (const peer of [c, c2]) peer.send(Buffer.alloc(600, 'a'));
    await sleep(20);
    for (const [b, sock] of [[rb, s], [rewinding, s2]] as const) {
      // One refill reads all the room there is (the 1000 bytes the growth gave) or all there is.
      expect(await b.read(sock, { limit: 1 }, after(5))).toEqual({ status: 'ok', data: Buffer.from('a') });
      expect(b.take(1000).length).toBe(599);
    }
    expect(grown).toEqual([[0, 1], [0, 1]]);
    for (const peer of [c, c2]) peer.send(Buffer.alloc(2000, 'b'));
    await sleep(20);
    // Empty now; without rewinding the next refill has only the 400 bytes after the 600 taken.
    expect(await rb.read(s, { limit: 1 }, after(5))).toEqual({ status: 'ok', data: Buffer.from('b') });
    expect(rb.length).toBe(399);
    expect(await rewinding.read(s2, { limit: 1 }, after(5))).toEqual({ status: 'ok', data: Buffer.from('b') });
    expect(rewinding.length).toBe(999);
    expect(grown).toHaveLength(2);
    // A growth rule that gives too little is refused, not trusted with the offsets.
    const bad = new ReadBuffer(0, { grow: () => 1 });
    expect(() => bad.append(Buffer.alloc(10))).toThrow(RangeError);
    expect(() => new ReadBuffer(-1)).toThrow(TypeError);
  });

  it('writeAll waits for a stalled reader, times out, then finishes when it reads', async () => {
    const [c, s] = await tcpPair();
    // A small send buffer fills fast; the receive buffer stays large, since a tiny
    // window makes TCP itself crawl (zero-window probes).
    c.setsockopt('SO_SNDBUF', 16384);
    const big = Buffer.alloc(4 << 20, 7);
    const first = await writeAll(c, big, after(0.2));
    expect(first.status).toBe('timeout');
    const sent = first.sent;
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThan(big.length);
    const rest = writeAll(c, big.subarray(sent), after(20));
    let got = 0;
    const buf = Buffer.alloc(65536);
    const end = after(20);
    while (got < big.length && monotonic() < end) {
      const n = s.recv(buf);
      if (n > 0) got += n;
      else await s.wait(READABLE, end);
    }
    expect(got).toBe(big.length);
    expect(await rest).toEqual({ status: 'ok', sent: big.length - sent });
  });

  it('select refuses descriptors at FD_SETSIZE and above; others accept them', async () => {
    const spare: number[] = [];
    try {
      while (spare.length < 1100) spare.push(openSync('/dev/null', 'r'));
      const s = track(Socket.open(AF_INET, SOCK_DGRAM));
      ok(s.bind(loopback(AF_INET)));
      expect(s.fd).toBeGreaterThanOrEqual(1024);
      if (poller() === 'select') {
        await expect(s.wait(READABLE, after(0.01))).rejects.toThrow(/FD_SETSIZE/);
        expect(waitSync([[s, READABLE]], 0)).toBe(-errno.EINVAL);
      } else {
        expect(await s.wait(WRITABLE, after(1))).toBe(WRITABLE);
        expect(Array.from(waitSync([[s, WRITABLE]], 0) as Int32Array)).toEqual([WRITABLE]);
      }
    } finally {
      for (const fd of spare) closeSync(fd);
    }
  });

  it('a flooding peer does not starve timers or other sockets', async () => {
    const [flooder, busy] = await tcpPair();
    const [quietClient, quiet] = await tcpPair();
    const chunk = Buffer.alloc(256 * 1024, 1);
    let stop = false;
    const flood = (async () => {
      while (!stop) if ((await writeAll(flooder, chunk, after(5))).status !== 'ok') return;
    })();
    let drained = 0;
    const reader = (async () => {
      const rb = new ReadBuffer();
      while (!stop) {
        const r = await rb.read(busy, { limit: 64 * 1024 }, after(5));
        if (r.status !== 'ok') return;
        drained += r.data.length;
      }
    })();
    const t0 = monotonic();
    await sleep(20); // a timer must still fire while the flood runs
    const timerLatency = monotonic() - t0;
    quietClient.send('ping');
    const rb = new ReadBuffer();
    const ping = await rb.read(quiet, { limit: 4 }, after(5));
    stop = true;
    // Closing wakes both loops at once (a pending wait settles with CLOSED).
    flooder.close();
    busy.close();
    await Promise.all([flood, reader]);
    expect(ping).toEqual({ status: 'ok', data: Buffer.from('ping') });
    expect(timerLatency).toBeLessThan(2);
    expect(drained).toBeGreaterThan(0);
  });

  it('the process stays alive only while something waits', () => {
    const core = new URL(import.meta.resolve('@sockport/core')).pathname;
    const script = (body: string) =>
      spawnSync(process.execPath, ['--input-type=module', '-e', `import * as c from ${JSON.stringify(core)};\n${body}`], {
        encoding: 'utf8',
        timeout: 10_000,
        env: { ...process.env },
      });
    // An idle registered socket does not hold the loop: the script ends on its own.
    const idle = script(`const s = c.Socket.open(c.AF_INET, c.SOCK_DGRAM); await s.wait(c.WRITABLE); console.log('done');`);
    expect(idle.stdout.trim()).toBe('done');
    expect(idle.status).toBe(0);
    // A pending wait holds it until its deadline.
    const t = monotonic();
    const waiting = script(`const s = c.Socket.open(c.AF_INET, c.SOCK_DGRAM); s.bind({family:'inet',host:'127.0.0.1',port:0});
      const r = await s.wait(c.READABLE, c.monotonic() + 0.3); console.log('woke', r);`);
    expect(waiting.stdout.trim()).toBe('woke 0');
    expect(monotonic() - t).toBeGreaterThanOrEqual(0.3);
  });
});
