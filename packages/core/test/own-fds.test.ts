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
});
