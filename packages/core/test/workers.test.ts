// Worker threads: each runs its own reactor, at the same time, on its own backend; a
// worker that exits with sockets open closes them and its reactor.
import { readdirSync, readlinkSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { pollers } from '../src/index.js';

function descriptors(): Map<string, string> {
  const out = new Map<string, string>();
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      if (target.startsWith('socket:') || target.includes('eventpoll') || target.startsWith('pipe:')) out.set(fd, target);
    } catch {
      // the directory listing's own descriptor
    }
  }
  return out;
}

function run(backend: string, messages: number): Promise<{ backend: string; echoed: number; listenerFd: number }> {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL('./fixtures/worker-echo.mjs', import.meta.url), { workerData: { backend, messages } });
    let result: { backend: string; echoed: number; listenerFd: number } | undefined;
    const timer = setTimeout(() => {
      void w.terminate();
      reject(new Error(`worker on ${backend} timed out`));
    }, 30_000);
    w.on('message', (m) => (result = m));
    w.on('error', reject);
    w.on('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0 || !result) reject(new Error(`worker on ${backend} exited ${code}`));
      else resolve(result);
    });
  });
}

describe('worker threads', () => {
  it('two workers each run their own reactor at once, and clean up on exit', async () => {
    const before = descriptors();
    const backends = pollers();
    const [a, b] = await Promise.all([run(backends[0]!, 300), run(backends[1]!, 300)]);
    expect(a).toMatchObject({ backend: backends[0], echoed: 300 });
    expect(b).toMatchObject({ backend: backends[1], echoed: 300 });
    // Each left its listener open; the environment teardown closed it, and the reactor's
    // own descriptors (epoll instance, wake pipe) went with it.
    for (let i = 0; i < 50 && descriptors().size !== before.size; i++) await new Promise((r) => setTimeout(r, 20));
    expect([...descriptors()]).toEqual([...before]);
  });

  it('every backend works in a worker', async () => {
    const results = await Promise.all(pollers().map((name) => run(name, 50)));
    expect(results.map((r) => r.echoed)).toEqual(pollers().map(() => 50));
  });
});
