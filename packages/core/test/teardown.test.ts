// A worker stopped (terminate(), or the process exiting) while it is inside a native
// call: a name lookup still in flight must not abort the process (its callback cannot
// run any more), and a blocking waitSync must give the thread back promptly.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const core = new URL('../dist/index.js', import.meta.url).href;

// Runs an ES module in a child process (a crash there fails the test, not the runner).
function run(source: string): { status: number | null; signal: string | null; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', source], { encoding: 'utf8', timeout: 20_000 });
  return { status: r.status, signal: r.signal, out: r.stdout.trim(), err: r.stderr };
}

describe('workers stopped inside native calls', () => {
  it('terminate() with lookups in flight does not abort the process', () => {
    const r = run(`
      import { Worker } from 'node:worker_threads';
      for (let round = 0; round < 5; round++) {
        const w = new Worker(\`
          const { parentPort } = require('node:worker_threads');
          import('${core}').then((c) => {
            for (let i = 0; i < 50; i++) c.getaddrinfo('127.0.0.1', '80', { flags: 4 });
            parentPort.postMessage('asked');
          });\`, { eval: true, execArgv: [] });
        await new Promise((resolve) => w.once('message', resolve));
        await w.terminate();
      }
      console.log('survived');`);
    expect(r.signal, r.err).toBeNull();
    expect(r.out, r.err).toBe('survived');
  });

  it('terminate() and process exit do not wait for a blocking waitSync', () => {
    const r = run(`
      import { Worker } from 'node:worker_threads';
      const source = \`
        const { parentPort } = require('node:worker_threads');
        import('${core}').then((c) => {
          const [a, b] = c.Socket.pair(c.AF_UNIX, c.SOCK_STREAM);
          parentPort.postMessage('waiting');
          c.waitSync([[b, c.READABLE]], Infinity);
        });\`;
      const w = new Worker(source, { eval: true, execArgv: [] });
      await new Promise((resolve) => w.once('message', resolve));
      await new Promise((resolve) => setTimeout(resolve, 50));
      const start = performance.now();
      await w.terminate();
      console.log(performance.now() - start < 2000 ? 'terminated' : 'slow');
      // A process that exits while a worker blocks in waitSync ends too.
      const w2 = new Worker(source, { eval: true, execArgv: [] });
      await new Promise((resolve) => w2.once('message', resolve));
      process.exit(0);`);
    expect(r.signal, r.err).toBeNull();
    expect(r.status).toBe(0);
    expect(r.out).toBe('terminated');
  });
});
