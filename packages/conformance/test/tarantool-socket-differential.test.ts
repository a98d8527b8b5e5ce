// The differential check: every scenario family exists as a Lua script that the real
// Tarantool 2.6 runs (src/tarantool-socket/lua) and as a TypeScript twin on the port
// (src/tarantool-socket/twins). Both print one line per observation; the lines must be
// equal, except the differences listed (each with its reason) in differences.ts, and
// the lines whose outcome is a race in Tarantool itself (racyLines there).
// Without Tarantool installed, the output it recorded is used instead.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { allowedDifferences, labelOf, racyLines } from '../src/tarantool-socket/differences.js';
import { Printer } from '../src/tarantool-socket/format.js';
import { luaLines, tarantoolAvailable } from '../src/tarantool-socket/run-lua.js';
import { families } from '../src/tarantool-socket/twins/index.js';
import { setupScenarios } from '../src/support.js';

setupScenarios();

const used = new Set<(typeof allowedDifferences)[number]>();
const ran = new Set<string>();

// Both runs use directories of the same length: a unix path's length decides its errors.
function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'tnt-diff-'));
}

describe(`tarantool-socket against the real Tarantool (${tarantoolAvailable ? 'live' : 'recorded output'}) on ${process.env.SOCKPORT_POLLER}`, () => {
  if (!tarantoolAvailable) console.log('tarantool is not installed: comparing with the output it recorded (src/tarantool-socket/recorded)');

  for (const [family, run] of Object.entries(families)) {
    it(family, async () => {
      ran.add(family);
      const luaTmp = scratch();
      const tsTmp = scratch();
      try {
        const lua = luaLines(family, luaTmp);
        const printer = new Printer(tsTmp);
        await run(printer);
        const ts = printer.lines;
        const problems: string[] = [];
        const n = Math.max(lua.lines.length, ts.length);
        for (let i = 0; i < n; i++) {
          const l = (lua.lines[i] ?? '<missing>').split(luaTmp).join('<tmp>');
          const t = ts[i] ?? '<missing>';
          if (l === t) continue;
          const label = labelOf(l);
          const allowed = allowedDifferences.find(
            (d) => d.family === family && d.label === label && labelOf(t) === label && l === `${label} ${d.lua}` && t === `${label} ${d.ts}`,
          );
          const racy = racyLines.find(
            (r) => r.family === family && r.label === label && labelOf(t) === label && r.outcomes.some((o) => l === `${label} ${o}`) && r.outcomes.some((o) => t === `${label} ${o}`),
          );
          if (allowed) used.add(allowed);
          else if (!racy) problems.push(`line ${i + 1}\n  tarantool: ${l}\n  port:      ${t}`);
        }
        expect(problems, problems.join('\n')).toEqual([]);
      } finally {
        rmSync(luaTmp, { recursive: true, force: true });
        rmSync(tsTmp, { recursive: true, force: true });
      }
    });
  }

  afterAll(() => {
    const stale = allowedDifferences.filter((d) => ran.has(d.family) && !used.has(d));
    expect(stale.map((d) => `${d.family}: ${d.label}`), 'allowed differences that no longer occur').toEqual([]);
  });
});
