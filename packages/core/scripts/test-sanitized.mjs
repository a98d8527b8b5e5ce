// Tests against the addon built with AddressSanitizer and UndefinedBehaviorSanitizer:
// any memory error or undefined behaviour aborts the run.
//
//   node scripts/test-sanitized.mjs          the core's test suite (CI runs this)
//   node scripts/test-sanitized.mjs --all    the whole workspace test suite: every
//                                            package on every backend, conformance, e2e
//   node scripts/test-sanitized.mjs --leaks  the core's suite with LeakSanitizer: fails on
//                                            any leak whose allocation stack is the addon's
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const workspace = join(root, '..', '..');
const all = process.argv.includes('--all');
const leaks = process.argv.includes('--leaks');
const built = execFileSync(process.execPath, [join(root, 'scripts', 'build-sanitized.mjs')], {
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
});
const { addon, preload } = JSON.parse(built.trim().split('\n').pop());
const logs = mkdtempSync(join(tmpdir(), 'sockport-lsan-'));
const env = {
  ...process.env,
  SOCKPORT_ADDON: addon,
  LD_PRELOAD: preload,
  // Node itself is not instrumented and keeps memory until exit: without --leaks only
  // memory errors and UB are checked here.
  ASAN_OPTIONS: leaks
    ? `detect_leaks=1:exitcode=0:abort_on_error=1:halt_on_error=1:log_path=${join(logs, 'lsan')}`
    : 'detect_leaks=0:abort_on_error=1:halt_on_error=1',
  UBSAN_OPTIONS: 'print_stacktrace=1:halt_on_error=1',
};

// Prove the instrumented addon is what runs.
const probe = spawnSync(process.execPath, ['-e', `
  require(process.env.SOCKPORT_ADDON);
  const maps = require('fs').readFileSync('/proc/self/maps', 'utf8');
  if (!maps.includes('libasan') || !maps.includes(process.env.SOCKPORT_ADDON)) process.exit(3);
`], { env: { ...env, ASAN_OPTIONS: 'detect_leaks=0' }, stdio: 'inherit' });
if (probe.status !== 0) throw new Error('the sanitized addon did not load with its runtime');

const require = createRequire(import.meta.url);
const vitest = join(dirname(require.resolve('vitest/package.json')), 'vitest.mjs');
const r = all
  ? spawnSync(process.execPath, [join(workspace, 'scripts', 'test-all.mjs'), '--no-sanitized'], { cwd: workspace, env, stdio: 'inherit' })
  : spawnSync(process.execPath, [vitest, 'run'], { cwd: root, env, stdio: 'inherit' });
let ok = r.status === 0;

if (leaks) {
  // One report per process; a leak record is ours when the addon allocated it.
  let ours = 0;
  for (const file of readdirSync(logs)) {
    const text = readFileSync(join(logs, file), 'utf8');
    for (const record of text.split(/\n(?=(?:Direct|Indirect) leak of )/)) {
      if (/^(Direct|Indirect) leak of/.test(record) && record.includes('sockport.node')) {
        ours++;
        console.log(record.split('\n').slice(0, 12).join('\n'));
      }
    }
  }
  console.log(`LeakSanitizer: ${ours} leak record(s) from the addon in ${readdirSync(logs).length} process report(s)`);
  ok &&= ours === 0;
}
console.log(`sanitized ${all ? 'workspace' : 'core'} tests${leaks ? ' with leak detection' : ''}: ${ok ? 'pass' : 'FAIL'}`);
process.exit(ok ? 0 : 1);
