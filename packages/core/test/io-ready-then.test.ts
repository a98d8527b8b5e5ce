// Socket.ioReadyThen: ioReady with a callback, for faces that settle their own
// promises. Same outcomes as ioReady's Promise, and a callback that throws does not
// cost other sockets their wake-up.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { AF_UNIX, CLOSED, monotonic, poller, READABLE, SOCK_STREAM, Socket, WRITABLE } from '../src/index.js';
import { deadline, track } from './helpers.js';

function pair(): [Socket, Socket] {
  const p = Socket.pair(AF_UNIX, SOCK_STREAM);
  if (typeof p === 'number') throw new Error(`socketpair: errno ${-p}`);
  return [track(p[0]), track(p[1])];
}

// The next call of a callback, and how many calls it had by then.
function callback(): { then: (bits: number) => void; next: Promise<number>; calls: () => number } {
  let calls = 0;
  let resolve!: (bits: number) => void;
  const next = new Promise<number>((r) => (resolve = r));
  return {
    then: (bits) => {
      calls++;
      resolve(bits);
    },
    next,
    calls: () => calls,
  };
}

describe('Socket.ioReadyThen', () => {
  it('answers at once what is known ready, without calling back', async () => {
    const [a] = pair();
    const cb = callback();
    expect(a.ioReadyThen(WRITABLE, Infinity, cb.then)).toBe(WRITABLE);
    await new Promise((r) => setTimeout(r, 20));
    expect(cb.calls()).toBe(0);
  });

  it('calls back once with the ready bits when the socket turns ready', async () => {
    const [a, b] = pair();
    expect(a.watch()).toBe(0);
    expect(a.recv(Buffer.alloc(8))).toBeLessThan(0); // EAGAIN: the reactor now knows it idle
    const cb = callback();
    expect(a.ioReadyThen(READABLE, deadline(5), cb.then)).toBe(-1);
    expect(cb.calls()).toBe(0);
    b.send(Buffer.from('x'));
    expect(await cb.next).toBe(READABLE);
    await new Promise((r) => setTimeout(r, 20));
    expect(cb.calls()).toBe(1);
  });

  it('calls back with 0 at the deadline, and with CLOSED when the socket is closed', async () => {
    const [a] = pair();
    expect(a.watch()).toBe(0);
    a.recv(Buffer.alloc(8));
    const timed = callback();
    const start = monotonic();
    expect(a.ioReadyThen(READABLE, monotonic() + 0.05, timed.then)).toBe(-1);
    expect(await timed.next).toBe(0);
    expect(monotonic() - start).toBeGreaterThanOrEqual(0.04);
    const past = callback();
    expect(a.ioReadyThen(READABLE, monotonic() - 1, past.then)).toBe(-1);
    expect(await past.next).toBe(0);
    const closed = callback();
    expect(a.ioReadyThen(READABLE, Infinity, closed.then)).toBe(-1);
    a.close();
    expect(await closed.next).toBe(CLOSED);
    expect(a.ioReadyThen(READABLE, Infinity, closed.then)).toBe(CLOSED);
  });

  it('refuses a callback that is not a function', () => {
    const [a] = pair();
    expect(() => a.ioReadyThen(READABLE, Infinity, 42 as unknown as () => void)).toThrow(TypeError);
  });

  it('a callback that throws is reported as uncaught, and the rest of its batch still settles', () => {
    const fixture = new URL('./fixtures/throwing-wait.mjs', import.meta.url).pathname;
    const r = spawnSync(process.execPath, [fixture, poller()], { encoding: 'utf8', timeout: 10_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ caught: ['thrown by a wait callback'], second: READABLE });
  });
});
