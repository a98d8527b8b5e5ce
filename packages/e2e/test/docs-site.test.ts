// The reference site as readers meet it: typedoc builds it with the workspace's own
// typedoc.json (warnings are errors there), a tiny static server serves it on
// 127.0.0.1, and headless Chromium walks it. Every page the navigation reaches must
// load without a console error or a failed request, the navigation must list every
// package and every guide, and the search must find `tcp_connect`. The guides' own
// TypeScript snippets must compile against the packages' sources.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractSnippets, typecheckSnippets } from './docs/snippets.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const CHROMIUM = '/usr/bin/chromium';
const PACKAGES = ['@sockport/core', '@sockport/tarantool-socket', '@sockport/lsocket', '@sockport/socket2'];
const MAX_PAGES = 400;
const CRAWL_MS = 180_000;
const GOTO_MS = 20_000;
const TABS = 3;

/** The guides: every markdown file under docs/guides, with the title its front matter gives. */
function guides(): { file: string; title: string }[] {
  const found: { file: string; title: string }[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.md')) {
        const title = /^---\n[\s\S]*?^title:\s*(.+?)\s*$[\s\S]*?^---$/m.exec(readFileSync(path, 'utf8'))?.[1];
        found.push({ file: relative(root, path), title: title ?? entry.name.replace(/\.md$/, '') });
      }
    }
  };
  walk(join(root, 'docs', 'guides'));
  return found.sort((a, b) => a.file.localeCompare(b.file));
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.md': 'text/markdown; charset=utf-8',
  '.png': 'image/png',
};

/** A static file server for `dir` on 127.0.0.1 and a free port; 404 for anything outside it. */
function serve(dir: string): Promise<Server> {
  const server = createServer((req, res) => {
    let path: string;
    try {
      path = normalize(join(dir, decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname)));
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (path !== dir && !path.startsWith(dir + sep)) {
      res.writeHead(403).end();
      return;
    }
    if (statSync(path, { throwIfNoEntry: false })?.isFile()) {
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
      res.end(readFileSync(path));
    } else res.writeHead(404).end();
  });
  return new Promise((resolveServer, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolveServer(server));
  });
}

/** What went wrong on a page: console errors, page errors, failed or refused local requests. */
interface Trouble {
  url: string;
  what: string;
}

