// The TypeScript snippets of the guides, type-checked against the packages' sources.
//
// Every ```ts block of docs/guides/**/*.md is compiled as a module of its own with the
// workspace's strict settings. A page may have a prelude, the text of an HTML comment
// `<!-- snippet-prelude ... -->` (invisible on the site) made of `import` lines and
// `declare const name: ...` lines. A block with no `import` of its own is a fragment:
// the whole prelude goes before it. A block with imports gets only the prelude's
// declarations of names it does not declare itself.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

/** One ```ts block of a guide. */
export interface Snippet {
  /** The guide, relative to the workspace root. */
  file: string;
  /** The 1-based line of the block's first code line in the guide. */
  line: number;
  code: string;
  /** The page's prelude, used when the block has no import of its own. */
  prelude: string;
}

const PRELUDE = /<!--\s*snippet-prelude\s*\n([\s\S]*?)-->/;
const FENCE = /^```(\S*)\s*$/;

function markdownFiles(dir: string, found: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) markdownFiles(path, found);
    else if (entry.name.endsWith('.md')) found.push(path);
  }
  return found;
}

/** Every ```ts (or ```typescript) block of the markdown files under `dir`. */
export function extractSnippets(root: string, dir: string): Snippet[] {
  const snippets: Snippet[] = [];
  for (const path of markdownFiles(dir)) {
    const text = readFileSync(path, 'utf8');
    const prelude = PRELUDE.exec(text)?.[1] ?? '';
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const open = FENCE.exec(lines[i]!);
      if (open === null) continue;
      const start = i + 1;
      let end = start;
      while (end < lines.length && !/^```\s*$/.test(lines[end]!)) end++;
      if (open[1] === 'ts' || open[1] === 'typescript')
        snippets.push({ file: relative(root, path), line: start + 1, code: lines.slice(start, end).join('\n'), prelude });
      i = end;
    }
  }
  return snippets;
}

/** The lines of the page's prelude that go before the snippet (see the top of this file). */
function preludeFor(s: Snippet): string {
  const lines = s.prelude.split('\n').filter((l) => l.trim() !== '');
  if (!/^\s*import\s/m.test(s.code)) return lines.map((l) => `${l}\n`).join('');
  return lines
    .filter((l) => {
      const declared = /^\s*declare\s+const\s+(\w+)/.exec(l)?.[1];
      if (declared === undefined) return false;
      const own = new RegExp(`\\b(?:const|let|var)\\s+(?:${declared}\\b|[[{][^\\]}=]*\\b${declared}\\b)`);
      return !own.test(s.code);
    })
    .map((l) => `${l}\n`)
    .join('');
}

/**
 * Type-checks the snippets with the workspace's TypeScript, the `@sockport/*` imports
 * mapped to the packages' sources (nothing needs to be built). Returns the compiler's
 * complaints, each naming the guide and line; empty when every snippet compiles.
 */
export function typecheckSnippets(root: string, snippets: readonly Snippet[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'sockport-snippets-'));
  try {
    const where = new Map<string, Snippet>();
    snippets.forEach((s, n) => {
      const name = `snippet-${n}.ts`;
      const header = preludeFor(s);
      // `export {}` keeps every file a module.
      writeFileSync(join(dir, name), `${header}${s.code}\nexport {};\n`);
      where.set(name, { ...s, line: s.line - (header.split('\n').length - 1) });
    });
    const packages = ['core', 'tarantool-socket', 'lsocket', 'socket2'];
    const tsconfig = {
      extends: join(root, 'tsconfig.base.json'),
      compilerOptions: {
        noEmit: true,
        typeRoots: [join(root, 'node_modules', '@types')],
        // Snippets may leave a value unused; the point is the API's types.
        noUnusedLocals: false,
        paths: Object.fromEntries(packages.map((p) => [`@sockport/${p}`, [join(root, 'packages', p, 'src', 'index.ts')]])),
      },
      include: [join(dir, '*.ts')],
    };
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const run = spawnSync(process.execPath, [tsc, '-p', dir, '--pretty', 'false'], { encoding: 'utf8', timeout: 120_000 });
    if (run.error) throw run.error;
    if (run.status === 0) return [];
    // Errors in the packages' own sources are not the guides' fault, but still shown.
    return `${run.stdout}${run.stderr}`
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => {
        const m = /^(?:.*[/\\])?(snippet-\d+\.ts)\((\d+),(\d+)\): (.*)$/.exec(l);
        const s = m ? where.get(m[1]!) : undefined;
        return s && m ? `${s.file}:${s.line + Number(m[2]) - 1}: ${m[4]}` : l;
      });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
