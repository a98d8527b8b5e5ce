// The reactor holds the process alive while something waits, and only then: a child
// process whose one reason to live is a wait stays until the wait settles, and ends by
// itself once nothing waits, with its sockets still open.
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { poller } from '../src/index.js';

const child = new URL('./fixtures/liveness-child.mjs', import.meta.url).pathname;

interface Run {
  code: number | null;
  out: string;
}

// Runs the child; onLine sees its output as it comes. Killed (and failed) after 10 s.
function run(backend: string, mode: string, onLine: (line: string) => void = () => {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [child, backend, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    const timer = setTimeout(() => {
      p.kill('SIGKILL');
      reject(new Error(`${mode} child on ${backend} still running after 10 s; output: ${out}`));
    }, 10_000);
    p.stdout.setEncoding('utf8');
    p.stdout.on('data', (d: string) => {
      out += d;
      for (const line of d.split('\n')) if (line) onLine(line);
    });
    p.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

// The whole suite runs once per backend (SOCKPORT_POLLER); the child uses the same one.
const backend = poller();

describe(`liveness on ${backend}`, () => {
  it('a pending wait keeps the process alive until it settles', async () => {
    let connectedAt = 0;
    const r = await run(backend, 'accept', (line) => {
      const m = /^port (\d+)/.exec(line);
      if (!m) return;
      // Late enough that a process nothing holds would have ended long before.
      setTimeout(() => {
        connectedAt = Date.now();
        const c = connect(Number(m[1]), '127.0.0.1');
        c.on('error', () => {}).on('connect', () => c.destroy());
      }, 500);
    });
    expect(connectedAt).toBeGreaterThan(0);
    expect(r.out).toMatch(/accepted 1 ok/);
    expect(r.code).toBe(0);
  });

  it('a process ends by itself once nothing waits, its sockets still open', async () => {
    const r = await run(backend, 'settled');
    expect(r.out).toBe('timeout 0\nready 1\n');
    expect(r.code).toBe(0);
  });
});
