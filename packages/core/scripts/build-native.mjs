// Builds the native addon with node-gyp against the headers of the Node that runs this
// script, without downloading anything: npm's configured nodedir when there is one, else
// the prefix this Node was installed under (it ships include/node).
//
// The build runs in a staging directory and the finished binary is renamed into place,
// so that code loading the addon meanwhile never finds it missing or half written.
//
//   node scripts/build-native.mjs              build/Release/sockport.node
//   node scripts/build-native.mjs --if-stale   only when a native source is newer
//   SOCKPORT_SANITIZE=1 ... --out <file>       an ASan+UBSan build to another file
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const outArg = process.argv.indexOf('--out');
const target = outArg > 0 ? process.argv[outArg + 1] : join(root, 'build', 'Release', 'sockport.node');

function nodedir() {
  const configured = process.env.npm_config_nodedir;
  if (configured && existsSync(join(configured, 'include', 'node', 'node_api.h'))) return configured;
  const prefix = dirname(dirname(process.execPath));
  if (existsSync(join(prefix, 'include', 'node', 'node_api.h'))) return prefix;
  return undefined; // node-gyp falls back to its own header cache
}

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

function stale() {
  if (!existsSync(target)) return true;
  const built = statSync(target).mtimeMs;
  return [join(root, 'binding.gyp'), ...walk(join(root, 'native'))].some((file) => statSync(file).mtimeMs > built);
}

if (process.argv.includes('--if-stale') && !stale()) process.exit(0);

const stage = join(root, process.env.SOCKPORT_SANITIZE ? 'build-sanitized-stage' : 'build-stage');
rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
cpSync(join(root, 'native'), join(stage, 'native'), { recursive: true });
cpSync(join(root, 'binding.gyp'), join(stage, 'binding.gyp'));

const gyp = require.resolve('node-gyp/bin/node-gyp.js');
const args = [gyp, 'rebuild', '--release', `--jobs=${process.env.JOBS ?? 'max'}`];
const dir = nodedir();
if (dir) args.push(`--nodedir=${dir}`);
const result = spawnSync(process.execPath, args, { cwd: stage, stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);

mkdirSync(dirname(target), { recursive: true });
const temporary = `${target}.${process.pid}.tmp`;
cpSync(join(stage, 'build', 'Release', 'sockport.node'), temporary);
renameSync(temporary, target);
rmSync(stage, { recursive: true, force: true });
