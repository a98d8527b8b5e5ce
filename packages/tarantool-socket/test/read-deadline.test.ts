// A read ends at its deadline even where the socket polls ready while its read would
// block: a datagram socket whose reading side is shut down (README, deviation 22; 2.6
// reads on there for good, spinning).
import { describe, expect, it } from 'vitest';
import socket, { errno, TcpMaster } from '../src/index.js';

describe('a read on a datagram socket whose reading side is shut down', () => {
  for (const [name, shut] of [['R', 'R'], ['RW', 'RW']] as const) {
    it(`ends at its deadline with ETIMEDOUT (shutdown '${name}')`, async () => {
      const s = socket('AF_INET', 'SOCK_DGRAM', 'udp')!;
      expect(s.bind('127.0.0.1', 0)).toBe(true);
      s.shutdown(shut);
      const started = performance.now();
      expect(await s.read(10, 0.05)).toBeNull();
      expect(s.errno()).toBe(errno.ETIMEDOUT);
      expect(await s.read('\n', 0)).toBeNull();
      expect(s.errno()).toBe(errno.ETIMEDOUT);
      // Bounded: the 2 s limit is far above the deadlines, which the read used to pass for good.
      expect(performance.now() - started).toBeLessThan(2000);
      s.close();
    });
  }

  it("ends LuaSocket's receive at its timeout too", async () => {
    const s = socket('AF_UNIX', 'SOCK_DGRAM', 0)!;
    s.shutdown('R');
    Object.setPrototypeOf(s, TcpMaster.prototype);
    const ls = s as unknown as TcpMaster;
    ls.settimeout(0.05);
    expect(await ls.receive(5)).toEqual([null, 'Connection timed out']);
    ls.close();
  });
});
