// socket2 expiry on every backend: each I/O call given an `expires` that passes returns
// [null, 'timeout'] and closes its socket; data before the deadline cancels it. And the
// main-thread rule: calls that need not wait work anywhere, the others raise.
import socket from '@sockport/socket2';
import { describe, expect, it } from 'vitest';
import { after, inThread, listener, made, run, setupSocket2, tcpPair, track, udpBound } from '../src/socket2/helpers.js';

setupSocket2();

const MAIN = 'trying to I/O from the main thread';

describe(`socket2 expiry on ${process.env.SOCKPORT_POLLER}`, () => {
  it('recv: timeout, no earlier than expires, and the socket is closed', async () => {
    const [, s] = await tcpPair();
    const t0 = socket.clock();
    const r = await inThread(() => s.recv(Buffer.alloc(4), 4, t0 + 0.1));
    expect(r).toEqual([null, 'timeout']);
    expect(socket.clock() - t0).toBeGreaterThanOrEqual(0.1);
    expect(s.closed()).toBe(true);
  });

  it('accept: [null, timeout, null] and the listening socket is closed', async () => {
    const [l] = await listener();
    expect(await inThread(() => l.accept(after(0.05)))).toEqual([null, 'timeout', null]);
    expect(l.closed()).toBe(true);
  });

  it('connect: timeout when the peer never answers (full backlog), socket closed', async () => {
    const [l, port] = await listener('inet', 0);
    const out = await inThread(async () => {
      // The first connection fills the backlog of 0; the kernel drops later SYNs.
      const first = made(socket.tcp());
      const a = await first.connect('127.0.0.1', port, after(5));
      const second = made(socket.tcp());
      const b = await second.connect('127.0.0.1', port, after(0.2));
      return [a, b, second.closed()];
    });
    expect(out).toEqual([[true], [null, 'timeout'], true]);
    expect(l.closed()).toBe(false);
  });

  it('send: timeout once the buffers are full, socket closed, partial counts before', async () => {
    const [c] = await tcpPair();
    c.setopt('so_sndbuf', 4096);
    const chunk = Buffer.alloc(64 * 1024, 1);
    const out = await inThread(async () => {
      let sent = 0;
      for (let i = 0; i < 1000; i++) {
        const [n, err] = await c.send(chunk, null, after(0.1));
        if (n === null) return [err, sent > 0];
        sent += n;
      }
      return ['never blocked', sent > 0];
    });
    expect(out).toEqual(['timeout', true]);
    expect(c.closed()).toBe(true);
  });

  it('udp recv: timeout, socket closed', async () => {
    const [u] = await udpBound();
    expect(await inThread(() => u.recv(Buffer.alloc(4), 4, null, null, after(0.05)))).toEqual([null, 'timeout']);
    expect(u.closed()).toBe(true);
  });

  it('data arriving before the deadline cancels it; the socket stays open', async () => {
    const [c, s] = await tcpPair();
    let got: unknown;
    await socket.newthread(async () => {
      got = await s.recv(Buffer.alloc(8), 8, after(1));
    });
    await socket.newthread(async () => {
      await socket.sleep(0.02);
      await c.send('early');
    });
    await run();
    expect(got).toEqual([5]);
    await inThread(() => socket.sleep(1.1));
    expect(s.closed()).toBe(false);
  });

  it('data that arrived while another thread ran past the deadline wins over the expiry', async () => {
    const [c, s] = await tcpPair();
    const [c2, s2] = await tcpPair();
    const t0 = socket.clock();
    const log: string[] = [];
    await socket.newthread(async () => {
      log.push(`recv ${JSON.stringify(await s.recv(Buffer.alloc(4), 4, t0 + 0.05))}`);
    });
    // Woken by I/O, this thread keeps the loop busy past the reader's deadline and sends
    // it data meanwhile: the original's epoll_wait reports that data before any expiry.
    await socket.newthread(async () => {
      await s2.recv(Buffer.alloc(4), 4);
      while (socket.clock() < t0 + 0.06) {
        // busy (bounded by the clock)
      }
      await c.send('late');
      while (socket.clock() < t0 + 0.07) {
        // busy
      }
      log.push('busy done');
    });
    setTimeout(() => void socket.newthread(async () => void (await c2.send('go'))), 20);
    await run();
    expect(log).toEqual(['busy done', 'recv [4]']);
    expect(s.closed()).toBe(false);
  });

  it('deadlines due together: the sends expire first, then receives and sleeps, each in deadline order', async () => {
    const [c, s] = await tcpPair();
    c.setopt('so_sndbuf', 4096);
    s.setopt('so_rcvbuf', 4096);
    const t0 = socket.clock();
    const log: string[] = [];
    const chunk = Buffer.alloc(256 * 1024);
    await socket.newthread(async () => {
      for (let i = 0; i < 200; i++) {
        const [n, err] = await c.send(chunk, null, t0 + 0.03);
        if (n === null) return void log.push(`sender ${err}`);
      }
    });
    await socket.newthread(async () => {
      await socket.sleep_until(t0 + 0.01);
      log.push('sleeper');
    });
    while (socket.clock() < t0 + 0.04) {
      // past both deadlines before the scheduler looks (bounded by the clock)
    }
    expect(await socket.poll(1)).toEqual([true]);
    expect(log).toEqual(['sender timeout', 'sleeper']);
    expect(s.closed()).toBe(false);
  });

  it('a deadline already past does not stop a call that can complete at once', async () => {
    const [c, s] = await tcpPair();
    const out = await inThread(async () => {
      await c.send('x', null, socket.clock() - 1);
      await socket.sleep(0.02);
      return s.recv(Buffer.alloc(1), 1, socket.clock() - 1);
    });
    expect(out).toEqual([1]);
  });

  it('a deadline already past expires a call that has to wait', async () => {
    const [, s] = await tcpPair();
    expect(await inThread(() => s.recv(Buffer.alloc(1), 1, socket.clock() - 1))).toEqual([null, 'timeout']);
    expect(s.closed()).toBe(true);
  });

  it('a past deadline never beats readiness the kernel already has (recv, accept), on every backend', async () => {
    // The original's epoll_wait(0) sees the event before any deadline is looked at; on poll
    // and select the core's helper thread reports it a little later, so the loop asks the
    // kernel itself. Thirty rounds each: a lost race shows as a timeout.
    const outcomes: unknown[] = [];
    const buf = Buffer.alloc(4);
    for (let i = 0; i < 30; i++) {
      const [a, b] = await tcpPair();
      await socket.newthread(async () => {
        outcomes.push((await a.recv(buf, 4, socket.clock() - 0.01))[0]);
      });
      await inThread(() => b.send('x'));
      await run();
      a.close();
      b.close();
    }
    for (let i = 0; i < 30; i++) {
      const [l, port] = await listener();
      await socket.newthread(async () => {
        const [conn] = await l.accept(socket.clock() - 0.01);
        outcomes.push(conn === null ? 'timeout' : 1);
        conn?.close();
      });
      const c = track(made(socket.tcp()));
      await socket.newthread(async () => {
        await c.connect('127.0.0.1', port);
      });
      await run();
      c.close();
      l.close();
    }
    expect(outcomes).toEqual(Array(60).fill(1));
  });

  it('two threads with deadlines on one socket, reader and writer, each end on their own', async () => {
    const [c, s] = await tcpPair();
    s.setopt('so_sndbuf', 4096);
    const log: unknown[] = [];
    await socket.newthread(async () => {
      log.push(['reader', await s.recv(Buffer.alloc(4), 4, after(10))]);
    });
    await socket.newthread(async () => {
      const big = Buffer.alloc(1 << 20);
      for (let i = 0; i < 100; i++) {
        const [n, err] = await s.send(big, null, after(0.1));
        if (n === null) return void log.push(['writer', err]);
      }
    });
    await run();
    // The writer's expiry closes the socket; the reader, parked on it, wakes with closed.
    expect(log).toEqual([['writer', 'timeout'], ['reader', [null, 'closed']]]);
    expect(c.closed()).toBe(false);
  });

  it('a recv that cannot go on while its socket stays readable still expires, and sleeps still wake', async () => {
    // MSG_ERRQUEUE with an empty error queue: EAGAIN, with a byte queued that keeps the
    // socket readable. The original's edge-triggered epoll does not wake it again.
    const [a, b] = await tcpPair();
    const events: string[] = [];
    await socket.newthread(async () => {
      await a.send('q');
      events.push(String(await b.recv(Buffer.alloc(16), 10, socket.clock() + 0.05, 0x2000)));
    });
    await socket.newthread(async () => {
      await socket.sleep(0.02);
      events.push('slept');
    });
    await run(2);
    expect(events).toEqual(['slept', ',timeout']);
    expect(b.closed()).toBe(true);
  });

  it('expires may be a numeric string, as in Lua arithmetic', async () => {
    const [, s] = await tcpPair();
    expect(await inThread(() => s.recv(Buffer.alloc(1), 1, String(after(0.02)) as never))).toEqual([null, 'timeout']);
  });
});

