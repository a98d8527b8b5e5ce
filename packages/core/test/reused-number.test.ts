// A descriptor closed behind a handle's back while it is watched (a borrowed number its
// owner closes during waitFd): a socket that the kernel then gives the same number
// takes the registration over, and the stale wait settles (it used to refuse every
// wait of the new socket with EEXIST until the stale one's deadline).
import { closeSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AF_UNIX, monotonic, poller, READABLE, SOCK_STREAM, Socket, waitFd, WRITABLE } from '../src/index.js';

function pair(): [Socket, Socket] {
  const p = Socket.pair(AF_UNIX, SOCK_STREAM);
  if (typeof p === 'number') throw new Error(`socketpair: ${p}`);
  return p;
}

describe(`a watched number closed and reused on ${poller()}`, () => {
  it('the new socket waits normally; the borrowed wait ends with 0', async () => {
    for (let round = 0; round < 3; round++) {
      const [p, q] = pair();
      const raw = p.detach();
      const borrowed = waitFd(raw, READABLE, monotonic() + 5);
      await new Promise((r) => setTimeout(r, 20));
      closeSync(raw);
      // The kernel gives the lowest free numbers: make pairs until one has raw's.
      const spare: Socket[] = [];
      let [n, m] = pair();
      for (let i = 0; i < 20 && n.fd !== raw && m.fd !== raw; i++) {
        spare.push(n, m);
        [n, m] = pair();
      }
      if (m.fd === raw) [n, m] = [m, n];
      expect(n.fd).toBe(raw);
      for (const s of spare) s.close();
      setTimeout(() => m.send('x'), 20);
      const start = monotonic();
      expect(await n.wait(READABLE, monotonic() + 3)).toBe(READABLE);
      expect(await borrowed).toBe(0);
      expect(monotonic() - start).toBeLessThan(2);
      expect(await n.wait(WRITABLE, monotonic() + 3)).toBe(WRITABLE);
      for (const s of [q, n, m]) s.close();
    }
  });
});
