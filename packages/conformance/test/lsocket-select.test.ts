// lsocket.select and selectSync: the argument forms and their quirks, the result tables
// (ordered by descriptor, deduplicated, the shared empty table), timeouts, closed
// sockets and the kernel's readiness rules (behaviour file §5).
import { closeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AF_INET, constants, errno, monotonic, SOCK_STREAM, WRITABLE } from '@sockport/core';
import lsocket, { type Socket } from '@sockport/lsocket';
import { describe, expect, it } from 'vitest';
import { accepted, made, portOf, readable, setupLsocket, sleep, tcpTrio, udpSockets, unixPath } from '../src/lsocket/support.js';
import { open } from '../src/support.js';

setupLsocket();

const NO_SOCKETS = [null, 'no open sockets to check and no timeout set'];
const select = lsocket.select as (...args: unknown[]) => Promise<unknown[]>;
const selectSync = lsocket.selectSync as (...args: unknown[]) => unknown[];

async function udpPair(): Promise<[Socket, Socket]> {
  const [a, b] = udpSockets(2);
  return [a!, b!];
}

async function timed<T>(run: () => Promise<T> | T): Promise<[T, number]> {
  const start = performance.now();
  const result = await run();
  return [result, (performance.now() - start) / 1000];
}

describe(`lsocket.select on ${process.env.SOCKPORT_POLLER}`, () => {
  it('select(t) alone sleeps t seconds and returns false', async () => {
    const [result, took] = await timed(() => lsocket.select(0.1));
    expect(result).toEqual([false]);
    expect(took).toBeGreaterThanOrEqual(0.09);
    expect(took).toBeLessThan(3);
    expect(await lsocket.select(0)).toEqual([false]);
  });

  it('no open socket and no timeout: nil and the message', async () => {
    const closed = made(lsocket.bind('udp', '127.0.0.1', 0));
    closed.close();
    expect(await select()).toEqual(NO_SOCKETS);
    expect(await select(null)).toEqual(NO_SOCKETS);
    expect(await select([])).toEqual(NO_SOCKETS);
    expect(await select([closed])).toEqual(NO_SOCKETS);
    expect(await select(null, [closed])).toEqual(NO_SOCKETS);
    // The timeout slot of select(nil, nil, 0) is the first nil.
    expect(await select(null, null, 0)).toEqual(NO_SOCKETS);
    expect(await select([], [], 0.01)).toEqual([false]);
  });

  it('more arguments than the forms allow raise, after the no-socket check', async () => {
    const [a] = await udpPair();
    await expect(select([a], null, 1)).rejects.toThrow(new TypeError("bad argument to 'select' (invalid option)"));
    await expect(select([a], [a], 1, 2)).rejects.toThrow(new TypeError("bad argument to 'select' (invalid option)"));
    await expect(select(1, 2)).rejects.toThrow(new TypeError("bad argument to 'select' (invalid option)"));
    a.close();
    expect(await select([a], null, 1)).toEqual(NO_SOCKETS);
  });

  it('tables hold sockets until the first nil; anything else raises', async () => {
    const [a, b] = await udpPair();
    b.sendto('x', '127.0.0.1', portOf(a));
    await readable(a);
    expect(await select([a, null, 1], 1)).toEqual([[a]]);
    await expect(select([a, false], 1)).rejects.toThrow(new TypeError("bad argument to 'select' (tables can only contain sockets)"));
    await expect(select([1], 1)).rejects.toThrow(new TypeError("bad argument to 'select' (tables can only contain sockets)"));
    await expect(select(null, [a, 'x'])).rejects.toThrow(new TypeError("bad argument to 'select' (tables can only contain sockets)"));
  });

  it('the timeout must be a number (numeric text counts)', async () => {
    const [a] = await udpPair();
    await expect(select([a], 'soon')).rejects.toThrow(new TypeError("bad argument #2 to 'select' (number expected, got string)"));
    await expect(select(null, [a], {})).rejects.toThrow(new TypeError("bad argument #3 to 'select' (number expected, got table)"));
    await expect(select('x')).rejects.toThrow(new TypeError("bad argument #1 to 'select' (number expected, got string)"));
    expect(await select([a], '0.01')).toEqual([false]);
  });

  it('a timeout of 2^63 seconds or more (infinity too) is refused as select(2) refuses it, ready sockets or not', async () => {
    const [u] = udpSockets(1);
    const peer = made(lsocket.connect('udp', '127.0.0.1', portOf(u!)));
    expect(peer.send('x')).toEqual([1]);
    await readable(u!);
    for (const t of [Infinity, 2 ** 63, 1e19]) {
      expect(await lsocket.select([u!], t)).toEqual([null, 'Invalid argument']);
      expect(lsocket.selectSync([u!], t)).toEqual([null, 'Invalid argument']);
    }
    expect(await lsocket.select(Infinity)).toEqual([null, 'Invalid argument']);
    expect(lsocket.selectSync(Infinity)).toEqual([null, 'Invalid argument']);
    // Just below 2^63 it is a timeout like any other.
    expect(await lsocket.select([u!], 9223372036854774784)).toEqual([[u]]);
  });

  it('returns one table per table given, ready sockets by ascending descriptor, once each', async () => {
    const [sender, ...sockets] = udpSockets(7) as [Socket, ...Socket[]];
    for (const s of sockets) sender.sendto('x', '127.0.0.1', portOf(s));
    for (const s of sockets) await readable(s);
    const reversed = [...sockets].reverse();
    const [ready] = (await select([...reversed, ...reversed], 1)) as [Socket[]];
    expect(ready).toEqual([...sockets].sort((x, y) => x.getfd() - y.getfd()));
    expect(ready).toHaveLength(6);
    const result = await select(reversed, reversed, 1);
    expect(result).toHaveLength(2);
    expect(result[0]).toEqual(ready);
    expect(result[1]).toEqual(ready);
  });

  it('a set with nothing ready gives an empty table beside a ready one', async () => {
    const [a] = await udpPair();
    const result = await select([a], [a], 1);
    expect(result).toEqual([[], [a]]);
    expect(result[0]).not.toBe(result[1]);
  });

  it('a write-only select returns the shared, read-only empty table first', async () => {
    const [a, b] = await udpPair();
    const first = await select(null, [a], 1);
    const second = await select(undefined, [b], 1);
    expect(first).toEqual([[], [a]]);
    expect(second[0]).toBe(first[0]);
    const empty = first[0] as unknown as Socket[];
    empty.push(a);
    (empty as unknown as Record<number, unknown>)[0] = a;
    expect(empty).toHaveLength(0);
  });

  it('closed sockets are ignored', async () => {
    const [a, b] = await udpPair();
    a.close();
    expect(await select([a, b], [a], 0)).toEqual([false]);
    expect(await select([a], [b], 1)).toEqual([[], [b]]);
  });

  it('waits until a socket turns ready, within the timeout', async () => {
    const [a, b] = await udpPair();
    const later = sleep(50).then(() => b.sendto('late', '127.0.0.1', portOf(a)));
    const [result, took] = await timed(() => lsocket.select([a], 5));
    await later;
    expect(result).toEqual([[a]]);
    expect(took).toBeGreaterThanOrEqual(0.03);
    expect(took).toBeLessThan(4);
    const [none, waited] = await timed(() => lsocket.select([b], 0.1));
    expect(none).toEqual([false]);
    expect(waited).toBeGreaterThanOrEqual(0.09);
  });

  it('never blocks the event loop while it waits', async () => {
    const [a] = await udpPair();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    try {
      expect(await lsocket.select([a], 0.15)).toEqual([false]);
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThan(3);
  });

  it("the kernel's readiness: pending connection, connect finished or refused, end of stream", async () => {
    const server = made(lsocket.bind('127.0.0.1', 0));
    expect(await lsocket.select([server], 0)).toEqual([false]);
    const client = made(lsocket.connect('127.0.0.1', portOf(server)));
    expect(await lsocket.select([server], 5)).toEqual([[server]]);
    expect(await lsocket.select(null, [client], 5)).toEqual([[], [client]]);
    const [peer] = accepted(server);
    expect(await lsocket.select([peer], 0)).toEqual([false]);
    client.close();
    expect(await lsocket.select([peer], 5)).toEqual([[peer]]);
    const port = portOf(server);
    server.close();
    const refused = lsocket.connect('127.0.0.1', port);
    if (refused[0] !== null) {
      made(refused);
      expect(await lsocket.select([refused[0]], [refused[0]], 5)).toEqual([[refused[0]], [refused[0]]]);
    }
  });

  it('a socket read exactly empty is not reported ready again', async () => {
    const [, client, peer] = await tcpTrio();
    client.send('abcd');
    await readable(peer);
    expect(peer.recv(4)).toEqual([Buffer.from('abcd')]);
    expect(await lsocket.select([peer], 0.05)).toEqual([false]);
    expect(await lsocket.select([peer], 0)).toEqual([false]);
    client.send('e');
    expect(await lsocket.select([peer], 5)).toEqual([[peer]]);
  });

  it('a datagram socket whose pending error was taken (by status or send) is not reported ready', async () => {
    for (const take of ['status', 'send'] as const) {
      // Connected to a port nobody listens on: the ICMP error makes it ready once.
      const [closed] = udpSockets(1);
      const port = portOf(closed!);
      closed!.close();
      const u = made(lsocket.connect('udp', '127.0.0.1', port));
      expect(await lsocket.select([u], 0)).toEqual([false]);
      expect(u.recv()).toEqual([false]);
      expect(u.send('ping')).toEqual([4]);
      await sleep(50);
      if (take === 'status') expect(u.status()).toEqual([null, 'Connection refused']);
      else expect(u.send('ping')).toEqual([null, 'Connection refused']);
      expect(lsocket.selectSync([u], 0)).toEqual([false]);
      expect(await lsocket.select([u], 0.1)).toEqual([false]);
      u.close();
    }
  });

  it('a socket drained right after its data came is not reported ready (the event may arrive after the drain)', async () => {
    const [, client, peer] = await tcpTrio();
    let stale = 0;
    for (let i = 0; i < 30; i++) {
      client.send('x');
      let got = peer.recv(100);
      for (let tries = 0; got[0] === false && tries < 100; tries++) {
        await sleep(1);
        got = peer.recv(100);
      }
      expect(got).toEqual([Buffer.from('x')]);
      if ((await lsocket.select([peer], 0.005))[0] !== false) stale++;
    }
    expect(stale).toBe(0);
  });

  it("a unix datagram sender whose receiver another sender filled is not reported writable", async () => {
    const path = unixPath();
    const receiver = made(lsocket.bind('udp', path, 0));
    const [c1, c2] = [made(lsocket.connect('udp', path, 0)), made(lsocket.connect('udp', path, 0))];
    const block = Buffer.alloc(500, 'd');
    expect(await lsocket.select(null, [c1], 0)).toEqual([[], [c1]]);
    // Bounded: the receiver's queue holds a few hundred datagrams.
    const fill = (s: Socket): void => {
      for (let i = 0; i < 20000 && s.send(block)[0] === 500; i++);
    };
    fill(c1);
    expect(await lsocket.select(null, [c1], 0.05)).toEqual([false]);
    for (let i = 0; i < 20000 && receiver.recv()[0] !== false; i++);
    expect(await lsocket.select(null, [c1], 1)).toEqual([[], [c1]]);
    fill(c2);
    expect(await lsocket.select(null, [c1], 0.1)).toEqual([false]);
    expect(c1.send('x')).toEqual([false]);
    for (const s of [receiver, c1, c2]) s.close();
  });

  it('reports every ready socket, also one whose data the reactor has not collected yet', async () => {
    const [, c1, a1] = await tcpTrio();
    const [, c2, a2] = await tcpTrio();
    expect(await lsocket.select([a1, a2], 0)).toEqual([false]);
    // Watched and read until idle: the reactor knows both idle, and waits for events.
    expect([a1.recv(), a2.recv()]).toEqual([[false], [false]]);
    c1.send('one');
    expect(await lsocket.select([a1, a2], 1)).toEqual([[a1]]);
    c2.send('two');
    const both = [a1, a2].sort((x, y) => x.info()[0].fd - y.info()[0].fd);
    expect(await lsocket.select([a1, a2], 1)).toEqual([both]);
    expect(await lsocket.select([a1, a2])).toEqual([both]);
    expect(await lsocket.select([a1], [c1], 1)).toEqual([[a1], [c1]]);
  });

  it('urgent data: the data after the mark is reported, as select(2) does', async () => {
    const [server, , peer] = await tcpTrio();
    const client = open(AF_INET, SOCK_STREAM);
    expect(client.connect({ family: 'inet', host: '127.0.0.1', port: portOf(server) })).toBe(-errno.EINPROGRESS);
    expect(await client.wait(WRITABLE, monotonic() + 5)).toBe(WRITABLE);
    const [a] = accepted(server);
    client.setsockopt('TCP_NODELAY', true);
    expect(a.recv()).toEqual([false]);
    // Watched and idle: what comes next reaches the reactor as one event.
    expect(await lsocket.select([a], 0.05)).toEqual([false]);
    const MSG_OOB = constants.messageFlags.MSG_OOB!;
    expect([client.send('abc'), client.send('X', MSG_OOB), client.send('def')]).toEqual([3, 1, 3]);
    await sleep(20);
    expect(await lsocket.select([a], 1)).toEqual([[a]]);
    expect(a.recv()).toEqual([Buffer.from('abc')]);
    const [result, took] = await timed(() => lsocket.select([a], 2));
    expect(result).toEqual([[a]]);
    expect(took).toBeLessThan(1);
    expect(a.recv()).toEqual([Buffer.from('def')]);
    client.close();
    a.close();
    peer.close();
  });

  it('urgent data alone is not readable, as select(2) has it', async () => {
    const [server] = await tcpTrio();
    const client = open(AF_INET, SOCK_STREAM);
    expect(client.connect({ family: 'inet', host: '127.0.0.1', port: portOf(server) })).toBe(-errno.EINPROGRESS);
    expect(await client.wait(WRITABLE, monotonic() + 5)).toBe(WRITABLE);
    const [a] = accepted(server);
    client.setsockopt('TCP_NODELAY', true);
    expect(await lsocket.select([a], 0.05)).toEqual([false]);
    const MSG_OOB = constants.messageFlags.MSG_OOB!;
    expect([client.send('hello'), client.send('X', MSG_OOB)]).toEqual([5, 1]);
    await sleep(20);
    expect(await lsocket.select([a], 1)).toEqual([[a]]);
    expect(a.recv()).toEqual([Buffer.from('hello')]);
    expect(await lsocket.select([a], 0.2)).toEqual([false]);
    expect(selectSync([a], 0.2)).toEqual([false]);
    expect(client.send('Y', MSG_OOB)).toBe(1);
    await sleep(20);
    expect(await lsocket.select([a], 0.2)).toEqual([false]);
    client.close();
    a.close();
  });

  it('a timeout shorter than the call itself still reports what is ready', async () => {
    const [, client, peer] = await tcpTrio();
    for (let i = 0; i < 5; i++) {
      // Loopback delivers at once: the data is there before the reactor heard of it.
      client.send('x');
      expect(await lsocket.select([peer], 1e-6)).toEqual([[peer]]);
      peer.recv(100);
    }
  });

  it('numeric text converts as Lua 5.3 does: a hexadecimal integer wraps modulo 2^64', async () => {
    const [u] = udpSockets(1);
    const [result, took] = await timed(() => select([u], '0x10000000000000000'));
    expect(result).toEqual([false]);
    expect(took).toBeLessThan(0.5);
    const fd = u!.info()[0].fd;
    // setfd(-1) gives the descriptor up without closing it: closed here.
    expect(u!.setfd('0xffffffffffffffff' as never)).toEqual([true]);
    expect(u!.info()[0].fd).toBe(-1);
    closeSync(fd);
  });
});

describe(`lsocket.selectSync on ${process.env.SOCKPORT_POLLER}`, () => {
  it('blocks for the timeout, returns false, and sleeps without sockets', async () => {
    const [a] = await udpPair();
    let [result, took] = await timed(() => selectSync([a], 0.05));
    expect(result).toEqual([false]);
    expect(took).toBeGreaterThanOrEqual(0.045);
    [result, took] = await timed(() => selectSync(0.05));
    expect(result).toEqual([false]);
    expect(took).toBeGreaterThanOrEqual(0.045);
    expect(selectSync()).toEqual(NO_SOCKETS);
    expect(selectSync(null, null, 0)).toEqual(NO_SOCKETS);
  });

  it('returns the same tables as select', async () => {
    const [a, b] = await udpPair();
    b.sendto('x', '127.0.0.1', portOf(a));
    await readable(a);
    expect(selectSync([b, a], 5)).toEqual([[a]]);
    expect(selectSync([b, a], [a], 5)).toEqual([[a], [a]]);
    const w = selectSync(null, [b, a], 5);
    expect(w[0]).toEqual([]);
    expect(w[1]).toEqual([a, b].sort((x, y) => x.getfd() - y.getfd()));
    expect(() => selectSync([a], null, 1)).toThrow(new TypeError("bad argument to 'select' (invalid option)"));
    expect(() => selectSync([a, 3])).toThrow(new TypeError("bad argument to 'select' (tables can only contain sockets)"));
  });

  it("a signal during the wait returns nil, 'Interrupted system call'", async () => {
    const [a] = await udpPair();
    const { spawn } = await import('node:child_process');
    const handler = (): void => undefined;
    process.on('SIGUSR2', handler);
    // Signals keep coming until one lands inside the wait (a busy machine may start the
    // wait late); the killer is stopped once the wait is over.
    const killer = spawn('sh', ['-c', `for i in $(seq 50); do sleep 0.1; kill -USR2 ${process.pid} || exit 0; done`]);
    const exited = new Promise((r) => killer.once('exit', r));
    try {
      const [result, took] = await timed(() => selectSync([a], 8));
      expect(result).toEqual([null, 'Interrupted system call']);
      expect(took).toBeLessThan(7);
      // The sleep forms too (lsocket's select(2) on no descriptors ends the same way),
      // also with only closed sockets.
      a.close();
      for (const args of [[8], [[], 8], [[a], 8]]) {
        const [slept, sleptFor] = await timed(() => selectSync(...args));
        expect(slept).toEqual([null, 'Interrupted system call']);
        expect(sleptFor).toBeLessThan(7);
      }
    } finally {
      killer.kill('SIGTERM');
      await exited;
      await sleep(150);
      process.off('SIGUSR2', handler);
    }
  });

  it('blocks until data arrives from another process', async () => {
    const [a] = await udpPair();
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [
      '-e',
      `const d=require('node:dgram').createSocket('udp4');setTimeout(()=>d.send('hi',${portOf(a)},'127.0.0.1',()=>d.close()),100)`,
    ]);
    const exited = new Promise((r) => child.once('exit', r));
    const [result, took] = await timed(() => selectSync([a], 10));
    await exited;
    expect(result).toEqual([[a]]);
    expect(took).toBeLessThan(9);
    expect(a.recvfrom()[0]).toEqual(Buffer.from('hi'));
  });

  it("a peer's FIN on a socket watched only for writing does not end the wait", async () => {
    const [server] = await tcpTrio();
    const { spawn } = await import('node:child_process');
    // Connects, reads nothing, half-closes after 200 ms, and stays until killed.
    const child = spawn(process.execPath, [
      '-e',
      `const s=require('node:net').connect(${portOf(server)},'127.0.0.1',()=>{s.pause();setTimeout(()=>s.end(),200)});setTimeout(()=>{},5000)`,
    ]);
    const exited = new Promise((r) => child.once('exit', r));
    try {
      expect(await lsocket.select([server], 5)).toEqual([[server]]);
      const [a] = accepted(server);
      const block = Buffer.alloc(65536, 'w');
      for (let i = 0; i < 2000 && typeof a.send(block)[0] === 'number'; i++);
      const [result, took] = await timed(() => selectSync(null, [a], 1));
      expect(result).toEqual([false]);
      expect(took).toBeGreaterThanOrEqual(0.9);
      a.close();
    } finally {
      child.kill();
      await exited;
    }
  });

  it('with no descriptor free, select and selectSync still wait, as select(2) needs none', async () => {
    const lsocketPath = fileURLToPath(import.meta.resolve('@sockport/lsocket'));
    const { spawn } = await import('node:child_process');
    // A process with 64 descriptors: it fills them all, then selects (the awaited select
    // first, so that its event loop's poller has to start with none free).
    const script = `
      import lsocket from ${JSON.stringify(lsocketPath)};
      const [l] = lsocket.bind('127.0.0.1', 0);
      const [c] = lsocket.connect('127.0.0.1', l.info('socket')[0].port);
      const [w] = lsocket.bind('udp', '127.0.0.1', 0);
      const hog = [];
      let full;
      for (let i = 0; i < 200 && !full; i++) {
        const [s, err] = lsocket.bind('udp', '127.0.0.1', 0);
        if (s) hog.push(s); else full = err;
      }
      const count = (r) => (Array.isArray(r[0]) ? r[0].length : r[0]);
      const out = [full];
      out.push(count(await lsocket.select([l], 2)), count(await lsocket.select([w], 0.05)));
      out.push(count(lsocket.selectSync([l], 2)), count(lsocket.selectSync([w], 0.05)));
      const [rd, wr] = lsocket.selectSync([l], [c], 2);
      out.push(rd.length, wr.length);
      console.log(JSON.stringify(out));
    `;
    const child = spawn('bash', ['-c', `ulimit -n 64 && exec "${process.execPath}" --input-type=module -e "$0"`, script], { stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const code = await new Promise((r) => child.once('exit', r));
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual(['Too many open files', 1, false, 1, false, 1, 1]);
  });
});
