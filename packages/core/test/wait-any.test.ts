// waitAny's entries share one wait where every event reaches JavaScript (epoll: an
// idle socket joins it without a waiter of its own) and have a waiter each elsewhere.
// Either way the same things must hold: the first ready or closed entry settles it, the
// deadline gives -1, and a socket's other waits (its own, another waitAny's) neither
// steal nor lose its events. Run on every backend (SOCKPORT_POLLER).
import { describe, expect, it } from 'vitest';
import { binding } from '../src/binding.js';
import { AF_UNIX, CLOSED, monotonic, READABLE, SOCK_STREAM, Socket, waitAny, WRITABLE } from '../src/index.js';
import { track } from './helpers.js';

function pair(): [Socket, Socket] {
  const p = Socket.pair(AF_UNIX, SOCK_STREAM);
  if (typeof p === 'number') throw new Error(`socketpair: errno ${-p}`);
  return [track(p[0]), track(p[1])];
}

// Sockets whose peers are idle: each is watched (and believed idle) before it waits.
async function idle(count: number): Promise<{ near: Socket[]; far: Socket[] }> {
  const near: Socket[] = [];
  const far: Socket[] = [];
  for (let i = 0; i < count; i++) {
    const [a, b] = pair();
    // A wait that times out registers the socket and leaves it known idle.
    expect(await a.wait(READABLE, monotonic() + 0.001)).toBe(0);
    near.push(a);
    far.push(b);
  }
  return { near, far };
}

const soon = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const held = (): boolean => binding.reactorInfo()?.held ?? false;
const reads = (sockets: Socket[]) => sockets.map((s) => [s, READABLE] as const);

describe('waitAny', () => {
  it('settles with the index of the entry that turns ready, and lets the process go after', async () => {
    const { near, far } = await idle(5);
    const any = waitAny(reads(near));
    setTimeout(() => far[3]!.send('x'), 5);
    expect(await any).toBe(3);
    await soon(5);
    expect(held()).toBe(false);
  });

  it('settles with the index of an entry closed while it waits', async () => {
    const { near } = await idle(3);
    const any = waitAny(reads(near));
    setTimeout(() => near[1]!.close(), 5);
    expect(await any).toBe(1);
  });

  it('gives -1 at its deadline, and an event after it wakes nothing', async () => {
    const { near, far } = await idle(3);
    const start = monotonic();
    expect(await waitAny(reads(near), monotonic() + 0.03)).toBe(-1);
    expect(monotonic() - start).toBeGreaterThanOrEqual(0.029);
    far[0]!.send('x');
    await soon(5);
    expect(held()).toBe(false);
    // The socket is free for the next wait, which sees the data.
    expect(await waitAny(reads(near), monotonic() + 1)).toBe(0);
  });

  it('wakes on the direction asked for only', async () => {
    const { near, far } = await idle(2);
    // Writable at once: that entry settles it without waiting.
    expect(await waitAny([[near[0]!, WRITABLE], [near[1]!, READABLE]], monotonic() + 1)).toBe(0);
    const any = waitAny([[near[0]!, READABLE], [near[1]!, READABLE]], monotonic() + 1);
    setTimeout(() => far[1]!.send('x'), 5);
    expect(await any).toBe(1);
  });

  it('two waitAny calls sharing a socket both wake on its event', async () => {
    const { near, far } = await idle(3);
    const first = waitAny(reads([near[0]!, near[1]!]), monotonic() + 2);
    const second = waitAny(reads([near[2]!, near[1]!]), monotonic() + 2);
    setTimeout(() => far[1]!.send('x'), 5);
    expect(await Promise.all([first, second])).toEqual([1, 1]);
  });

  it("a socket's own wait and a waitAny on it both wake on its event", async () => {
    const { near, far } = await idle(2);
    const own = near[0]!.wait(READABLE, monotonic() + 2);
    const any = waitAny(reads(near), monotonic() + 2);
    setTimeout(() => far[0]!.send('x'), 5);
    expect(await Promise.all([own, any])).toEqual([READABLE, 0]);
  });

  it("a socket's own wait still wakes after a waitAny it was in has ended", async () => {
    const { near, far } = await idle(2);
    const any = waitAny(reads(near), monotonic() + 2);
    const own = near[0]!.wait(READABLE, monotonic() + 2);
    setTimeout(() => far[1]!.send('x'), 5);
    expect(await any).toBe(1);
    setTimeout(() => far[0]!.send('x'), 5);
    expect(await own).toBe(READABLE);
  });

  it("a waitAny still wakes after a socket's own wait in it has timed out", async () => {
    const { near, far } = await idle(2);
    const any = waitAny(reads(near), monotonic() + 2);
    expect(await near[0]!.wait(READABLE, monotonic() + 0.01)).toBe(0);
    setTimeout(() => far[0]!.send('x'), 5);
    expect(await any).toBe(0);
  });

  it('a socket listed twice, and a closed one, are entries like any other', async () => {
    const { near, far } = await idle(2);
    const any = waitAny([[near[0]!, READABLE], [near[1]!, READABLE], [near[1]!, READABLE]], monotonic() + 2);
    setTimeout(() => far[1]!.send('x'), 5);
    expect([1, 2]).toContain(await any);
    near[0]!.close();
    expect(await waitAny(reads(near), monotonic() + 2)).toBe(0);
    // A wait on a closed socket says so: CLOSED from its own wait, its index from waitAny.
    expect(await near[0]!.wait(READABLE)).toBe(CLOSED);
  });

  it('a bad mask in a later entry rejects and leaves no entry waiting', async () => {
    const { near, far } = await idle(2);
    await expect(waitAny([[near[0]!, READABLE], [near[1]!, 9 as never]], monotonic() + 2)).rejects.toThrow(TypeError);
    await soon(5);
    expect(held()).toBe(false);
    // Nothing of the failed call is left to take the next event.
    const any = waitAny(reads(near), monotonic() + 2);
    setTimeout(() => far[0]!.send('x'), 5);
    expect(await any).toBe(0);
  });
});
