// Descriptor and memory hygiene under churn: 100,000 connect/accept/close cycles leave
// no descriptor behind and no memory growth beyond noise (scripts/cycles.mjs).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('churn hygiene', () => {
  it('100,000 connect/accept/close cycles leak neither descriptors nor memory', { timeout: 240_000 }, () => {
    const script = fileURLToPath(new URL('../scripts/cycles.mjs', import.meta.url));
    const r = spawnSync(process.execPath, ['--expose-gc', script, '100000'], { encoding: 'utf8', timeout: 230_000 });
    console.log(r.stdout.trim());
    expect(r.stdout.trim().split('\n').pop()).toBe('cycles: pass');
    expect(r.status).toBe(0);
  });
});
