// Each flavour as a user installs it: the packed tarballs (the core's with a prebuilt
// binary) installed with plain npm into an empty project in a temporary folder, with no
// C++ compiler on the PATH, then an echo over loopback through the installed package.
// Nothing here reaches the workspace's own node_modules.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { packAll, type packages } from './pack.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
let tarballs: Record<(typeof packages)[number], string>;

beforeAll(() => {
  tarballs = packAll();
});

/** A PATH with node, npm and sh only: no cc, g++, make or python3 to fall back on. */
function compilerFreePath(): string {
  const bin = mkdtempSync(join(tmpdir(), 'sockport-bin-'));
  symlinkSync(process.execPath, join(bin, 'node'));
  symlinkSync(execFileSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim(), join(bin, 'npm'));
  symlinkSync('/bin/sh', join(bin, 'sh'));
  return bin;
}

function list(tarball: string): string[] {
  return execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).trim().split('\n').map((f) => f.replace(/^package\//, ''));
}

describe('packed tarballs', () => {
  it('hold only what users need', () => {
    const core = list(tarballs.core);
    expect(core).toContain('dist/index.js');
    expect(core).toContain('dist/index.d.ts');
    expect(core).toContain('binding.gyp');
    expect(core).toContain('native/socket.cc');
    expect(core).toContain('prebuilds/linux-x64/@sockport+core.node');
    expect(core).toContain('README.md');
    expect(core).toContain('LICENSE');
    for (const name of ['tarantool-socket', 'lsocket', 'socket2'] as const) {
      const files = list(tarballs[name]);
      expect(files).toContain('dist/index.js');
      expect(files).toContain('dist/index.d.ts');
      expect(files).toContain('README.md');
      expect(files).toContain('LICENSE');
    }
    for (const files of Object.values(tarballs).map(list)) {
      expect(files.filter((f) => /^(src|test|node_modules|build)\//.test(f) || f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    }
  });
});

describe.each([
  ['core', 'core-echo.mjs'],
  ['lsocket', 'lsocket-echo.mjs'],
  ['tarantool-socket', 'tarantool-socket-echo.mjs'],
  ['socket2', 'socket2-echo.mjs'],
] as const)('installing @sockport/%s alone', (flavour, fixture) => {
  it('works from the tarballs with plain npm and no compiler', () => {
    const app = mkdtempSync(join(tmpdir(), `sockport-app-${flavour}-`));
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    const path = compilerFreePath();
    // The installed package's own binary, whatever the workspace's tests point at.
    const { SOCKPORT_ADDON: _addon, LD_PRELOAD: _preload, ...inherited } = process.env;
    const env = { ...inherited, PATH: path, npm_config_nodedir: '', NODE_PATH: '' };
    expect(spawnSync('sh', ['-c', 'command -v g++ || command -v cc || command -v make'], { env }).status).not.toBe(0);
    const wanted = flavour === 'core' ? [tarballs.core] : [tarballs.core, tarballs[flavour]];
    const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', ...wanted], { cwd: app, env, encoding: 'utf8' });
    expect(install.status, install.stderr).toBe(0);
    expect(existsSync(join(app, 'node_modules', '@sockport', 'core', 'build'))).toBe(false); // nothing was compiled
    mkdirSync(join(app, 'src'), { recursive: true });
    copyFileSync(join(fixtures, fixture), join(app, 'src', 'echo.mjs'));
    const run = spawnSync(process.execPath, [join(app, 'src', 'echo.mjs')], { cwd: app, env, encoding: 'utf8', timeout: 30_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^echo: /m);
  });
});