describe(`socket2 outside threads on ${process.env.SOCKPORT_POLLER}`, () => {
  it('calls that complete at once work in the main thread', async () => {
    const [l, port] = await listener();
    const c = made(socket.tcp());
    let connected: unknown;
    await socket.newthread(async () => {
      connected = await c.connect('127.0.0.1', port);
    });
    await run();
    expect(connected).toEqual([true]);
    await inThread(() => socket.sleep(0.02));
    // A queued connection, buffer space, and data already there: no waiting.
    const [s] = await l.accept();
    track(s);
    expect(s).not.toBeNull();
    expect(await c.send('main')).toEqual([4]);
    await inThread(() => socket.sleep(0.02));
    const buf = Buffer.alloc(4);
    expect(await s!.recv(buf, 4)).toEqual([4]);
  });

  it("calls that have to wait raise 'trying to I/O from the main thread'", async () => {
    const [c, s] = await tcpPair();
    expect(() => s.recv(Buffer.alloc(1), 1)).toThrow(MAIN);
    const [l, port] = await listener('inet', 0);
    expect(() => l.accept()).toThrow(MAIN);
    const d = made(socket.tcp());
    // A connect in progress is left so, as in the original.
    await inThread(() => d.connect('127.0.0.1', port));
    const e = made(socket.tcp());
    expect(() => e.connect('127.0.0.1', port)).toThrow(MAIN);
    const [u] = await udpBound();
    expect(() => u.recv(Buffer.alloc(1), 1)).toThrow(MAIN);
    c.setopt('so_sndbuf', 4096);
    const big = Buffer.alloc(1 << 20);
    let error: unknown;
    for (let i = 0; i < 100 && error === undefined; i++) {
      try {
        await c.send(big);
      } catch (e2) {
        error = e2;
      }
    }
    expect(String(error)).toContain(MAIN);
    // Nothing was left waiting by the failed calls.
    expect(await socket.poll(0)).toEqual([null, 'empty']);
  });
});
