// Runs a scenario script on the real Tarantool, or, where Tarantool is not installed,
// reads the output it recorded (recorded/<family>.txt, refreshed with
// RECORD_TARANTOOL=1 on a machine that has it).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const luaDir = join(here, 'lua');
const recordedDir = join(here, 'recorded');

// The binary: TARANTOOL names another one (a path that does not exist forces the
// recorded output).
const tarantool = process.env.TARANTOOL ?? 'tarantool';

// Tarantool runs without what a sanitized Node run preloads: LuaJIT and AddressSanitizer
// do not mix (it hangs).
const { LD_PRELOAD: _preload, ASAN_OPTIONS: _asan, UBSAN_OPTIONS: _ubsan, ...tarantoolEnv } = process.env;

/** Whether the real Tarantool can run here. */
export const tarantoolAvailable = spawnSync(tarantool, ['--version'], { encoding: 'utf8', env: tarantoolEnv, timeout: 30_000 }).status === 0;

/** Where a family's Lua output comes from in this run. */
export type LuaSource = 'tarantool' | 'recorded';

/** The Lua output lines of a family's scenario, and where they came from. */
export function luaLines(family: string, tmp: string): { lines: string[]; source: LuaSource } {
  if (!tarantoolAvailable) {
    const file = join(recordedDir, `${family}.txt`);
    if (!existsSync(file)) throw new Error(`no tarantool here and no recorded output for ${family}`);
    return { lines: readFileSync(file, 'utf8').split('\n').filter((l) => l !== ''), source: 'recorded' };
  }
  const r = spawnSync(tarantool, [join(luaDir, `${family}.lua`)], {
    cwd: luaDir,
    env: { ...tarantoolEnv, SCENARIO_TMP: tmp },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (r.status !== 0) throw new Error(`tarantool ${family}.lua exited ${r.status}: ${r.stderr}`);
  const lines = r.stdout.split('\n').filter((l) => l !== '');
  if (process.env.RECORD_TARANTOOL) writeFileSync(join(recordedDir, `${family}.txt`), `${lines.join('\n')}\n`);
  return { lines, source: 'tarantool' };
}
