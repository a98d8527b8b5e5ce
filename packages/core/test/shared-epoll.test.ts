// One epoll instance shared by the reactors of several threads (socket2's epoll_fd):
// each thread still gets exactly its own sockets' events, whichever thread drains them.
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { adoptEpollFd, epollFd, poller, pollers } from '../src/index.js';

function worker(epfd: number, name: string, messages: number): Promise<{ echoed: number }> {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL('./fixtures/worker-shared-epoll.mjs', import.meta.url), { workerData: { epfd, name, messages } });
    let result: { echoed: number } | undefined;
    const timer = setTimeout(() => void w.terminate(), 40_000);
    w.on('message', (m) => (result = m));
    w.on('error', reject);
    w.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0 && result) resolve(result);
      else reject(new Error(`worker ${name} exited ${code}`));
    });
  });
}

describe.runIf(pollers().includes('epoll'))('a shared epoll instance', () => {
  it('serves two workers at once through the main thread\'s epoll descriptor', async () => {
    if (poller() !== 'epoll') {
      console.log(`shared epoll: this run uses the ${poller()} poller, so only the refusal is checked`);
      expect(() => epollFd()).toThrow(/no epoll descriptor/);
      return;
    }
    const epfd = epollFd();
    expect(epfd).toBeGreaterThan(2);
    const results = await Promise.all([worker(epfd, 'a', 300), worker(epfd, 'b', 300)]);
    expect(results).toEqual([{ echoed: 300 }, { echoed: 300 }]);
  });

  it('refuses descriptors that are not a running reactor\'s, and late adoption', () => {
    expect(() => adoptEpollFd(-1)).toThrow(TypeError);
    expect(() => adoptEpollFd(0)).toThrow(/already runs|not the epoll descriptor/);
  });
});
