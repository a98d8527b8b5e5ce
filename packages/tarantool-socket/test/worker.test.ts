// The module in worker threads: each worker serves with its own reactor while the main
// thread does too, and a terminated worker's sockets close (the main thread's reader
// sees end of stream, and the file ends with the descriptors it began with).
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import socket, { errno } from '../src/index.js';

function start(): { worker: Worker; next: () => Promise<Record<string, number>> } {
  const worker = new Worker(new URL('./fixtures/worker-server.mjs', import.meta.url));
  const next = (): Promise<Record<string, number>> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no message from the worker in 10 s')), 10_000);
      worker.once('message', (m) => {
        clearTimeout(timer);
        resolve(m);
      });
      worker.once('error', reject);
    });
  return { worker, next };
}

describe('tcp_server in worker threads', () => {
  it('two workers serve at once, and a terminated one closes its connections', async () => {
    const a = start();
    const b = start();
    try {
      const [{ port: portA }, { port: portB }] = await Promise.all([a.next(), b.next()]);
      const clients = await Promise.all([socket.tcp_connect('127.0.0.1', portA, 5), socket.tcp_connect('127.0.0.1', portB, 5)]);
      const [ca, cb] = clients.map((c) => {
        if (c === null) throw new Error(`tcp_connect: ${errno.strerror()}`);
        return c;
      }) as [NonNullable<(typeof clients)[0]>, NonNullable<(typeof clients)[0]>];
      try {
        for (let i = 0; i < 20; i++) {
          expect(await ca.write(`a${i}\n`)).toBe(`a${i}\n`.length);
          expect(await cb.write(`b${i}\n`)).toBe(`b${i}\n`.length);
          expect((await Promise.all([ca.read('\n', 5), cb.read('\n', 5)])).map(String)).toEqual([`worker: a${i}\n`, `worker: b${i}\n`]);
        }
        a.worker.postMessage('served');
        expect(await a.next()).toEqual({ served: 1 });
        // A read waiting on the worker's connection ends with end of stream when the
        // worker goes: its environment's sockets close with it.
        const waiting = ca.read('\n', 10);
        await a.worker.terminate();
        expect(String(await waiting)).toBe('');
        // The other worker is untouched.
        expect(await cb.write('still\n')).toBe(6);
        expect(String(await cb.read('\n', 5))).toBe('worker: still\n');
      } finally {
        ca.close();
        cb.close();
      }
    } finally {
      await Promise.all([a.worker.terminate(), b.worker.terminate()]);
    }
  });
});
