import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Each file in its own process: descriptor counts and the reactor are per process.
    pool: 'forks',
    execArgv: ['--expose-gc'],
    setupFiles: ['test/fd-hygiene.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
