// A borrowed handle (Socket.borrow) watches a descriptor its owner keeps: its wait ends
// with CLOSED when the owner closes the descriptor (closedByOwner) and also when the
// owner begins to watch it itself (not closedByOwner).
import { describe, expect, it } from 'vitest';
import { AF_UNIX, CLOSED, monotonic, poller, READABLE, SOCK_STREAM, Socket } from '../src/index.js';

function pair(): [Socket, Socket] {
  const p = Socket.pair(AF_UNIX, SOCK_STREAM);
  if (typeof p === 'number') throw new Error(`socketpair: ${p}`);
  return p;
}

function borrow(fd: number): Socket {
  const b = Socket.borrow(fd);
  if (typeof b === 'number') throw new Error(`borrow: ${b}`);
  return b;
}

describe(`borrowed handles on ${poller()}`, () => {
  it("closedByOwner: the owner's close ends the borrowed wait", async () => {
    const [p, q] = pair();
    const b = borrow(p.fd);
    const waiting = b.wait(READABLE, monotonic() + 5);
    expect(b.closedByOwner).toBe(false);
    setTimeout(() => p.close(), 20);
    expect(await waiting).toBe(CLOSED);
    expect(b.closedByOwner).toBe(true);
    b.close();
    q.close();
  });

  it('the owner watching its descriptor itself ends the borrowed wait, not closedByOwner', async () => {
    const [p, q] = pair();
    const b = borrow(p.fd);
    const waiting = b.wait(READABLE, monotonic() + 5);
    await new Promise((r) => setTimeout(r, 20));
    const own = p.wait(READABLE, monotonic() + 5);
    expect(await waiting).toBe(CLOSED);
    expect(b.closedByOwner).toBe(false);
    q.send('x');
    expect(await own).toBe(READABLE);
    b.close();
    p.close();
    q.close();
  });
});
