// Packs the public packages into tarballs (the core with its prebuilt binary), once
// per test run, into a temporary folder outside the workspace.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const workspace = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const packages = ['core', 'tarantool-socket', 'lsocket', 'socket2'] as const;

/** Packs every public package; returns the tarball path of each. */
export function packAll(): Record<(typeof packages)[number], string> {
  const dest = mkdtempSync(join(tmpdir(), 'sockport-pack-'));
  for (const name of packages) {
    execFileSync('pnpm', ['pack', '--pack-destination', dest], { cwd: join(workspace, 'packages', name), stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const files = readdirSync(dest);
  const find = (name: string) => join(dest, files.find((f) => f.startsWith(`sockport-${name}-`))!);
  return Object.fromEntries(packages.map((p) => [p, find(p)])) as Record<(typeof packages)[number], string>;
}
