// The core's whole test suite against the addon built with AddressSanitizer and
// UndefinedBehaviorSanitizer: any memory error or undefined behaviour aborts the run.
import { execFileSync, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = execFileSync(process.execPath, [join(root, 'scripts', 'build-sanitized.mjs')], {
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
});
const { addon, preload } = JSON.parse(built.trim().split('\n').pop());
const env = {
  ...process.env,
  SOCKPORT_ADDON: addon,
  LD_PRELOAD: preload,
  // Node itself is not instrumented and keeps memory until exit: leaks are checked
  // separately (valgrind), memory errors and UB here.
  ASAN_OPTIONS: 'detect_leaks=0:abort_on_error=1:halt_on_error=1',
  UBSAN_OPTIONS: 'print_stacktrace=1:halt_on_error=1',
};

// Prove the instrumented addon is what runs.
const probe = spawnSync(process.execPath, ['-e', `
  require(process.env.SOCKPORT_ADDON);
  const maps = require('fs').readFileSync('/proc/self/maps', 'utf8');
  if (!maps.includes('libasan') || !maps.includes(process.env.SOCKPORT_ADDON)) process.exit(3);
`], { env, stdio: 'inherit' });
if (probe.status !== 0) throw new Error('the sanitized addon did not load with its runtime');

const require = createRequire(import.meta.url);
const vitest = join(dirname(require.resolve('vitest/package.json')), 'vitest.mjs');
const r = spawnSync(process.execPath, [vitest, 'run'], { cwd: root, env, stdio: 'inherit' });
console.log(r.status === 0 ? 'sanitized core tests: pass' : 'sanitized core tests: FAIL');
process.exit(r.status ?? 1);
