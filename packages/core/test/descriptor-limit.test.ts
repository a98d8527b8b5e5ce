// The reactor starts when the process has used up its descriptors: what it needs was
// reserved when the addon loaded.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { poller } from '../src/index.js';

describe('descriptor limit', () => {
  it('a first wait after the descriptors ran out waits (it used to fail to start the epoll poller)', () => {
    const child = join(import.meta.dirname, 'fixtures/reactor-at-limit.mjs');
    const run = spawnSync('prlimit', ['--nofile=64', process.execPath, child], { encoding: 'utf8', timeout: 20_000 });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ ranOut: 'EMFILE', waited: 0, backend: poller() });
  });
});
