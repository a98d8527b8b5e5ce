// Sockets over real loopback connections: the calls' results, the argument rules
// (Lua truth and coercion, receivers, closed sockets) and nothing leaked.
import { describe, expect, it } from 'vitest';
import socket, { Addr, RAW, TCP, UDP } from '../src/index.js';
import { after, listener, made, run, track, udpPeer } from './helpers.js';

async function pair(): Promise<[TCP, TCP]> {
  const [l, port] = await listener();
  let out: [TCP, TCP] | undefined;
  await socket.newthread(async () => {
    const c = made(socket.tcp());
    await c.connect('127.0.0.1', port, after(5));
    const [s] = await l.accept(after(5));
    out = [c, track(s!)];
  });
  await run();
  l.close();
  return out!;
}

describe('constructors and common methods', () => {
  it('make sockets of each class with their names', () => {
    expect(made(socket.tcp())).toBeInstanceOf(TCP);
    expect(made(socket.udp())).toBeInstanceOf(UDP);
    expect(made(socket.raw('inet', 'icmp'))).toBeInstanceOf(RAW);
    const r = made(socket.raw('inet6', 58));
    expect([r.type(), r.family(), r.protocol()]).toEqual(['raw', 'inet6', 'icmpv6']);
    const odd = made(socket.udp('inet', 0));
    expect(odd.protocol()).toBe('ip');
  });

  it('s.s is the descriptor until close', () => {
    const t = made(socket.tcp());
    expect(t.s).toBeGreaterThan(2);
    t.close();
    expect(t.s).toBeNull();
  });

  it('close() on a socket whose close fails still releases it', () => {
    const t = made(socket.tcp());
    expect(t.close()).toEqual([true]);
    expect(t.close()).toEqual([true]);
  });

  it('raises for a receiver that is not a socket', () => {
    expect(() => TCP.prototype.recv.call(null as never, Buffer.alloc(1), 1)).toThrow(/bad argument 'self' to 'recv' \(expected a tcp socket, got null\)/);
    expect(() => UDP.prototype.send.call(made(socket.tcp()) as never, 'x', null, '127.0.0.1', 1)).toThrow(/expected a udp socket/);
    expect(() => TCP.prototype.close.call(5 as never)).toThrow(/bad argument 'self' to 'close' \(expected a socket, got number\)/);
  });

  it('getsockname and getpeername give Addr objects', async () => {
    const [c, s] = await pair();
    const [local] = c.getsockname();
    const [peer] = s.getpeername();
    expect(local).toBeInstanceOf(Addr);
    expect(local!.tostring()).toBe(peer!.tostring());
  });
});

describe('arguments', () => {
  it('Lua truth: false for expires means no deadline, 0 is a deadline long past', async () => {
    const [c, s] = await pair();
    let r1: unknown;
    await socket.newthread(async () => {
      r1 = await s.recv(Buffer.alloc(2), 2, false as never);
    });
    await c.send('ok');
    await run();
    expect(r1).toEqual([2]);
    let r2: unknown;
    await socket.newthread(async () => {
      r2 = await s.recv(Buffer.alloc(2), 2, 0);
    });
    await run();
    expect(r2).toEqual([null, 'timeout']);
  });

  it('maxlen and flags must be numbers (maxlen not negative as a C int); buffers must be bytes', async () => {
    const [c] = await pair();
    expect(() => c.send('abc', -1.5)).toThrow(/bad argument #2 to 'send' \(maxlen: expected a non-negative integer, got -1.5\)/);
    expect(() => c.send('abc', '2' as never)).toThrow(/maxlen/);
    expect(() => c.recv(new Uint8Array(4), 4, null, '1' as never)).toThrow(/flags/);
    expect(() => c.recv([] as never, 0)).toThrow(/buf: expected a Uint8Array, got array/);
  });

  it('a string is sent as UTF-8 and maxlen counts bytes', async () => {
    const [c, s] = await pair();
    const got = await (async () => {
      let out: unknown;
      await socket.newthread(async () => {
        expect(await c.send('héllo', 3)).toEqual([3]);
        const buf = Buffer.alloc(8);
        const [n] = await s.recv(buf, 8);
        out = [...buf.subarray(0, n!)];
      });
      await run();
      return out;
    })();
    expect(got).toEqual([0x68, 0xc3, 0xa9]);
  });

  it('an address object stands for host and port in every call that takes one', async () => {
    const [u, port] = await udpPeer();
    const [to] = await socket.addr(false, port, 'udp');
    const [here] = await socket.addr('127.0.0.1', 0, 'udp');
    const v = made(socket.udp());
    expect(await v.bind(here!)).toEqual([true]);
    let got: unknown;
    await socket.newthread(async () => {
      expect(await v.send('x', null, to!, null, after(5))).toEqual([1]);
      got = await u.recv(Buffer.alloc(1), 1, null, null, after(5));
    });
    await run();
    expect((got as [number, Addr])[0]).toBe(1);
  });

  it("after an address object a port is ignored when an expiry follows (the original's form), else it is the expiry (the document's)", async () => {
    const [u, port] = await udpPeer();
    const [to] = await socket.addr('127.0.0.1', port, 'udp');
    const v = made(socket.udp());
    const [l, lport] = await listener();
    const [ai] = await socket.addr('127.0.0.1', lport, 'tcp');
    const c = made(socket.tcp());
    const got: unknown[] = [];
    await socket.newthread(async () => {
      // A port in the port's place: the original ignores it (as a flag it would be MSG_OOB).
      got.push(await v.send('a', null, to!, port, after(5)));
      got.push(await v.send('b', null, to!, after(5)));
      got.push(await u.recv(Buffer.alloc(1), 1, null, null, after(5)));
      got.push(await u.recv(Buffer.alloc(1), 1, null, null, after(5)));
      got.push(await c.connect(ai!, lport, after(5)));
    });
    await run();
    l.close();
    expect(got.slice(0, 2)).toEqual([[1], [1]]);
    expect(got.slice(2).map((r) => (r as unknown[])[0])).toEqual([1, 1, true]);
  });
});

describe('threads and sockets together', () => {
  it('a call the thread did not await: the thread ends when the call is woken, and its error surfaces', async () => {
    const [u] = await udpPeer();
    await socket.newthread(async () => {
      void u.recv(Buffer.alloc(4), 4);
      throw new Error('body ended early');
    });
    u.close();
    await expect(socket.poll(5)).rejects.toThrow('body ended early');
    expect(await socket.poll()).toEqual([null, 'empty']);
  });

  it('a call the thread did not await, then a clean end: nothing hangs', async () => {
    const [u] = await udpPeer();
    await socket.newthread(async () => {
      void u.recv(Buffer.alloc(4), 4, null, null, after(0.05));
    });
    expect(await socket.start(5)).toEqual([true]);
    expect(u.closed()).toBe(true);
  });

  it('sockets dropped without close are collected', async () => {
    for (let i = 0; i < 20; i++) socket.tcp();
    for (let i = 0; i < 3; i++) {
      globalThis.gc?.();
      await new Promise((r) => setImmediate(r));
    }
  });
});
