// One vitest project per poller backend this platform has: every scenario file runs
// once on each, in its own processes, with SOCKPORT_POLLER set.
import { pollers } from '@sockport/core';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    pool: 'forks',
    execArgv: ['--expose-gc'],
    // Every scenario file must end with the sockets it began with.
    setupFiles: ['../core/test/fd-hygiene.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    projects: pollers().map((name) => ({
      extends: true,
      test: {
        name,
        include: ['test/**/*.test.ts'],
        env: { SOCKPORT_POLLER: name },
      },
    })),
  },
});
