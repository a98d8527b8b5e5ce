// socket2 multi-threading on every backend: epoll_fd() shares one epoll instance between
// worker threads on the epoll backend and returns the error shape elsewhere; iocp() is
// Windows only.
import { Worker } from 'node:worker_threads';
import { poller } from '@sockport/core';
import socket from '@sockport/socket2';
import { describe, expect, it } from 'vitest';
import { after, made, portOf, run, setupSocket2 } from '../src/socket2/helpers.js';

setupSocket2();

function worker(epfd: number, fd: number, port: number) {
  // socket2's own fixture: the same worker its package tests use.
  const w = new Worker(new URL('../../socket2/test/fixtures/epoll-worker.mjs', import.meta.url), { workerData: { epfd, fd, port } });
  const reports: Record<string, unknown>[] = [];
  const ready = new Promise<void>((resolve, reject) => {
    w.on('error', reject);
    w.on('message', (m: Record<string, unknown>) => {
      reports.push(m);
      if (m.ready) resolve();
    });
  });
  const timer = setTimeout(() => void w.terminate(), 30_000);
  const exit = new Promise<number>((resolve) => w.on('exit', (code) => {
    clearTimeout(timer);
    resolve(code);
  }));
  return { w, reports, ready, exit };
}

describe(`socket2 epoll_fd and iocp on ${process.env.SOCKPORT_POLLER}`, () => {
  it('epoll_fd(): the descriptor on epoll, the error shape on the other backends', () => {
    if (poller() === 'epoll') {
      const epfd = socket.epoll_fd() as number;
      expect(epfd).toEqual(expect.any(Number));
      expect(socket.epoll_fd(epfd)).toBe(epfd);
    } else {
      const refusal = [null, `not supported by the ${poller()} poller (it needs the epoll poller)`, 95];
      expect(socket.epoll_fd()).toEqual(refusal);
      expect(socket.epoll_fd(3)).toEqual(refusal);
    }
  });

  it('two worker threads serve one listening socket through one shared epoll descriptor', async () => {
    if (poller() !== 'epoll') return console.log(`shared epoll: the ${poller()} poller has no epoll descriptor to share; nothing to serve`);
    const epfd = socket.epoll_fd() as number;
    const listener = made(socket.tcp());
    expect(await listener.listen('127.0.0.1', 0)).toEqual([true]);
    const port = portOf(listener);
    const workers = [worker(epfd, listener.s!, port), worker(epfd, listener.s!, port)];
    await Promise.all(workers.map((x) => x.ready));
    let echoed = 0;
    for (let i = 0; i < 30; i++) {
      await socket.newthread(async () => {
        const c = made(socket.tcp());
        await c.connect('127.0.0.1', port, after(10));
        await c.send(`m${i}`, null, after(10));
        const buf = Buffer.alloc(16);
        const [n] = await c.recv(buf, 16, after(10));
        if (buf.toString('utf8', 0, n!) === `m${i}`) echoed++;
        c.close();
      });
    }
    await run();
    expect(echoed).toBe(30);
    for (const x of workers) x.w.postMessage('stop');
    expect(await Promise.all(workers.map((x) => x.exit))).toEqual([0, 0]);
    const served = workers.map((x) => x.reports.find((m) => m.final)!.served as number);
    expect(served[0]! + served[1]!).toBe(30);
  });

  it("iocp(): 'not supported on this platform'", () => {
    expect(socket.iocp()).toEqual([null, 'not supported on this platform', 95]);
  });
});
