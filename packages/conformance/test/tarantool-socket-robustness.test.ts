// Data integrity, deadlines, wake-ups and fairness for the Tarantool face, on every
// poller backend. Every loop is bounded in count and time.
import { createHash } from 'node:crypto';
import { AF_UNIX, SOCK_STREAM, Socket, monotonic } from '@sockport/core';
import socket, { type SocketObject } from '@sockport/tarantool-socket';
import { describe, expect, it } from 'vitest';
import { setupScenarios, sleep } from '../src/support.js';
import { listener, pair } from '../src/tarantool-socket/twins/common.js';

setupScenarios();

function pattern(size: number, seed: number): Buffer {
  const b = Buffer.allocUnsafe(size);
  for (let i = 0; i < size; i++) b[i] = (i * 31 + seed) & 0xff;
  return b;
}
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

async function readAll(s: SocketObject, size: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let got = 0;
  for (let i = 0; i < 100_000 && got < size; i++) {
    const chunk = await s.read({ chunk: 65536 }, 10);
    if (chunk === null || chunk.length === 0) break;
    parts.push(chunk);
    got += chunk.length;
  }
  return Buffer.concat(parts);
}

describe(`tarantool-socket robustness on ${process.env.SOCKPORT_POLLER}`, () => {
  it('8 MiB each way at once arrives intact', async () => {
    const [a, b] = await pair();
    const up = pattern(8 << 20, 1);
    const down = pattern(8 << 20, 2);
    const [sentUp, sentDown, gotUp, gotDown] = await Promise.all([a.write(up, 30), b.write(down, 30), readAll(b, up.length), readAll(a, down.length)]);
    expect([sentUp, sentDown]).toEqual([up.length, down.length]);
    expect(sha(gotUp)).toBe(sha(up));
    expect(sha(gotDown)).toBe(sha(down));
    a.close();
    b.close();
  });

  it('lines split across many segments, and a delimiter longer than the read-ahead', async () => {
    const [a, b] = await pair();
    const lines = Array.from({ length: 2000 }, (_, i) => `line ${i} ${'x'.repeat(i % 97)}\n`);
    const text = lines.join('');
    const writer = (async () => {
      for (let at = 0; at < text.length; at += 777) await a.write(text.slice(at, at + 777));
    })();
    for (const line of lines) expect(String(await b.read('\n', 10))).toBe(line);
    await writer;
    const delimiter = Buffer.alloc(20_000, 'D');
    const body = pattern(50_000, 3);
    await Promise.all([a.write(Buffer.concat([body, delimiter, Buffer.from('tail')]), 10), (async () => {
      const got = await b.read(delimiter, 10);
      expect(got!.length).toBe(body.length + delimiter.length);
      expect(sha(got!.subarray(0, body.length))).toBe(sha(body));
    })()]);
    expect(String(await b.read(4, 5))).toBe('tail');
    a.close();
    b.close();
  });

  it('two reads waiting on one socket at once: each line goes to one of them, as in Tarantool', async () => {
    const [a, b] = await pair();
    for (let round = 0; round < 3; round++) {
      // The socket keeps one wait state for its reads; the second waiting read gets its own.
      const reads = [b.read('\n', 5), b.read('\n', 5)];
      await sleep(10);
      await a.write(`one${round}\n`);
      await sleep(10);
      await a.write(`two${round}\n`);
      expect((await Promise.all(reads)).map(String)).toEqual([`one${round}\n`, `two${round}\n`]);
    }
    // A read that timed out leaves the state free for the next one.
    expect(await b.read('\n', 0.02)).toBeNull();
    const late = b.read('\n', 5);
    await a.write('late\n');
    expect(String(await late)).toBe('late\n');
    a.close();
    b.close();
  });

  it('a read deadline is total: trickling bytes do not extend it, and nothing is lost', async () => {
    const [a, b] = await pair();
    const trickle = (async () => {
      for (let i = 0; i < 6; i++) {
        await sleep(40);
        await a.write('.');
      }
    })();
    const start = monotonic();
    expect(await b.read('\n', 0.15)).toBeNull();
    const took = monotonic() - start;
    expect(took).toBeGreaterThanOrEqual(0.14);
    expect(took).toBeLessThan(2);
    await trickle;
    await a.write('\n');
    expect(String(await b.read('\n', 5))).toBe('......\n');
    a.close();
    b.close();
  });

  it('closing a socket wakes a blocked write (it raises) and a blocked wait', async () => {
    const [a, b] = await pair();
    a.setsockopt('SOL_SOCKET', 'SO_SNDBUF', 4096);
    const write = a.write(Buffer.alloc(8 << 20), 30).then(
      () => 'resolved',
      (e: Error) => e.message,
    );
    await sleep(50);
    const wait = b.readable(30);
    await sleep(20);
    a.close();
    expect(await write).toBe('attempt to use closed socket');
    const waiting = b.wait(30);
    b.close();
    expect(await waiting).toBe('RW');
    expect(await wait).toBe(true);
  });

  it('closing a socket wakes an iowait on its descriptor at once, with nothing ready, as in Tarantool', async () => {
    for (const events of [1, 'R', 'r'] as const) {
      // A listener never waited on through the socket itself: iowait watches its number.
      const [l] = listener();
      const started = monotonic();
      const pending = socket.iowait(l.fd(), events, 5);
      await sleep(20);
      l.close();
      expect(await pending).toBe(events === 1 ? 0 : '');
      expect(monotonic() - started).toBeLessThan(2);
    }
    // Also for a socket the module watches itself.
    const [a, b] = await pair();
    expect(await b.readable(0)).toBe(false);
    const pending = socket.iowait(b.fd(), 'R', 5);
    await sleep(20);
    b.close();
    expect(await pending).toBe('');
    a.close();
  });

  it('a connection that always has work never starves timers or other connections', async () => {
    const [server] = await socket.tcp_server('127.0.0.1', 0, async (s) => {
      for (;;) {
        const line = await s.read('\n');
        if (line === null || line.length === 0) return;
        await s.write(line);
      }
    });
    const port = server!.name()!.port as number;
    const busy = (await socket.tcp_connect('127.0.0.1', port))!;
    const quiet = (await socket.tcp_connect('127.0.0.1', port))!;
    // Keep the busy connection's pipe full: 64 KiB of lines at a time.
    const burst = Buffer.from('x'.repeat(63) + '\n').toString().repeat(1024);
    let stop = false;
    const pump = (async () => {
      for (let i = 0; i < 10_000 && !stop; i++) {
        if ((await busy.write(burst, 5)) === null) break;
        await busy.read({ chunk: burst.length }, 5);
      }
    })();
    const timerFired = await new Promise<number>((resolve) => {
      const t0 = monotonic();
      setTimeout(() => resolve(monotonic() - t0), 20);
    });
    expect(timerFired).toBeLessThan(2);
    await quiet.write('hello\n');
    expect(String(await quiet.read('\n', 5))).toBe('hello\n');
    stop = true;
    await pump;
    busy.close();
    quiet.close();
    server!.close();
  });

  it('tcp_server serves 50 connections at once, each with its own handler', async () => {
    const [server] = await socket.tcp_server('127.0.0.1', 0, async (s, from) => {
      const line = await s.read('\n', 10);
      await s.write(`${from.port}:${String(line)}`);
    });
    const port = server!.name()!.port as number;
    const clients = await Promise.all(Array.from({ length: 50 }, () => socket.tcp_connect('127.0.0.1', port, 10)));
    await Promise.all(clients.map((c, i) => c!.write(`${i}\n`)));
    const answers = await Promise.all(clients.map((c) => c!.read('\n', 10)));
    answers.forEach((answer, i) => expect(String(answer)).toBe(`${clients[i]!.name()!.port}:${i}\n`));
    // The handler returned: each connection then reads end of stream.
    for (const c of clients) expect((await c!.read(1, 10))!.length).toBe(0);
    clients.forEach((c) => c!.close());
    server!.close();
  });

  it('a handler that raises is reported as a warning, and its connection still closes', async () => {
    const warning = new Promise<Error>((resolve) => process.once('warning', resolve));
    const [server] = await socket.tcp_server('127.0.0.1', 0, {
      name: 'failing',
      handler: () => {
        throw new Error('boom');
      },
    });
    const c = (await socket.tcp_connect('127.0.0.1', server!.name()!.port))!;
    expect((await c.read(1, 5))!.length).toBe(0);
    const w = await warning;
    expect(w.name).toBe('TarantoolSocketWarning');
    expect(w.message).toMatch(/^failing\/127\.0\.0\.1:\d+: Error: boom/);
    c.close();
    server!.close();
  });

  it('closing a server stops its accept loop; connections already accepted go on', async () => {
    let accepted = 0;
    const [server] = await socket.tcp_server('127.0.0.1', 0, async (s) => {
      accepted++;
      await s.write(String(await s.read('\n', 10)));
    });
    const port = server!.name()!.port as number;
    const c = (await socket.tcp_connect('127.0.0.1', port))!;
    for (let i = 0; i < 100 && accepted === 0; i++) await sleep(10);
    expect(server!.close()).toBe(true);
    expect(await socket.tcp_connect('127.0.0.1', port, 1)).toBeNull();
    await c.write('still here\n');
    expect(String(await c.read('\n', 5))).toBe('still here\n');
    c.close();
  });

  it('tcp_connect keeps one total deadline', async () => {
    const full = socket('AF_INET', 'SOCK_STREAM', 'tcp')!;
    full.bind('127.0.0.1', 0);
    full.listen(0);
    const port = full.name()!.port as number;
    const held: (SocketObject | null)[] = [];
    for (let i = 0; i < 4; i++) held.push(await socket.tcp_connect('127.0.0.1', port, 0.1));
    const start = monotonic();
    expect(await socket.tcp_connect('127.0.0.1', port, 0.2)).toBeNull();
    const took = monotonic() - start;
    expect(took).toBeGreaterThanOrEqual(0.19);
    expect(took).toBeLessThan(2);
    held.forEach((h) => h?.close());
    full.close();
  });

  it('iowait watches a descriptor this module does not own', async () => {
    const pair2 = Socket.pair(AF_UNIX, SOCK_STREAM);
    if (typeof pair2 === 'number') throw new Error('socketpair failed');
    const [x, y] = pair2;
    expect(await socket.iowait(x.fd, 'R', 0.02)).toBe('');
    const pending = socket.iowait(x.fd, 'R', 5);
    await sleep(20);
    y.send('!');
    expect(await pending).toBe('R');
    expect(await socket.iowait(x.fd, 3, 0)).toBe(3);
    x.close();
    y.close();
  });

  it('iowait refuses a descriptor number no descriptor has (2.6 would wait on 0 or 1), with one message', async () => {
    for (const fd of [Number.NaN, Infinity, -Infinity, 2 ** 32 + 1, 2 ** 31])
      await expect(socket.iowait(fd, 'R', 0)).rejects.toThrow(new TypeError(`iowait: fd must be a descriptor number, got ${fd}`));
  });

  it('unix stream sockets through the whole surface', async () => {
    const path = `/tmp/tnt-unix-${process.pid}-${process.env.SOCKPORT_POLLER}.sock`;
    const [server] = await socket.tcp_server('unix/', path, async (s) => {
      await s.write(String(await s.read('\n', 5)).toUpperCase());
    });
    const c = (await socket.tcp_connect('unix/', path, 5))!;
    await c.write('over unix\n');
    expect(String(await c.read('\n', 5))).toBe('OVER UNIX\n');
    expect(c.peer()!.port).toBe(path);
    c.close();
    expect(server!.close()).toBe(true);
  });

  it('a listener with nothing pending: accept never waits, readable does', async () => {
    const [l, port] = listener();
    expect(l.accept()).toEqual([null]);
    const ready = l.readable(5);
    const c = (await socket.tcp_connect('127.0.0.1', port))!;
    expect(await ready).toBe(true);
    const [client, from] = l.accept();
    expect(client).not.toBeNull();
    expect(from).toEqual({ host: '127.0.0.1', family: 'AF_INET', port: c.name()!.port });
    expect(client!.nonblock()).toBe(true);
    client!.close();
    c.close();
    l.close();
  });
});
