// epoll_fd(): one epoll instance shared by the main thread and two worker threads that
// serve one port; iocp() is Windows only.
import { Worker } from 'node:worker_threads';
import { poller } from '@sockport/core';
import { describe, expect, it } from 'vitest';
import socket from '../src/index.js';
import { after, made, run } from './helpers.js';

interface Report {
  ready?: boolean;
  joined?: unknown;
  listening?: unknown;
  again?: unknown;
  done?: unknown;
  served?: number;
  final?: boolean;
}

function startWorker(epfd: number, fd: number, port: number): { worker: Worker; reports: Report[]; ready: Promise<void>; exit: Promise<number> } {
  const worker = new Worker(new URL('./fixtures/epoll-worker.mjs', import.meta.url), { workerData: { epfd, fd, port } });
  const reports: Report[] = [];
  let readyResolve!: () => void;
  const ready = new Promise<void>((resolve, reject) => {
    readyResolve = resolve;
    worker.on('error', reject);
  });
  worker.on('message', (m: Report) => {
    reports.push(m);
    if (m.ready) readyResolve();
  });
  const timer = setTimeout(() => void worker.terminate(), 30_000);
  const exit = new Promise<number>((resolve) => worker.on('exit', (code) => {
    clearTimeout(timer);
    resolve(code);
  }));
  return { worker, reports, ready, exit };
}

describe('epoll_fd', () => {
  it('two workers serve one listening socket through the main thread\'s epoll descriptor', async () => {
    if (poller() !== 'epoll') {
      console.log(`epoll_fd: this run uses the ${poller()} poller, which has no epoll descriptor; the error shape is checked instead`);
      expect(socket.epoll_fd()).toEqual([null, `not supported by the ${poller()} poller (it needs the epoll poller)`, 95]);
      return;
    }
    const epfd = socket.epoll_fd() as number;
    expect(typeof epfd).toBe('number');
    expect(socket.epoll_fd()).toBe(epfd);
    expect(socket.epoll_fd(epfd)).toBe(epfd);
    // One listening socket, made here; each worker serves it through its own duplicate.
    const listener = made(socket.tcp());
    expect(await listener.listen('127.0.0.1', 0)).toEqual([true]);
    const port = listener.getsockname()[0]!.port();
    const workers = [startWorker(epfd, listener.s!, port), startWorker(epfd, listener.s!, port)];
    await Promise.all(workers.map((w) => w.ready));
    for (const w of workers) expect(w.reports[0]).toEqual({ ready: true, joined: epfd, listening: [true], again: epfd });

    // Both workers wake for the one listener and race to accept: rounds of clients go
    // on (a bounded number) until each worker has served some.
    const servedBy = (w: (typeof workers)[0]): number => w.reports.reduce((n, r) => Math.max(n, r.served ?? 0), 0);
    let clients = 0;
    let echoed = 0;
    for (let round = 0; round < 10 && !workers.every((w) => servedBy(w) > 0); round++) {
      for (let i = 0; i < 25; i++, clients++) {
        const msg = `message ${clients}`;
        await socket.newthread(async () => {
          const c = made(socket.tcp());
          expect(await c.connect('127.0.0.1', port, after(10))).toEqual([true]);
          await c.send(msg, null, after(10));
          const buf = Buffer.alloc(64);
          const [n] = await c.recv(buf, 64, after(10));
          if (buf.toString('utf8', 0, n!) === msg) echoed++;
          c.close();
        });
      }
      await run();
      // The workers' reports of the connections just closed arrive as messages.
      for (let wait = 0; wait < 100 && workers.reduce((n, w) => n + servedBy(w), 0) < clients; wait++) await new Promise((r) => setTimeout(r, 10));
    }
    expect(echoed).toBe(clients);

    for (const w of workers) w.worker.postMessage('stop');
    expect(await Promise.all(workers.map((w) => w.exit))).toEqual([0, 0]);
    const served = workers.map((w) => w.reports.find((r) => r.final)!);
    for (const s of served) expect(s.done).toEqual([true]);
    expect(served[0]!.served! + served[1]!.served!).toBe(clients);
    expect(served[0]!.served).toBeGreaterThan(0);
    expect(served[1]!.served).toBeGreaterThan(0);
  });

  it('refuses descriptors that are not a reactor\'s epoll descriptor', () => {
    if (poller() !== 'epoll') return console.log('epoll_fd refusal: needs the epoll poller; skipped');
    const own = socket.epoll_fd() as number;
    expect(() => socket.epoll_fd(own + 1000)).toThrow(expect.objectContaining({ message: expect.any(String), errno: expect.any(Number) }));
    expect(() => socket.epoll_fd(-1)).toThrow(TypeError);
    expect(() => socket.epoll_fd('3' as never)).toThrow(TypeError);
  });
});

describe('iocp', () => {
  it('is not supported on this platform', () => {
    expect(socket.iocp()).toEqual([null, 'not supported on this platform', 95]);
    expect(socket.iocp(123)).toEqual([null, 'not supported on this platform', 95]);
  });
});
