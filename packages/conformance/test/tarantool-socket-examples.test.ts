// Every script in examples/tarantool-socket runs to completion (exit 0) on every poller
// backend; each starts its own local peers and bounds its own time.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'examples', 'tarantool-socket');
const scripts = readdirSync(dir).filter((f) => f.endsWith('.mjs')).sort();

describe(`examples/tarantool-socket on ${process.env.SOCKPORT_POLLER}`, () => {
  it('has the document\'s examples and the demo', () => {
    expect(scripts).toContain('demo.mjs');
    expect(scripts.length).toBeGreaterThanOrEqual(10);
  });
  for (const script of scripts) {
    it(script, () => {
      const r = spawnSync(process.execPath, [join(dir, script)], { encoding: 'utf8', timeout: 20_000, env: process.env });
      expect(r.stderr).toBe('');
      expect(r.status, r.stdout).toBe(0);
      expect(r.stdout.length).toBeGreaterThan(0);
    });
  }
});
