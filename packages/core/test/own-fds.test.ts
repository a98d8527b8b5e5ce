// The reactor's own descriptors (epoll's, the poll/select helper thread's wake-up pipe)
// are not the caller's to watch: a wait on one is refused, and the reactor goes on
// working (it used to lose its wake-ups: waits never settled, closes took a second and
// the process never ended).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { poller } from '../src/index.js';

const child = new URL('./fixtures/own-fds-child.mjs', import.meta.url).pathname;
const backend = poller();

describe(`the reactor's own descriptors on ${backend}`, () => {
  it('a wait on one is refused; the reactor still delivers, closes at once and lets the process end', () => {
    const r = spawnSync(process.execPath, [child, backend], { encoding: 'utf8', timeout: 15_000 });
    expect(r.signal, r.stderr).toBeNull();
    expect(r.status, r.stderr).toBe(0);
    const got = JSON.parse(r.stdout) as { own: number; refused: string[]; bits: number; closeMs: number };
    expect(got.own).toBeGreaterThan(0);
    // epoll reports its own descriptor's readiness at once, without watching it.
    if (backend !== 'epoll') expect(got.refused).toEqual(['EBADF']);
    expect(got.bits).toBe(1);
    expect(got.closeMs).toBeLessThan(500);
  });

  it('the reactor starts although the process opened over 1024 descriptors before its first wait', () => {
    // Its wake-up pipe is made when the addon loads, while numbers are low: on select,
    // one made at the first wait would be beyond FD_SETSIZE and the reactor would not start.
    const script = `
      import('${new URL('../dist/index.js', import.meta.url).href}').then(async ({ AF_UNIX, READABLE, SOCK_STREAM, Socket, monotonic, setPoller }) => {
        const fs = await import('node:fs');
        setPoller('${backend}');
        const [a, b] = Socket.pair(AF_UNIX, SOCK_STREAM);
        for (let i = 0; i < 1100; i++) fs.openSync('/dev/null', 'r');
        setTimeout(() => b.send('x'), 20);
        console.log(await a.wait(READABLE, monotonic() + 5));
        a.close();
        b.close();
      });`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 15_000 });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('1');
  });
});
