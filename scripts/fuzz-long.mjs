// A long fuzzing run, by hand: the core's property tests and the faces' (on every
// backend) with many more cases than CI runs, then the libFuzzer harness of the codecs.
//   node scripts/fuzz-long.mjs [runs=100000] [codec-seconds=600]
// The last line says pass or fail.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runs = process.argv[2] ?? '100000';
const seconds = process.argv[3] ?? '600';
const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
const steps = [
  ['core property tests', [vitest, 'run', 'test/fuzz.test.ts'], join(root, 'packages', 'core')],
  ['face property tests, every backend', [vitest, 'run', 'test/faces-fuzz.test.ts'], join(root, 'packages', 'conformance')],
  ['codec libFuzzer', [join(root, 'packages', 'core', 'scripts', 'fuzz-codecs.mjs'), seconds], root],
];
let failed = 0;
for (const [label, args, cwd] of steps) {
  console.log(`\n=== ${label} ===`);
  const r = spawnSync(process.execPath, args, { cwd, stdio: 'inherit', env: { ...process.env, FUZZ_RUNS: runs }, timeout: 6 * 3600_000 });
  if (r.status !== 0) {
    failed++;
    console.log(`${label}: FAIL`);
  }
}
console.log(failed ? `fuzz-long: fail (${failed} step(s))` : `fuzz-long: pass (${runs} cases per property, ${seconds} s of libFuzzer)`);
process.exit(failed ? 1 : 0);
