// The reactor numbers the readiness events it collects: eventCount() grows with each,
// and a socket's lastEvent(mask) tells which of two sockets turned ready first.
import { describe, expect, it } from 'vitest';
import { AF_UNIX, eventCount, monotonic, poller, READABLE, SOCK_STREAM, Socket, WRITABLE, type WaitMask } from '../src/index.js';

function pair(): [Socket, Socket] {
  const p = Socket.pair(AF_UNIX, SOCK_STREAM);
  if (typeof p === 'number') throw new Error(`socketpair: ${p}`);
  return p;
}

describe(`event numbers on ${poller()}`, () => {
  it('a socket never watched has none; events are numbered in the order collected', async () => {
    const [a, b] = pair();
    const [c, d] = pair();
    expect(a.lastEvent(READABLE)).toBe(0);
    const waits = [a.wait(READABLE, monotonic() + 5), c.wait(READABLE, monotonic() + 5)];
    await new Promise((r) => setTimeout(r, 20));
    const before = eventCount();
    b.send('first');
    await waits[0];
    d.send('second');
    await waits[1];
    expect(a.lastEvent(READABLE)).toBeGreaterThan(before);
    expect(c.lastEvent(READABLE)).toBeGreaterThan(a.lastEvent(READABLE));
    expect(eventCount()).toBeGreaterThanOrEqual(c.lastEvent(READABLE));
    expect(a.lastEvent((READABLE | WRITABLE) as WaitMask)).toBeGreaterThanOrEqual(a.lastEvent(READABLE));
    a.close();
    expect(a.lastEvent(READABLE)).toBe(0);
    for (const s of [b, c, d]) s.close();
  });
});
