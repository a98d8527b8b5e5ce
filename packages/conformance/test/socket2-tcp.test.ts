// socket2 TCP on every backend: listen, connect, accept, send, recv and shutdown with
// each of their return paths, over IPv4, IPv6 and unix sockets.
import { rmSync } from 'node:fs';
import { MSG_PEEK } from '@sockport/core';
import socket, { Addr, TCP } from '@sockport/socket2';
import { describe, expect, it } from 'vitest';
import { after, inThread, listener, made, portOf, run, setupSocket2, tcpPair, track, unixPath } from '../src/socket2/helpers.js';

setupSocket2();

describe(`socket2 tcp on ${process.env.SOCKPORT_POLLER}`, () => {
  it('connect, accept with both addresses, send, recv, and end of stream', async () => {
    const [l, port] = await listener();
    const got = await inThread(async () => {
      const c = made(socket.tcp());
      expect(await c.connect('127.0.0.1', port)).toEqual([true]);
      const [s, remote, local] = await l.accept();
      track(s);
      expect(s).toBeInstanceOf(TCP);
      expect([s!.type(), s!.family(), s!.protocol()]).toEqual(['tcp', 'inet', 'tcp']);
      expect(remote).toBeInstanceOf(Addr);
      expect((remote as Addr).tostring()).toBe(`127.0.0.1:${portOf(c)}`);
      expect((local as Addr).tostring()).toBe(`127.0.0.1:${port}`);
      expect(await c.send('hello world')).toEqual([11]);
      const buf = Buffer.alloc(64);
      const [n] = await (s as TCP).recv(buf, 64);
      c.close();
      const eof = await (s as TCP).recv(buf, 64);
      return [buf.toString('utf8', 0, n!), eof];
    });
    expect(got).toEqual(['hello world', [null, 'closed']]);
  });

  it('recv waits in a thread until data comes; send takes a prefix with maxlen and Uint8Arrays', async () => {
    const [c, s] = await tcpPair();
    const buf = new Uint8Array(16);
    let got: unknown;
    await socket.newthread(async () => {
      got = await s.recv(buf, 16);
    });
    expect(got).toBeUndefined();
    await inThread(async () => {
      expect(await c.send(new Uint8Array([1, 2, 3, 4, 5]), 3)).toEqual([3]);
    });
    await run();
    expect(got).toEqual([3]);
    expect([...buf.subarray(0, 3)]).toEqual([1, 2, 3]);
  });

  it('zero-byte send and a recv of maxlen 0 give 0', async () => {
    const [c, s] = await tcpPair();
    const out = await inThread(async () => {
      const a = await c.send('');
      const b = await c.send('abc', 0);
      await c.send('x');
      const d = await s.recv(Buffer.alloc(4), 0);
      return [a, b, d];
    });
    expect(out).toEqual([[0], [0], [0]]);
  });

  it('recv with MSG_PEEK leaves the data', async () => {
    const [c, s] = await tcpPair();
    const out = await inThread(async () => {
      await c.send('peek');
      const buf = Buffer.alloc(8);
      const a = await s.recv(buf, 8, null, MSG_PEEK);
      const b = await s.recv(buf, 8);
      return [a, b, buf.toString('utf8', 0, 4)];
    });
    expect(out).toEqual([[4], [4], 'peek']);
  });

  it('refused: an error triple, the socket stays open', async () => {
    const [, port] = await listener();
    const l2 = made(socket.tcp());
    await l2.bind('127.0.0.1', 0);
    const closedPort = portOf(l2);
    l2.close();
    const c = made(socket.tcp());
    const r = await inThread(() => c.connect('127.0.0.1', closedPort));
    expect(r).toEqual([null, 'Connection refused', 111]);
    expect(c.closed()).toBe(false);
    expect(port).toBeGreaterThan(0);
    // The original finishes a connect by calling connect() again, which leaves the
    // socket able to try again: refused again, not 'Software caused connection abort'.
    expect(await inThread(() => c.connect('127.0.0.1', closedPort))).toEqual([null, 'Connection refused', 111]);
  });

  it('connecting a connected socket: Transport endpoint is already connected', async () => {
    const [, port] = await listener();
    const c = made(socket.tcp());
    expect(await inThread(() => c.connect('127.0.0.1', port))).toEqual([true]);
    expect(await inThread(() => c.connect('127.0.0.1', port))).toEqual([null, 'Transport endpoint is already connected', 106]);
  });

  it('connect binds to * first: a later bind raises; a bound socket keeps its address', async () => {
    const [, port] = await listener();
    const c = made(socket.tcp());
    await inThread(() => c.connect('127.0.0.1', port));
    expect(() => c.bind()).toThrow('assertion failed!');
    const d = made(socket.tcp());
    await d.bind('127.0.0.1', 0);
    const mine = portOf(d);
    expect(await inThread(() => d.connect('127.0.0.1', port))).toEqual([true]);
    expect(portOf(d)).toBe(mine);
  });

  it('connect to an ai object, with expires after it', async () => {
    const [, port] = await listener();
    const [a] = await socket.addr('127.0.0.1', port, 'tcp');
    const c = made(socket.tcp());
    expect(await inThread(() => c.connect(a!, after(5)))).toEqual([true]);
    const d = made(socket.tcp());
    expect(await inThread(() => d.connect(a!, null, after(5)))).toEqual([true]);
  });

  it('methods take an addr() table for the address, whose own fields count, as s:addr hands it to addr()', async () => {
    const [, port] = await listener();
    const c = made(socket.tcp());
    // A unix socket's address from a table of inet fields: the socket's family does not count.
    const [a] = await made(socket.tcp('unix')).addr({ host: '127.0.0.1', port, socket_type: 'tcp' });
    expect((a as { tostring(): string }).tostring()).toBe(`127.0.0.1:${port}`);
    expect(await inThread(() => c.connect({ host: '127.0.0.1', port, socket_type: 'tcp' }, null, after(5)))).toEqual([true]);
    const l = made(socket.tcp());
    expect(await l.listen({ host: '127.0.0.1', port: 0, socket_type: 'tcp' })).toEqual([true]);
    const b = made(socket.tcp());
    expect(await b.bind({ host: '127.0.0.1', port: 0, socket_type: 'tcp' })).toEqual([true]);
    const [ai] = await socket.addr('127.0.0.1', port, 'tcp');
    expect(await made(socket.tcp()).addr(ai!)).toEqual([ai, true]);
    // A table brings its own flags: the method's are not even read.
    const t = { host: '127.0.0.1', port: 0, socket_type: 'tcp' } as const;
    expect(await made(socket.tcp()).bind(t, null, 'bogus' as never)).toEqual([true]);
    expect(await made(socket.tcp()).addr(ai!, null, 'bogus' as never)).toEqual([ai, true]);
  });

  it('connect with a bad port or name gives the lookup error', async () => {
    const c = made(socket.tcp());
    expect(await inThread(() => c.connect('127.0.0.1', 'nope'))).toEqual([null, 'Servname not supported for ai_socktype', -8]);
    expect(await inThread(() => c.connect('::1', 80))).toEqual([null, 'Address family for hostname not supported', -9]);
  });

  it('IPv6: listen, connect (binding :: first), accept, exchange', async () => {
    const [c, s] = await tcpPair('inet6');
    const [peer] = s.getpeername();
    expect(peer!.family()).toBe('inet6');
    expect(peer!.tostring()).toBe(`[::1]:${portOf(c)}`);
    const got = await inThread(async () => {
      await s.send('six');
      const buf = Buffer.alloc(8);
      const [n] = await c.recv(buf, 8);
      return buf.toString('utf8', 0, n!);
    });
    expect(got).toBe('six');
  });

  it('unix stream sockets: listen on a path, connect, accept, exchange', async () => {
    const path = unixPath();
    const l = made(socket.tcp('unix'));
    expect(await l.listen(path)).toEqual([true]);
    const got = await inThread(async () => {
      const c = made(socket.tcp('unix'));
      expect(await c.connect(path)).toEqual([true]);
      const [s, remote, local] = await l.accept();
      track(s);
      expect((remote as Addr).family()).toBe('unix');
      expect((local as Addr).tostring()).toBe(path);
      await c.send('unix');
      const buf = Buffer.alloc(8);
      const [n] = await (s as TCP).recv(buf, 8);
      return buf.toString('utf8', 0, n!);
    });
    expect(got).toBe('unix');
    rmSync(path);
  });

  it('listen: backlog first, already-bound sockets ignore the address, listening twice is fine', async () => {
    const l = made(socket.tcp());
    expect(await l.listen(5, '127.0.0.1', 0)).toEqual([true]);
    expect(await l.listen('10.0.0.1', 1)).toEqual([true]);
    expect(l.getopt('so_acceptconn')).toEqual([true]);
    const m = made(socket.tcp());
    expect(await m.listen()).toEqual([true]);
    expect(m.getsockname()[0]!.addr().tostring()).toBe('0.0.0.0');
    const [, port] = await listener();
    const n = made(socket.tcp());
    expect(await n.listen('127.0.0.1', port)).toEqual([null, 'Address already in use', 98]);
  });

  it('listening again on a port in TIME_WAIT: Address already in use, unless so_reuseaddr', async () => {
    // The server side closes first, so the server's port goes to TIME_WAIT.
    async function serveAndClose(reuse: boolean): Promise<number> {
      const l = made(socket.tcp());
      if (reuse) l.setopt('so_reuseaddr', true);
      await l.listen('127.0.0.1', 0);
      const port = portOf(l);
      await inThread(async () => {
        const client = made(socket.tcp());
        await client.connect('127.0.0.1', port);
        const [s] = await l.accept();
        s!.close();
        await client.recv(Buffer.alloc(1), 1);
        client.close();
        await socket.sleep(0.05);
      });
      l.close();
      return port;
    }
    const plain = await serveAndClose(false);
    expect(await made(socket.tcp()).listen('127.0.0.1', plain)).toEqual([null, 'Address already in use', 98]);
    const reusable = await serveAndClose(true);
    const again = made(socket.tcp());
    expect(again.setopt('so_reuseaddr', true)).toEqual([true]);
    expect(await again.listen('127.0.0.1', reusable)).toEqual([true]);
  });

  it('accept on a socket that is not listening: Invalid argument', async () => {
    const t = made(socket.tcp());
    await t.bind('127.0.0.1', 0);
    expect(await inThread(() => t.accept())).toEqual([null, 'Invalid argument', 22]);
  });

  it('recv on an unconnected socket: an error triple', async () => {
    const t = made(socket.tcp());
    expect(await inThread(() => t.recv(Buffer.alloc(1), 1))).toEqual([null, 'Transport endpoint is not connected', 107]);
  });

  it('close with unread data sends RST: the peer gets Connection reset by peer', async () => {
    const [c, s] = await tcpPair();
    const out = await inThread(async () => {
      await c.send('unread');
      await socket.sleep(0.05);
      s.close();
      return c.recv(Buffer.alloc(8), 8);
    });
    expect(out).toEqual([null, 'Connection reset by peer', 104]);
    expect(c.closed()).toBe(false);
  });

  it('so_linger 0 makes close send RST', async () => {
    const [c, s] = await tcpPair();
    expect(s.setopt('so_linger', 0)).toEqual([true]);
    s.close();
    expect(await inThread(() => c.recv(Buffer.alloc(8), 8))).toEqual([null, 'Connection reset by peer', 104]);
  });

  it('a plain close sends FIN: the peer reads closed', async () => {
    const [c, s] = await tcpPair();
    s.close();
    expect(await inThread(() => c.recv(Buffer.alloc(8), 8))).toEqual([null, 'closed']);
  });

  it('send after the peer reset: an error triple, never SIGPIPE', async () => {
    const [c, s] = await tcpPair();
    s.setopt('so_linger', 0);
    s.close();
    const out = await inThread(async () => {
      await socket.sleep(0.02);
      const results = [];
      for (let i = 0; i < 3; i++) results.push(await c.send('x'));
      return results;
    });
    expect(out[0]).toEqual([null, 'Connection reset by peer', 104]);
    expect(out[1]).toEqual([null, 'Broken pipe', 32]);
  });

  it("shutdown('w') sends FIN but keeps receiving; 'r', 'rw', the default; bad and unconnected ones fail", async () => {
    const [c, s] = await tcpPair();
    expect(c.shutdown('w')).toEqual([true]);
    const out = await inThread(async () => {
      const eof = await s.recv(Buffer.alloc(4), 4);
      await s.send('back');
      const buf = Buffer.alloc(4);
      const back = await c.recv(buf, 4);
      return [eof, back, buf.toString()];
    });
    expect(out).toEqual([[null, 'closed'], [4], 'back']);
    expect(s.shutdown()).toEqual([true]);
    const [c2, s2] = await tcpPair();
    expect(s2.shutdown('r')).toEqual([true]);
    expect(c2.shutdown('rw', after(1))).toEqual([true]);
    expect(s2.shutdown('x' as never)).toEqual([null, 'Invalid argument', 22]);
    const lone = made(socket.tcp());
    expect(lone.shutdown('w')).toEqual([null, 'Transport endpoint is not connected', 107]);
  });

  it('false for maxlen, flags and the shutdown direction means the default', async () => {
    const [c, s] = await tcpPair();
    const buf = Buffer.alloc(8);
    const out = await inThread(async () => [await c.send('abc', false, false, false), await s.recv(buf, 8, false, false)]);
    expect(out).toEqual([[3], [3]]);
    expect(c.shutdown(false)).toEqual([true]);
    expect(await inThread(() => s.recv(buf, 8))).toEqual([null, 'closed']);
  });

  it('a send bigger than the socket buffers returns a partial count', async () => {
    const [c] = await tcpPair();
    c.setopt('so_sndbuf', 4096);
    const big = Buffer.alloc(8 << 20, 7);
    const [n] = await inThread(() => c.send(big));
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThan(big.length);
  });

  it('threads parked on a socket that gets closed wake with closed', async () => {
    const [, s] = await tcpPair();
    const [l] = await listener();
    let recv: unknown;
    let acc: unknown;
    await socket.newthread(async () => {
      recv = await s.recv(Buffer.alloc(4), 4);
    });
    await socket.newthread(async () => {
      acc = await l.accept();
    });
    await socket.newthread(async () => {
      await socket.sleep(0.02);
      s.close();
      l.close();
    });
    await run();
    expect(recv).toEqual([null, 'closed']);
    expect(acc).toEqual([null, 'closed', null]);
  });

  it('bad arguments raise TypeErrors naming them', async () => {
    const [c] = await tcpPair();
    expect(() => c.recv('nope' as never, 4)).toThrow(/bad argument #1 to 'recv'/);
    expect(() => c.recv(Buffer.alloc(2), 4)).toThrow(/maxlen 4 exceeds/);
    expect(() => c.recv(Buffer.alloc(2), -1)).toThrow(/bad argument #2 to 'recv'/);
    expect(() => c.send({} as never)).toThrow(/bad argument #1 to 'send'/);
    expect(() => c.send('ab', 3)).toThrow(/maxlen 3 exceeds/);
    expect(() => c.send('ab', null, 'soon' as never)).toThrow(/bad argument #3 to 'send' \(expires/);
    expect(() => c.send('ab', null, null, 'oob' as never)).toThrow(/bad argument #4 to 'send' \(flags/);
  });

  it('maxlen and the backlog are C ints as the FFI makes them: the fraction cut off, NaN the kernel maximum', async () => {
    const [c, s] = await tcpPair();
    const buf = Buffer.alloc(8);
    let sent: unknown;
    let got: unknown;
    await inThread(async () => {
      sent = await c.send('abcdef', 2.5);
      got = await s.recv(buf, 2.9);
    });
    await run();
    expect([sent, got, buf.subarray(0, 2).toString()]).toEqual([[2], [2], 'ab']);
    const l = made(socket.tcp());
    expect(await l.listen(Number.NaN, '127.0.0.1', 0)).toEqual([true]);
    l.close();
  });

  it('booleans for maxlen and flags are the ints the FFI makes of them: true is 1 (MSG_OOB for flags), false 0', async () => {
    const [c, s] = await tcpPair();
    const buf = Buffer.alloc(8);
    expect(await c.send('hello', true as never)).toEqual([1]);
    expect(await inThread(() => s.recv(buf, true as never))).toEqual([1]);
    expect(buf.subarray(0, 1).toString()).toBe('h');
    expect(await c.send('ab')).toEqual([2]);
    expect(await inThread(() => s.recv(buf, false as never))).toEqual([0]);
    expect(await inThread(() => s.recv(buf, 8))).toEqual([2]);
    // MSG_OOB with no urgent data waiting: EINVAL; a send with it sends its byte urgent.
    expect(await inThread(() => s.recv(buf, 8, null, true as never))).toEqual([null, 'Invalid argument', 22]);
    expect(await c.send('x', null, null, true as never)).toEqual([1]);
  });

  it('flags are a C int as the FFI makes it: an int that cannot hold the number gets INT_MIN, a bit the kernel ignores', async () => {
    const [c, s] = await tcpPair();
    const buf = Buffer.alloc(8);
    for (const flags of [2 ** 31, 2 ** 32 + 1, -(2 ** 31) - 1, Infinity, Number.NaN]) {
      expect(await c.send('x', null, null, flags)).toEqual([1]);
      expect(await inThread(() => s.recv(buf, 8, null, flags))).toEqual([1]);
    }
  });
});
