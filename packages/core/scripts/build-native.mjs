// Builds the native addon with node-gyp against the headers of the Node that runs
// this script, without downloading anything: npm's configured nodedir when there is
// one, else the prefix this Node was installed under (it ships include/node).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The package root, or the copy the sanitized build works in.
const root = process.env.SOCKPORT_BUILD_DIR ?? join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function nodedir() {
  const configured = process.env.npm_config_nodedir;
  if (configured && existsSync(join(configured, 'include', 'node', 'node_api.h'))) return configured;
  const prefix = dirname(dirname(process.execPath));
  if (existsSync(join(prefix, 'include', 'node', 'node_api.h'))) return prefix;
  return undefined; // node-gyp falls back to its own header cache
}

// --if-stale: skip when the addon is newer than every native source (turbo's build
// step runs this after install has already compiled it).
function stale() {
  const addon = join(root, 'build', 'Release', 'sockport.node');
  if (!existsSync(addon)) return true;
  const built = statSync(addon).mtimeMs;
  const sources = [join(root, 'binding.gyp'), ...walk(join(root, 'native'))];
  return sources.some((file) => statSync(file).mtimeMs > built);
}

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
  );
}

if (process.argv.includes('--if-stale') && !stale() && !process.env.SOCKPORT_SANITIZE) process.exit(0);

const gyp = require.resolve('node-gyp/bin/node-gyp.js');
const args = [gyp, 'rebuild', '--release', `--jobs=${process.env.JOBS ?? 'max'}`];
const dir = nodedir();
if (dir) args.push(`--nodedir=${dir}`);
const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
