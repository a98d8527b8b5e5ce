// Node's global `Buffer` and `performance` are getters: every use from a module is a
// global lookup and a getter call, measurable on the per-message paths. Every source
// file of the workspace's packages that uses them imports them instead.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const packages = join(import.meta.dirname, '..', '..');
const imports: Record<string, RegExp> = {
  Buffer: /^import \{[^}]*\bBuffer\b[^}]*\} from 'node:buffer';$/m,
  performance: /^import \{[^}]*\bperformance\b[^}]*\} from 'node:perf_hooks';$/m,
};

function sources(): string[] {
  return readdirSync(packages).flatMap((pkg) => {
    const dir = join(packages, pkg, 'src');
    try {
      return readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => join(dir, f));
    } catch {
      return [];
    }
  });
}

describe('source files', () => {
  it('import Buffer and performance rather than reading the globals', () => {
    const files = sources();
    expect(files.length).toBeGreaterThan(40);
    const offenders: string[] = [];
    for (const file of files) {
      // Comments and strings aside, a value use is the name followed by `.` or `(`.
      const code = readFileSync(file, 'utf8').replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
      for (const [name, imported] of Object.entries(imports)) {
        if (new RegExp(`(?<![\\w.#])${name}\\s*[.(]`).test(code) && !imported.test(code)) offenders.push(`${file}: ${name}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
