// Threads, poll/start/stop, sleeps, suspend/resume and cosafewrap: the order in which
// threads run, what the scheduler returns, and where errors surface.
import { describe, expect, it } from 'vitest';
import socket, { Thread } from '../src/index.js';
import { after, delay, made, run, udpPeer } from './helpers.js';

describe('newthread', () => {
  it('runs the thread at once, until its first wait, then hands control back', async () => {
    const log: string[] = [];
    const p = socket.newthread(async () => {
      log.push('a1');
      await socket.sleep(0.01);
      log.push('a2');
    });
    log.push('main1');
    const t = await p;
    log.push('main2');
    expect(t).toBeInstanceOf(Thread);
    expect(log).toEqual(['a1', 'main1', 'main2']);
    await run();
    expect(log).toEqual(['a1', 'main1', 'main2', 'a2']);
  });

  it('settles with a thread that never waited once it has finished', async () => {
    const log: string[] = [];
    const t = await socket.newthread((x: number) => log.push(`ran ${x}`), 7);
    expect(log).toEqual(['ran 7']);
    expect(String(t)).toMatch(/^thread: \d+$/);
    expect(await socket.poll()).toEqual([null, 'empty']);
  });

  it('nests: a child runs until its first wait, then the parent goes on', async () => {
    const log: string[] = [];
    await socket.newthread(async () => {
      log.push('parent1');
      await socket.newthread(async () => {
        log.push('child1');
        await socket.sleep(0.02);
        log.push('child2');
      });
      log.push('parent2');
      await socket.sleep(0.01);
      log.push('parent3');
    });
    log.push('main');
    await run();
    expect(log).toEqual(['parent1', 'child1', 'parent2', 'main', 'parent3', 'child2']);
  });

  it('thread() is null in the main thread and the thread inside it', async () => {
    expect(socket.thread()).toBeNull();
    let inside: Thread | null = null;
    let afterWait: Thread | null = null;
    const t = await socket.newthread(async () => {
      inside = socket.thread();
      await socket.sleep(0);
      afterWait = socket.thread();
    });
    expect(inside).toBe(t);
    expect(socket.thread()).toBeNull();
    await run();
    expect(afterWait).toBe(t);
    expect(socket.thread()).toBeNull();
  });

  it('rejects when the thread fails before its first wait', async () => {
    await expect(socket.newthread(() => {
      throw new Error('early');
    })).rejects.toThrow('early');
    await expect(socket.newthread(async () => {
      throw new Error('early async');
    })).rejects.toThrow('early async');
    expect(socket.thread()).toBeNull();
  });

  it("raises a TypeError for what is not a function", () => {
    expect(() => socket.newthread(5 as never)).toThrow(/bad argument #1 to 'newthread'/);
  });
});

describe('poll and start', () => {
  it("poll() gives [null, 'empty'] when no thread waits, and start() returns at once", async () => {
    expect(await socket.poll()).toEqual([null, 'empty']);
    expect(await socket.poll(0)).toEqual([null, 'empty']);
    expect(await socket.start()).toEqual([true]);
  });

  it('poll() delivers one event per call', async () => {
    const log: string[] = [];
    for (const name of ['a', 'b']) {
      await socket.newthread(async () => {
        await socket.sleep(0.01);
        log.push(`${name}1`);
        await socket.sleep(0.2);
        log.push(`${name}2`);
      });
    }
    // Both first sleeps come due together: one poll fires every deadline that has come.
    await new Promise((r) => setTimeout(r, 30));
    expect(await socket.poll()).toEqual([true]);
    expect(log).toEqual(['a1', 'b1']);
    expect(await socket.poll(5)).toEqual([true]);
    expect(log).toEqual(['a1', 'b1', 'a2', 'b2']);
    expect(await socket.poll()).toEqual([null, 'empty']);
  });

  it("poll(timeout) gives [false, 'timeout'] when nothing happens in time", async () => {
    const [u] = socket.udp();
    await u!.bind('127.0.0.1', 0);
    let got: unknown;
    await socket.newthread(async () => {
      got = await u!.recv(Buffer.alloc(10), 10);
    });
    const t0 = socket.clock();
    expect(await socket.poll(0.1)).toEqual([false, 'timeout']);
    expect(socket.clock() - t0).toBeGreaterThanOrEqual(0.099);
    expect(await socket.poll(0)).toEqual([false, 'timeout']);
    u!.close();
    expect(await socket.poll(5)).toEqual([true]);
    expect(got).toEqual([null, 'closed']);
  });

  it('start(timeout) returns after that long without an event', async () => {
    const u = made(socket.udp());
    await u.bind('127.0.0.1', 0);
    let got: unknown;
    await socket.newthread(async () => {
      got = await u.recv(Buffer.alloc(10), 10);
    });
    const t0 = socket.clock();
    expect(await socket.start(0.1)).toEqual([false, 'timeout']);
    expect(socket.clock() - t0).toBeGreaterThanOrEqual(0.099);
    u.close();
    expect(await socket.start()).toEqual([true]);
    expect(got).toEqual([null, 'closed']);
  });

  it('stop() from a thread makes start() return after the current event, and start() works again', async () => {
    const log: string[] = [];
    await socket.newthread(async () => {
      await socket.sleep(0.01);
      log.push('stopper');
      socket.stop();
      log.push('still running');
      await socket.sleep(0.01);
      log.push('second start');
    });
    expect(await socket.start()).toEqual([true]);
    expect(log).toEqual(['stopper', 'still running']);
    expect(await socket.start()).toEqual([true]);
    expect(log).toEqual(['stopper', 'still running', 'second start']);
  });

  it('stop() wakes a start() that is waiting, and does nothing when start() is not running', async () => {
    socket.stop();
    const u = made(socket.udp());
    await u.bind('127.0.0.1', 0);
    await socket.newthread(async () => {
      await u.recv(Buffer.alloc(10), 10);
    });
    setTimeout(() => socket.stop(), 30);
    expect(await socket.start()).toEqual([true]);
    u.close();
    await run();
  });

  it('start() while start() runs resolves [true] at once', async () => {
    let inner: unknown;
    await socket.newthread(async () => {
      await socket.sleep(0);
      inner = await socket.start();
    });
    await run();
    expect(inner).toEqual([true]);
  });

  it('an error thrown after the first wait rejects the start() that resumed the thread', async () => {
    const log: string[] = [];
    await socket.newthread(async () => {
      await socket.sleep(0.01);
      throw new Error('late');
    });
    await socket.newthread(async () => {
      await socket.sleep(0.05);
      log.push('other');
    });
    await expect(socket.start()).rejects.toThrow('late');
    expect(socket.thread()).toBeNull();
    await run();
    expect(log).toEqual(['other']);
  });

  it('an error surfaces from poll() too', async () => {
    await socket.newthread(async () => {
      await socket.sleep(0);
      throw new TypeError('from poll');
    });
    await expect(socket.poll()).rejects.toThrow('from poll');
    expect(await socket.poll()).toEqual([null, 'empty']);
  });

  it('a thread can poll: it drives the others until its own poll returns', async () => {
    const log: string[] = [];
    await socket.newthread(async () => {
      await socket.sleep(0.01);
      log.push('other');
    });
    await socket.newthread(async () => {
      log.push(`inner poll ${JSON.stringify(await socket.poll())}`);
    });
    expect(log).toEqual(['other', 'inner poll [true]']);
    expect(await socket.poll()).toEqual([null, 'empty']);
  });

  it('checks timeouts', () => {
    expect(() => socket.poll('soon' as never)).toThrow(/bad argument #1 to 'poll'/);
    expect(() => socket.start({} as never)).toThrow(/bad argument #1 to 'start'/);
    expect(() => socket.poll(NaN)).toThrow("bad argument #1 to 'poll' (timeout: expected a number of seconds, got NaN)");
  });
});

describe('sleep', () => {
  it('wakes threads in deadline order, never early', async () => {
    const log: string[] = [];
    const late: number[] = [];
    for (const [name, s] of [['c', 0.06], ['a', 0.02], ['b', 0.04]] as const) {
      await socket.newthread(async () => {
        const due = socket.clock() + s;
        await socket.sleep(s);
        late.push(socket.clock() - due);
        log.push(name);
      });
    }
    await run();
    expect(log).toEqual(['a', 'b', 'c']);
    for (const l of late) expect(l).toBeGreaterThanOrEqual(0);
  });

  it('sleep_until a clock value, and numeric strings as in Lua', async () => {
    let woke = 0;
    const at = socket.clock() + 0.05;
    await socket.newthread(async () => {
      await socket.sleep_until(at);
      await socket.sleep('0.01' as never);
      woke = socket.clock();
    });
    await run();
    expect(woke).toBeGreaterThanOrEqual(at + 0.01);
  });

  it("times read as LuaJIT reads numbers in strings: hex fractions, 0b, inf; C whitespace only; poll(false) and start(false) have no timeout", async () => {
    const woke: string[] = [];
    for (const s of ['0x.1', '0x1p-4', '-0x0', '0b0']) {
      await socket.newthread(async () => {
        await socket.sleep(s as never);
        woke.push(s);
      });
    }
    await socket.newthread(async () => {
      await socket.sleep('0.02' as never);
      woke.push('slept');
    });
    expect(await socket.start(false)).toEqual([true]);
    expect(woke.sort()).toEqual(['-0x0', '0b0', '0x.1', '0x1p-4', 'slept']);
    await socket.newthread(async () => {
      await socket.sleep(0.01);
      woke.push('polled');
    });
    expect(await socket.poll(false)).toEqual([true]);
    expect(woke).toContain('polled');
    // A non-breaking space or a byte-order mark is not C whitespace: no number.
    await expect(socket.newthread(() => socket.sleep('\u00a00.05' as never))).rejects.toThrow(TypeError);
    await expect(socket.newthread(() => socket.sleep('\ufeff1' as never))).rejects.toThrow(TypeError);
  });

  it("a deadline in the past wakes at the next poll; equal deadlines come in the original's heap order", async () => {
    const log: string[] = [];
    const t = socket.clock() - 10;
    for (const name of ['x', 'y', 'z']) {
      await socket.newthread(async () => {
        await socket.sleep_until(t);
        log.push(name);
      });
    }
    expect(await socket.poll()).toEqual([true]);
    expect(log).toEqual(['x', 'z', 'y']);
  });

  it("raises 'trying to I/O from the main thread' outside a thread, leaving nothing behind", async () => {
    expect(() => socket.sleep(0.01)).toThrow(new Error('trying to I/O from the main thread'));
    expect(() => socket.sleep_until(0)).toThrow('trying to I/O from the main thread');
    expect(await socket.poll()).toEqual([null, 'empty']);
    expect(() => socket.sleep('x' as never)).toThrow(TypeError);
  });

  it('a sleeping thread does not hold back I/O that is ready', async () => {
    const [u, port] = await udpPeer();
    const log: string[] = [];
    await socket.newthread(async () => {
      await socket.sleep(0.3);
      log.push('slept');
    });
    await socket.newthread(async () => {
      const r = await u.recv(Buffer.alloc(10), 10);
      log.push(`got ${r[0]}`);
    });
    const sender = made(socket.udp());
    await sender.send('hi', null, '127.0.0.1', port);
    await run();
    expect(log).toEqual(['got 2', 'slept']);
  });

  it('a deadline that comes while a woken thread still runs waits until that thread gives control back', async () => {
    // The loop's timer for the sleep outlives the wake-up by the datagram: when it fires
    // while the receiver awaits something outside socket2, the sleeper must not run.
    const [u, port] = await udpPeer();
    const log: string[] = [];
    await socket.newthread(async () => {
      await socket.sleep(0.05);
      log.push('slept');
    });
    await socket.newthread(async () => {
      await u.recv(Buffer.alloc(10), 10);
      log.push('got');
      await delay(150);
      log.push('receiver gives control back');
      await socket.sleep(0);
      log.push('receiver again');
    });
    const sender = made(socket.udp());
    await sender.send('hi', null, '127.0.0.1', port);
    await run();
    expect(log).toEqual(['got', 'receiver gives control back', 'slept', 'receiver again']);
  });
});

describe('suspend and resume', () => {
  it('hand values both ways, and suspended threads do not count as waiting', async () => {
    let t!: Thread;
    const log: unknown[] = [];
    const first = new Promise<unknown[]>((resolve) => {
      void socket.newthread(async () => {
        t = socket.thread()!;
        const got = await socket.suspend('out1');
        log.push(got);
        const again = await socket.suspend('out2', 2);
        log.push(again);
        return 'done';
      }).then(() => resolve([]));
    });
    await first;
    expect(await socket.poll()).toEqual([null, 'empty']);
    expect(await socket.resume(t, 'in1')).toEqual(['out2', 2]);
    expect(log).toEqual([['in1']]);
    expect(await socket.resume(t, 'in2', 'x')).toEqual([]);
    expect(log).toEqual([['in1'], ['in2', 'x']]);
    expect(() => socket.resume(t)).toThrow('cannot resume non-suspended coroutine');
    expect(() => socket.resume({} as Thread)).toThrow(TypeError);
  });

  it('resume returns [] when the thread goes on to wait for I/O, which poll then delivers', async () => {
    let t!: Thread;
    const log: string[] = [];
    await socket.newthread(async () => {
      t = socket.thread()!;
      await socket.suspend();
      log.push('resumed');
      await socket.sleep(0.01);
      log.push('slept');
    });
    expect(await socket.resume(t)).toEqual([]);
    expect(log).toEqual(['resumed']);
    await run();
    expect(log).toEqual(['resumed', 'slept']);
  });

  it('suspend outside a thread raises the original\'s transfer error', () => {
    expect(() => socket.suspend()).toThrow(new Error('trying to transfer to the running thread'));
    expect(() => socket.suspend(1)).toThrow(new Error('trying to transfer to the running thread'));
  });
});

describe('cosafewrap', () => {
  it('makes an iterator whose body may wait for I/O', async () => {
    const got: unknown[] = [];
    await socket.newthread(async () => {
      const gen = socket.cosafewrap(async (yield_, first: unknown) => {
        let v = await yield_('a', first);
        await socket.sleep(0.01);
        v = await yield_('b', v[0]);
        return `end ${String(v[0])}`;
      });
      got.push(await gen(1));
      got.push(await gen(2));
      got.push(await gen(3));
      expect(() => gen()).toThrow('cannot resume dead coroutine');
    });
    await run();
    expect(got).toEqual([['a', 1], ['b', 2], ['end 3']]);
  });

  it('rejects with the body\'s error, and refuses yield outside a call', async () => {
    const bad = socket.cosafewrap(() => {
      throw new Error('body');
    });
    await expect(bad()).rejects.toThrow('body');
    let saved: ((...v: unknown[]) => Promise<unknown[]>) | undefined;
    const gen = socket.cosafewrap(async (y) => {
      saved = y;
      await y(1);
    });
    expect(await gen()).toEqual([1]);
    expect(() => saved!()).toThrow('attempt to yield from outside a coroutine');
  });
});

describe('clock', () => {
  it('is monotonic seconds', () => {
    const a = socket.clock();
    const b = after(0);
    expect(b).toBeGreaterThanOrEqual(a);
    expect(typeof a).toBe('number');
  });
});
