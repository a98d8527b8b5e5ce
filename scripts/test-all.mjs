// `pnpm test`: the types of every package and test, then every package's tests once per poller backend (SOCKPORT_POLLER), then
// the conformance suite, which runs every scenario on every backend by itself, then the
// packed packages and docs site end to end, then the core under the sanitizers.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { pollers } = await import('../packages/core/dist/index.js');
const turbo = require.resolve('turbo/bin/turbo');

function run(label, args, env = {}) {
  console.log(`\n=== ${label} ===`);
  const r = spawnSync(process.execPath, [turbo, ...args], { stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) {
    console.error(`\n${label}: FAILED`);
    process.exit(r.status ?? 1);
  }
}

if (!process.argv.includes('--no-sanitized')) run('types of every package and test', ['run', 'typecheck', '--log-order=grouped']);
for (const name of pollers()) {
  run(`package tests on ${name}`, ['run', 'test', '--filter=!@sockport/conformance', '--filter=!@sockport/e2e', '--concurrency=1', '--log-order=grouped'], {
    SOCKPORT_POLLER: name,
  });
}
run('conformance suite on every backend', ['run', 'test', '--filter=@sockport/conformance', '--log-order=grouped']);
// The sanitized run (test-sanitized.mjs --all) skips this step: it exercises the packed
// prebuilt binary and a browser, not the instrumented addon.
if (!process.argv.includes('--no-sanitized'))
  run('packed tarballs and the reference site, as users meet them', ['run', 'test', '--filter=@sockport/e2e', '--log-order=grouped']);
// Under the sanitized addon itself (test-sanitized.mjs --all), this step is the run.
if (!process.argv.includes('--no-sanitized'))
  run('core tests under AddressSanitizer and UndefinedBehaviorSanitizer', ['run', 'test:sanitized', '--filter=@sockport/core']);
console.log('\nall tests passed on', pollers().join(', '));