describe('the reference site', () => {
  let out: string;
  let server: Server;
  let base: string;
  let context: BrowserContext;
  let page: Page;
  let userData: string;
  const troubles: Trouble[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`${CHROMIUM} is missing: the reference-site check needs Debian's chromium package (apt-get install -y chromium)`);
    // The site, built by typedoc from the workspace's typedoc.json (as `pnpm docs:build`
    // does after building the packages; typedoc.json maps every package to its sources,
    // so nothing needs to be built first), into a folder of its own.
    out = mkdtempSync(join(tmpdir(), 'sockport-docs-'));
    const typedoc = join(root, 'node_modules', 'typedoc', 'bin', 'typedoc');
    const build = spawnSync(process.execPath, [typedoc, '--out', out], { cwd: root, encoding: 'utf8', timeout: 300_000 });
    expect(build.error, 'typedoc did not run').toBeUndefined();
    expect(build.status, `typedoc failed (warnings are errors):\n${build.stdout}\n${build.stderr}`).toBe(0);
    expect(existsSync(join(out, 'index.html'))).toBe(true);

    server = await serve(out);
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('the static server has no port');
    base = `http://127.0.0.1:${address.port}/`;

    userData = mkdtempSync(join(tmpdir(), 'sockport-chromium-'));
    context = await chromium.launchPersistentContext(userData, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      timeout: 60_000,
    });
    page = watch(context.pages()[0] ?? (await context.newPage()));
  }, 600_000);

  /** Records every console error, page error and failed local request of `p`. */
  function watch(p: Page): Page {
    p.setDefaultTimeout(GOTO_MS);
    p.on('console', (msg) => {
      if (msg.type() === 'error') troubles.push({ url: p.url(), what: `console error: ${msg.text()}` });
    });
    p.on('pageerror', (error) => troubles.push({ url: p.url(), what: `page error: ${error.message}` }));
    p.on('requestfailed', (req) => {
      if (req.url().startsWith('http://127.0.0.1')) troubles.push({ url: p.url(), what: `request failed: ${req.url()} (${req.failure()?.errorText})` });
    });
    p.on('response', (res) => {
      if (res.url().startsWith('http://127.0.0.1') && res.status() >= 400) troubles.push({ url: p.url(), what: `HTTP ${res.status()}: ${res.url()}` });
    });
    return p;
  }

  afterAll(async () => {
    await context?.close();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    for (const dir of [out, userData]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Every link of the site navigation on the current page: text and absolute URL. */
  async function navLinks(): Promise<{ text: string; href: string }[]> {
    // The navigation is built by the site's script; wait until it is there.
    await page.waitForSelector('.tsd-navigation a[href]', { state: 'attached' });
    return page.$$eval('.tsd-navigation a[href]', (links) =>
      links.map((a) => ({ text: (a.textContent ?? '').trim(), href: (a as unknown as { href: string }).href })),
    );
  }

  it('lists every package and every guide in the navigation', async () => {
    await page.goto(base + 'index.html', { waitUntil: 'load' });
    const links = await navLinks();
    const texts = links.map((l) => l.text);
    for (const name of PACKAGES) {
      const link = links.find((l) => l.text === name);
      expect(link, `no navigation entry for ${name} in ${JSON.stringify(texts)}`).toBeDefined();
      expect(link!.href).toMatch(/\/modules\/[^/]+\.html$/);
    }
    // Each guide is one document page, listed under its title.
    const documents = links.filter((l) => /\/documents\/[^/]+\.html$/.test(l.href));
    for (const guide of guides()) {
      expect(documents.some((l) => l.text === guide.title), `no navigation entry titled "${guide.title}" (${guide.file})`).toBe(true);
    }
    expect(new Set(documents.map((l) => l.href)).size).toBeGreaterThanOrEqual(guides().length);
  });

  it('loads every page the navigation reaches, with no console error and no failed request', async () => {
    const started = Date.now();
    // The navigation is one tree, the same on every page: its links are the pages to load.
    await page.goto(base + 'index.html', { waitUntil: 'load' });
    const pages = [base + 'index.html'];
    for (const { href } of await navLinks()) {
      const target = href.split('#')[0]!;
      if (target.startsWith(base) && !pages.includes(target)) pages.push(target);
    }
    expect(pages.length, 'more pages than the crawl may visit').toBeLessThanOrEqual(MAX_PAGES);
    const visited: string[] = [];
    const brokenLinks: string[] = [];
    const statuses: string[] = [];
    let next = 0;
    // A few tabs at once, each taking the next page until none is left or time is up.
    const tab = async (p: Page): Promise<void> => {
      while (next < pages.length && Date.now() - started < CRAWL_MS) {
        const url = pages[next++]!;
        const response = await p.goto(url, { waitUntil: 'load' });
        if (response?.status() !== 200) statuses.push(`${url}: ${response?.status()}`);
        visited.push(url);
        // Links in the page's content must lead somewhere too.
        const local = await p.$$eval('.col-content a[href]', (links) => links.map((a) => (a as unknown as { href: string }).href));
        for (const href of local) {
          const target = href.split('#')[0]!;
          if (!target.startsWith(base)) continue;
          if (!existsSync(join(out, decodeURIComponent(new URL(target).pathname)))) brokenLinks.push(`${url} -> ${href}`);
        }
      }
    };
    const tabs = [page, ...(await Promise.all(Array.from({ length: TABS - 1 }, async () => watch(await context.newPage()))))];
    try {
      await Promise.all(tabs.map(tab));
    } finally {
      for (const p of tabs.slice(1)) await p.close();
    }
    expect(statuses, 'pages that did not load').toEqual([]);
    expect(visited.length, `the crawl ran out of time after ${visited.length} of ${pages.length} pages`).toBe(pages.length);
    // Every package, every guide and the API pages beneath them.
    expect(visited.length).toBeGreaterThan(guides().length + PACKAGES.length);
    expect(brokenLinks, 'links to pages that do not exist').toEqual([]);
    expect(troubles, 'trouble while loading the pages').toEqual([]);
  });

  it('finds tcp_connect with the search box', async () => {
    await page.goto(base + 'index.html', { waitUntil: 'load' });
    await page.click('#tsd-search-trigger');
    const input = page.locator('#tsd-search-input');
    await input.waitFor({ state: 'visible' });
    await input.pressSequentially('tcp_connect', { delay: 20 });
    // The function's own page, among the results (the module's `tcp_connect` property is another).
    const result = page.locator('#tsd-search-results a[href$="functions/_sockport_tarantool-socket.tcp_connect.html"]').first();
    await result.waitFor({ state: 'visible', timeout: 10_000 });
    await result.click();
    await page.waitForURL(/tcp_connect\.html/);
    await expect(page.locator('h1').first().textContent()).resolves.toContain('tcp_connect');
    expect(troubles).toEqual([]);
  });

  it('has guide snippets that compile against the packages', () => {
    const snippets = extractSnippets(root, join(root, 'docs', 'guides'));
    expect(snippets.length).toBeGreaterThan(10);
    expect(typecheckSnippets(root, snippets)).toEqual([]);
  }, 180_000);
});
