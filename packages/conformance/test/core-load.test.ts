// Load, on every backend: thousands of concurrent connections held and served with
// every byte accounted for (clients in another process: descriptors are per process),
// idle connections that do not slow a busy one, and select's FD_SETSIZE refusal.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { errno, monotonic, poller, READABLE, ReadBuffer, type Socket, writeAll } from '@sockport/core';
import { after, open, setupScenarios, sleep, tcpListener, tcpPair } from '../src/support.js';

setupScenarios();
const client = fileURLToPath(new URL('../src/core/load-client.mjs', import.meta.url));
const select = poller() === 'select';

function run(args: string[]): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [client, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.on('exit', r));
  return { child, output: () => out, exited };
}

/** Serves echo connections until stopped: every accepted socket, every byte counted. */
function serve(listener: Socket) {
  const stats = { accepted: 0, bytes: 0, refused: undefined as unknown, open: new Set<Socket>() };
  let stopped = false;
  const done = (async () => {
    while (!stopped) {
      const s = listener.accept();
      if (typeof s === 'number') {
        if (s !== -errno.EAGAIN) throw new Error(`accept ${s}`);
        if ((await listener.wait(READABLE, after(1))) === 4) return;
        continue;
      }
      stats.accepted++;
      stats.open.add(s);
      void (async () => {
        const rb = new ReadBuffer(64);
        for (;;) {
          let r;
          try {
            r = await rb.read(s, { limit: 16 }, after(120));
          } catch (error) {
            stats.refused = error; // the backend cannot watch this descriptor
            break;
          }
          if (r.status !== 'ok') break;
          stats.bytes += r.data.length;
          if ((await writeAll(s, r.data, after(60))).status !== 'ok') break;
        }
        stats.open.delete(s);
        s.close();
      })();
    }
  })();
  return { stats, stop: async () => ((stopped = true), listener.close(), await done) };
}

describe(`load on ${process.env.SOCKPORT_POLLER}`, () => {
  it(select ? 'select refuses connections beyond FD_SETSIZE with a clear error' : '9,000 concurrent connections are held and served, every byte accounted for', { timeout: 180_000 }, async () => {
    const [listener, addr] = tcpListener(undefined, 4096);
    const server = serve(listener);
    const n = select ? 1200 : 9000;
    const c = run(['echo', String((addr as { port: number }).port), String(n)]);
    const end = monotonic() + 150;
    while (c.child.exitCode === null && monotonic() < end && !(select && server.stats.refused)) await sleep(50);
    if (select) {
      expect(String(server.stats.refused)).toMatch(/FD_SETSIZE/);
      c.child.kill('SIGKILL');
    } else {
      expect(await c.exited).toBe(0);
      expect(c.output().trim()).toBe(`ok ${n} ${n * 16}`);
      expect(server.stats.accepted).toBe(n);
      expect(server.stats.bytes).toBe(n * 16);
    }
    await server.stop();
    for (let i = 0; i < 100 && server.stats.open.size > 0; i++) await sleep(20);
    for (const s of server.stats.open) s.close();
  });

  it('a thousand idle clients do not stop a busy one', { timeout: 120_000 }, async () => {
    const [listener, addr] = tcpListener(undefined, 4096);
    const server = serve(listener);
    const idle = select ? 300 : 1000;
    const c = run(['idle', String((addr as { port: number }).port), String(idle)]);
    const end = monotonic() + 60;
    while (!/connected/.test(c.output()) && monotonic() < end) await sleep(20);
    expect(c.output()).toContain(`connected ${idle}`);
    for (let i = 0; i < 100 && server.stats.accepted < idle; i++) await sleep(20);
    // The busy pair: a bounded number of round trips must finish well within its deadline.
    const [a, b] = await tcpPair();
    const start = monotonic();
    const echo = (async () => {
      const rb = new ReadBuffer();
      for (;;) {
        const r = await rb.read(b, { limit: 8 }, after(30));
        if (r.status !== 'ok') return;
        await writeAll(b, r.data, after(30));
      }
    })();
    const rb = new ReadBuffer();
    let trips = 0;
    for (let i = 0; i < 3000; i++) {
      await writeAll(a, Buffer.from('ping0000'), after(30));
      if ((await rb.read(a, { limit: 8 }, after(30))).status !== 'ok') break;
      trips++;
    }
    const took = monotonic() - start;
    expect(trips).toBe(3000);
    expect(took).toBeLessThan(30);
    a.close();
    await echo;
    expect(server.stats.accepted).toBe(idle);
    c.child.stdin!.end();
    expect(await c.exited).toBe(0);
    await server.stop();
    for (let i = 0; i < 100 && server.stats.open.size > 0; i++) await sleep(20);
    for (const s of server.stats.open) s.close();
  });
});
