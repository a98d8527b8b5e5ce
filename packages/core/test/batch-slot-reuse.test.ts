// A socket closed while the reactor's JavaScript half handles a batch of events may
// still have a record later in that batch: a socket opened meanwhile must not inherit
// it (it used to take the closed socket's slot and be woken by its event).
import { describe, expect, it } from 'vitest';
import { AF_UNIX, monotonic, poller, READABLE, SOCK_STREAM, Socket } from '../src/index.js';

function pair(): [Socket, Socket] {
  const p = Socket.pair(AF_UNIX, SOCK_STREAM);
  if (typeof p === 'number') throw new Error(`socketpair: ${p}`);
  return p;
}

describe(`batch records and reused slots on ${poller()}`, () => {
  it('a socket opened inside a wait callback never gets the event of one closed there', async () => {
    const log: string[] = [];
    const opened: Socket[] = [];
    for (let round = 0; round < 5; round++) {
      const [a, a2] = pair();
      const [b, b2] = pair();
      const buf = Buffer.alloc(1);
      for (const s of [a, b]) {
        expect(s.watch()).toBe(0);
        expect(s.recv(buf)).toBeLessThan(0); // EAGAIN: known idle
      }
      const fresh: Promise<void>[] = [];
      let acted = false;
      // Whichever wakes first closes the other (whose event is in the same batch; its
      // callback then runs with CLOSED) and opens a socket that nobody writes to.
      const first = (other: Socket) => (): void => {
        if (acted) return;
        acted = true;
        other.close();
        const [x, x2] = pair();
        opened.push(x, x2);
        expect(x.watch()).toBe(0);
        expect(x.recv(buf)).toBeLessThan(0);
        fresh.push(new Promise((resolve) => {
          x.ioReadyThen(READABLE, monotonic() + 0.1, (bits) => {
            log.push(`fresh ${bits}`);
            resolve();
          });
        }));
      };
      expect(a.ioReadyThen(READABLE, monotonic() + 5, first(b))).toBe(-1);
      expect(b.ioReadyThen(READABLE, monotonic() + 5, first(a))).toBe(-1);
      a2.send('1');
      b2.send('2');
      for (let i = 0; i < 100 && fresh.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
      await Promise.all(fresh);
      for (const s of [a, a2, b, b2]) s.close();
    }
    // Each fresh socket's wait ends at its deadline: nothing was ever sent to it.
    expect(log).toEqual(Array(5).fill('fresh 0'));
    for (const s of opened) s.close();
  });
});
