// Builds the addon with AddressSanitizer and UndefinedBehaviorSanitizer into
// build-sanitized/sockport.node, beside the normal build (which it never touches), and
// prints what runs Node with it: { addon, preload } for SOCKPORT_ADDON and LD_PRELOAD.
import { execFileSync, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const addon = join(root, 'build-sanitized', 'sockport.node');
const r = spawnSync(process.execPath, [join(root, 'scripts', 'build-native.mjs'), '--out', addon], {
  stdio: ['ignore', 'inherit', 'inherit'],
  env: { ...process.env, SOCKPORT_SANITIZE: '1' },
});
if (r.status !== 0) process.exit(r.status ?? 1);
const lib = (name) => execFileSync(process.env.CXX ?? 'g++', [`-print-file-name=${name}`], { encoding: 'utf8' }).trim();
console.log(JSON.stringify({ addon, preload: `${lib('libasan.so')}:${lib('libubsan.so')}` }));
