// Builds the libFuzzer harness of the address and option codecs with clang and runs it
// for a bounded time: `node scripts/fuzz-codecs.mjs [seconds=60]`. The last line says
// pass or fail. Needs clang (Debian: apt-get install clang).
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const seconds = Number(process.argv[2] ?? 60);
const out = join(root, 'build-fuzz');
mkdirSync(join(out, 'corpus'), { recursive: true });
const clang = ['clang++', 'clang++-16', 'clang++-15', 'clang++-14'].find((c) => spawnSync(c, ['--version']).status === 0);
if (!clang) {
  console.log('fuzz-codecs: fail (no clang++ on PATH; apt-get install clang)');
  process.exit(1);
}
const binary = join(out, 'codec_fuzzer');
const build = spawnSync(clang, [
  '-std=c++17', '-g', '-O1', '-fsanitize=fuzzer,address,undefined', '-fno-sanitize-recover=all',
  join(root, 'native/fuzz/codec_fuzzer.cc'), join(root, 'native/codec/sockaddr_codec.cc'), join(root, 'native/codec/option_codec.cc'),
  '-o', binary,
], { stdio: 'inherit' });
if (build.status !== 0) {
  console.log('fuzz-codecs: fail (build)');
  process.exit(1);
}
const run = spawnSync(binary, [`-max_total_time=${seconds}`, '-print_final_stats=1', join(out, 'corpus')], { stdio: 'inherit' });
console.log(run.status === 0 ? `fuzz-codecs: pass (${seconds} s, no crash)` : `fuzz-codecs: fail (status ${run.status})`);
process.exit(run.status ?? 1);
