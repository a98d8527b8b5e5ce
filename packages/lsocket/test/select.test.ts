// How select stays exact while it avoids asking the kernel: readiness remembered by the
// reactor is believed only where it cannot be stale, and a loop of selects that always
// find something ready still lets the event loop turn.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import lsocket, { type Socket } from '../src/index.js';
import { made, portOf, readable, sleep, tcpPair, udpSockets } from './helpers.js';

describe('select readiness', () => {
  it('datagram sockets: ready while datagrams remain, not after the last', async () => {
    const [a, b] = udpSockets(2) as [Socket, Socket];
    a.sendto('1', '127.0.0.1', portOf(b));
    a.sendto('2', '127.0.0.1', portOf(b));
    await readable(b);
    await sleep(10);
    expect(b.recv()).toEqual([Buffer.from('1')]);
    expect(await lsocket.select([b], 0.05)).toEqual([[b]]);
    expect(b.recv()).toEqual([Buffer.from('2')]);
    expect(await lsocket.select([b], 0.05)).toEqual([false]);
  });

  it('a listener after an accept is ready only while connections wait', async () => {
    const server = made(lsocket.bind('127.0.0.1', 0));
    made(lsocket.connect('127.0.0.1', portOf(server)));
    made(lsocket.connect('127.0.0.1', portOf(server)));
    await readable(server);
    await sleep(10);
    made([server.accept()[0] as Socket]);
    expect(await lsocket.select([server], 0.05)).toEqual([[server]]);
    made([server.accept()[0] as Socket]);
    expect(await lsocket.select([server], 0.05)).toEqual([false]);
  });

  it('a stream read to its end is idle; a partial read is still ready', async () => {
    const [client, peer] = await tcpPair();
    client.send('abcdef');
    await readable(peer);
    expect(peer.recv(3)).toEqual([Buffer.from('abc')]);
    expect(await lsocket.select([peer], 0.05)).toEqual([[peer]]);
    expect(peer.recv(100)).toEqual([Buffer.from('def')]);
    expect(await lsocket.select([peer], 0.05)).toEqual([false]);
  });

  it('a full socket is not writable until the peer reads', async () => {
    const [client, peer] = await tcpPair();
    const chunk = Buffer.alloc(1 << 16, 'w');
    for (let i = 0; i < 2000 && client.send(chunk)[0] !== false; i++);
    expect(await lsocket.select(null, [client], 0.05)).toEqual([false]);
    for (let i = 0; i < 2000 && (await lsocket.select(null, [client], 0)).length === 1; i++) {
      if (peer.recv(1 << 20)[0] === false) await readable(peer);
    }
    expect(await lsocket.select(null, [client], 5)).toEqual([[], [client]]);
  });

  it('every ready socket of a large set is reported, in descriptor order', async () => {
    const [sender, ...sockets] = udpSockets(201) as [Socket, ...Socket[]];
    // One at a time: a burst of datagrams can overflow the loopback backlog.
    for (const s of sockets) {
      expect(sender.sendto('x', '127.0.0.1', portOf(s))).toEqual([1]);
      await readable(s);
    }
    const [ready] = await lsocket.select([...sockets].reverse(), 5);
    expect(ready).toEqual([...sockets].sort((x, y) => x.getfd() - y.getfd()));
  });

  it('two selects waiting on one socket both wake', async () => {
    const [a, b] = udpSockets(2) as [Socket, Socket];
    const first = lsocket.select([b], 5);
    const second = lsocket.select([b], [a], 5);
    const firstResult = await Promise.race([first, sleep(50).then(() => 'pending')]);
    expect(firstResult).toBe('pending');
    expect(await second).toEqual([[], [a]]);
    a.sendto('x', '127.0.0.1', portOf(b));
    expect(await first).toEqual([[b]]);
  });

  it('a loop of selects that always find something still lets timers run', async () => {
    const [a, b] = udpSockets(2) as [Socket, Socket];
    a.sendto('never read', '127.0.0.1', portOf(b));
    await readable(b);
    let fired = 0;
    const timer = setInterval(() => fired++, 1);
    // Starved, the timer would not fire at all while the loop runs (bounded at 3 s).
    const end = Date.now() + 3000;
    let loops = 0;
    try {
      while (fired <= 5 && Date.now() < end && loops < 1e7) {
        expect(await lsocket.select([b], 5)).toEqual([[b]]);
        loops++;
      }
    } finally {
      clearInterval(timer);
    }
    expect(loops).toBeGreaterThan(5);
    expect(fired).toBeGreaterThan(5);
  });

  it('a select that lets the loop turn first answers after what ran in that turn', async () => {
    const [a, b, c, tx] = udpSockets(4) as [Socket, Socket, Socket, Socket];
    for (const s of [a, b, c]) tx.sendto('x', '127.0.0.1', portOf(s));
    await readable(c);
    await sleep(10);
    expect(await lsocket.select([a, b, c], 1)).toEqual([[a, b, c]]);
    // Busy past the starvation limit without a turn: the next select turns the loop
    // before it answers, and a callback of that turn closes b and drains c.
    const busyUntil = performance.now() + 20;
    while (performance.now() < busyUntil);
    setImmediate(() => {
      b.close();
      c.recv();
    });
    expect(await lsocket.select([a, b, c], 1)).toEqual([[a]]);
    expect(await lsocket.select([b], 0.01)).toEqual([false]);
  });

  it('select(t) alone sleeps t seconds even beyond setTimeout\'s 24.8 days (it used to return at once)', () => {
    // In a child process, which exits while the sleeps still run.
    const script = `
      import('${new URL('../dist/index.js', import.meta.url).href}').then(({ default: lsocket }) => {
        const settled = [];
        for (const t of [2147484, 1e7, 9e18]) lsocket.select(t).then((r) => settled.push([t, r]));
        lsocket.select([], [], 3e6).then((r) => settled.push(['tables', r]));
        setTimeout(() => { console.log(JSON.stringify(settled)); process.exit(0); }, 200);
      });`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 15_000 });
    expect(r.stderr).not.toContain('TimeoutOverflowWarning');
    expect(r.stdout.trim()).toBe('[]');
  });
});
