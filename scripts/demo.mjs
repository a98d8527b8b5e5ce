// `pnpm demo`: a short run of every demo (the core's and each face's), once per poller
// backend this platform has.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { pollers } = await import('../packages/core/dist/index.js');
const demos = ['core', 'tarantool-socket', 'lsocket', 'socket2']
  .map((name) => [name, join(root, 'examples', name, 'demo.mjs')])
  .filter(([, file]) => existsSync(file));

let failed = 0;
for (const backend of pollers()) {
  console.log(`\n--- poller: ${backend} ---`);
  for (const [name, file] of demos) {
    const r = spawnSync(process.execPath, [file], {
      encoding: 'utf8',
      timeout: 20_000,
      env: { ...process.env, SOCKPORT_POLLER: backend },
    });
    process.stdout.write(r.stdout);
    if (r.status !== 0) {
      failed++;
      console.error(`${name} demo failed on ${backend} (status ${r.status}):\n${r.stderr}`);
    }
  }
}
process.exit(failed ? 1 : 0);
