// Signals during blocking syscalls: a blocking socket's receive timeout holds however
// many signals arrive (a syscall retried after each signal would restart it).
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { AF_UNIX, errno, READABLE, SOCK_STREAM, Socket, waitSync } from '../src/index.js';

describe('signals', () => {
  it('a blocking recv with SO_RCVTIMEO ends near its timeout under a stream of signals', async () => {
    const [a, b] = Socket.pair(AF_UNIX, SOCK_STREAM) as [Socket, Socket];
    expect(b.setNonblock(false)).toBe(0);
    expect(b.setsockopt('SO_RCVTIMEO', 0.2)).toBe(0);
    const handler = (): void => undefined;
    process.on('SIGUSR2', handler);
    const storm = spawn('sh', ['-c', `for i in $(seq 300); do kill -USR2 ${process.pid} || exit 0; sleep 0.01; done`]);
    const stopped = new Promise((r) => storm.once('exit', r));
    try {
      await new Promise((r) => setTimeout(r, 50)); // the storm is under way
      const buf = Buffer.alloc(8);
      const start = performance.now();
      // A signal ends one recv with EINTR (the caller decides to go on); the timeout
      // ends it with EAGAIN. Going on after EINTR, the whole wait stays near 0.2 s.
      let rc = b.recv(buf);
      let rounds = 1;
      const deadline = start + 200;
      while (rc === -errno.EINTR && performance.now() < deadline && rounds < 1000) {
        rc = b.recv(buf);
        rounds++;
      }
      const took = performance.now() - start;
      expect([-errno.EINTR, -errno.EAGAIN]).toContain(rc);
      expect(took).toBeLessThan(1500);
    } finally {
      storm.kill('SIGTERM');
      await stopped;
      await new Promise((r) => setTimeout(r, 50));
      process.off('SIGUSR2', handler);
      a.close();
      b.close();
    }
  });
  it('a child process that ends during waitSync does not cut it short (Node\'s SIGCHLD is its own)', async () => {
    const [a, b] = Socket.pair(AF_UNIX, SOCK_STREAM) as [Socket, Socket];
    try {
      for (let round = 0; round < 3; round++) {
        const child = spawn('sleep', ['0.05']);
        const exited = new Promise((r) => child.once('exit', r));
        const start = performance.now();
        const r = waitSync([[b, READABLE]], 0.3);
        const took = performance.now() - start;
        expect(r).toEqual(new Int32Array([0]));
        expect(took).toBeGreaterThan(250);
        await exited;
      }
    } finally {
      a.close();
      b.close();
    }
  });
});
