// A read skips the read(2) Tarantool makes before it waits when the core knows the
// socket drained (Socket.drained), leaving errno as that EAGAIN would; and only then:
// data the fiber itself sent the socket since is read at once, without a wait.
import { Socket as CoreSocket } from '@sockport/core';
import { afterEach, describe, expect, it } from 'vitest';
import { errno } from '../src/index.js';
import { tcpPair } from './helpers.js';

let recvCalls = 0;
const coreRecv = CoreSocket.prototype.recv;
function countRecvs(): void {
  recvCalls = 0;
  CoreSocket.prototype.recv = function (this: CoreSocket, ...args: Parameters<CoreSocket['recv']>) {
    recvCalls++;
    return coreRecv.apply(this, args);
  };
}
afterEach(() => {
  CoreSocket.prototype.recv = coreRecv;
});


// Whether `p` settles before the event loop turns (no wait for the reactor).
async function settlesAtOnce<T>(p: Promise<T>): Promise<[boolean, T]> {
  let turned = false;
  setImmediate(() => {
    turned = true;
  });
  const value = await p;
  return [!turned, value];
}

describe('a read on a drained socket', () => {
  it('waits without a read(2) after a short read and its own write, errno EAGAIN as after that read', async () => {
    // The core believes a drained mark for a millisecond: a slow run may miss it, so a
    // few rounds are allowed (a port without the skip misses it in every one).
    let skipped = false;
    for (let round = 0; round < 5 && !skipped; round++) {
      const [c, s] = await tcpPair();
      // A read that waits (the socket is watched from then on) gets 2 bytes where it
      // asked for a read-ahead's worth: drained.
      const first = s.read('\n', 5);
      expect(await c.write('a\n')).toBe(2);
      expect(String(await first)).toBe('a\n');
      expect(await s.write('x')).toBe(1);
      errno(0);
      countRecvs();
      const pending = s.read('\n', 5);
      await new Promise((r) => setTimeout(r, 20));
      skipped = recvCalls === 0;
      expect(errno()).toBe(errno.EAGAIN);
      expect(await c.write('b\n')).toBe(2);
      expect(String(await pending)).toBe('b\n');
      expect(recvCalls).toBe(skipped ? 1 : 2);
      expect(s.errno()).toBe(0);
      CoreSocket.prototype.recv = coreRecv;
      c.close();
      s.close();
    }
    expect(skipped).toBe(true);
  });

  it('reads at once what the fiber itself sent it through another socket', async () => {
    const [c, s] = await tcpPair();
    const first = s.read('\n', 5);
    expect(await c.write('a\n')).toBe(2);
    expect(String(await first)).toBe('a\n');
    expect(await c.write('b\n')).toBe(2);
    const [atOnce, got] = await settlesAtOnce(s.read('\n'));
    expect(String(got)).toBe('b\n');
    expect(atOnce).toBe(true);
    c.close();
    s.close();
  });
});
