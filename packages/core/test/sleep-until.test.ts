// sleepUntil: a sleep on the monotonic clock that never wakes early, at any distance.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { monotonic, sleepUntil } from '../src/index.js';

describe('sleepUntil', () => {
  it('wakes at the deadline, never before; a past deadline wakes at once', async () => {
    for (const seconds of [0.01, 0.03, 0.05]) {
      const deadline = monotonic() + seconds;
      await sleepUntil(deadline);
      expect(monotonic()).toBeGreaterThanOrEqual(deadline);
    }
    const start = monotonic();
    await sleepUntil(start - 10);
    expect(monotonic() - start).toBeLessThan(0.5);
  });

  it('sleeps beyond setTimeout\'s 24.8 days, and so does waitAny with nothing to wait for', () => {
    const script = `
      import('${new URL('../dist/index.js', import.meta.url).href}').then(({ monotonic, sleepUntil, waitAny }) => {
        const settled = [];
        sleepUntil(monotonic() + 2147484).then(() => settled.push('sleep'));
        waitAny([], monotonic() + 1e300).then(() => settled.push('waitAny'));
        setTimeout(() => { console.log(JSON.stringify(settled)); process.exit(0); }, 200);
      });`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 15_000 });
    expect(r.stderr).not.toContain('TimeoutOverflowWarning');
    expect(r.stdout.trim()).toBe('[]');
  });
});
