// Builds the addon with AddressSanitizer and UndefinedBehaviorSanitizer into
// build-sanitized/, beside the normal build (which it never touches), and prints the
// environment that runs Node with it:
//   SOCKPORT_ADDON=<path> LD_PRELOAD=<libasan:libubsan> ASAN_OPTIONS=... UBSAN_OPTIONS=...
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'build-sanitized');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
cpSync(join(root, 'native'), join(out, 'native'), { recursive: true });
cpSync(join(root, 'binding.gyp'), join(out, 'binding.gyp'));
cpSync(join(root, 'scripts', 'build-native.mjs'), join(out, 'build-native.mjs'));

const r = spawnSync(process.execPath, [join(root, 'scripts', 'build-native.mjs')], {
  cwd: out,
  stdio: ['ignore', 'inherit', 'inherit'],
  env: { ...process.env, SOCKPORT_SANITIZE: '1', SOCKPORT_BUILD_DIR: out },
});
if (r.status !== 0) process.exit(r.status ?? 1);
const addon = join(out, 'build', 'Release', 'sockport.node');
if (!existsSync(addon)) throw new Error('no sanitized addon was built');
const lib = (name) => execFileSync(process.env.CXX ?? 'g++', [`-print-file-name=${name}`], { encoding: 'utf8' }).trim();
console.log(JSON.stringify({ addon, preload: `${lib('libasan.so')}:${lib('libubsan.so')}` }));
