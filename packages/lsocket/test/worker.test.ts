// selectSync and resolveSync block a worker thread, not the main one.
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import lsocket from '../src/index.js';
import { made } from './helpers.js';

describe('blocking twins in a worker thread', () => {
  it('selectSync waits in the worker while the main thread runs timers', async () => {
    const worker = new Worker(new URL('./fixtures/worker-select.mjs', import.meta.url));
    try {
      const messages: Record<string, unknown>[] = [];
      const next = (): Promise<Record<string, unknown>> =>
        new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('no message from the worker in 10 s')), 10_000);
          worker.once('message', (m) => {
            clearTimeout(timer);
            messages.push(m);
            resolve(m);
          });
        });
      const { port } = (await next()) as { port: number };
      let ticks = 0;
      const interval = setInterval(() => ticks++, 5);
      await new Promise((r) => setTimeout(r, 100));
      clearInterval(interval);
      expect(ticks).toBeGreaterThan(5);
      const answer = next();
      made(lsocket.bind('udp', '127.0.0.1', 0)).sendto('to the worker', '127.0.0.1', port);
      expect(await answer).toEqual({
        ready: 1,
        data: 'to the worker',
        addr: '127.0.0.1',
        resolved: [[{ family: 'inet', addr: '127.0.0.1' }]],
      });
    } finally {
      await worker.terminate();
    }
  });
});
