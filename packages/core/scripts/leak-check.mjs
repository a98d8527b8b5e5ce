// Runs the leak workload under valgrind memcheck and fails on any definitely or
// indirectly lost block allocated from the addon (Node's own allocations are not
// ours to judge). The last line says pass or fail. Needs valgrind.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const log = join(tmpdir(), `sockport-valgrind-${process.pid}.log`);
const run = spawnSync('valgrind', [
  '--tool=memcheck', '--leak-check=full', '--show-leak-kinds=definite,indirect', '--num-callers=40',
  `--log-file=${log}`, process.execPath, '--jitless', join(root, 'scripts', 'leak-workload.mjs'),
], { encoding: 'utf8', timeout: 900_000 });
if (run.error) {
  console.log(`leak-check: fail (${run.error.message})`);
  process.exit(1);
}
const text = readFileSync(log, 'utf8');
// Each loss record is a block of lines starting with "... bytes in ... blocks are ... lost".
const records = text.split(/\n(?==+\d+==\s+[\d,]+ (?:\(.*?\) )?bytes in [\d,]+ blocks are)/);
const ours = records.filter((r) => /are (definitely|indirectly) lost/.test(r) && /sockport\.node/.test(r));
if (!run.stdout.includes('workload done')) {
  console.log(run.stdout, run.stderr);
  console.log('leak-check: fail (the workload did not finish)');
  process.exit(1);
}
for (const r of ours) console.log(r);
const summary = /definitely lost: [^\n]*/.exec(text)?.[0] ?? 'no leak summary';
console.log(`valgrind: ${summary} (process-wide); from the addon: ${ours.length} record(s). Log: ${log}`);
console.log(ours.length === 0 ? 'leak-check: pass' : 'leak-check: fail');
process.exit(ours.length === 0 ? 0 : 1);
