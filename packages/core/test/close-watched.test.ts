// Closing a socket the reactor watches closes it at once on every backend. On poll and
// select a wait in progress in the helper thread holds the descriptor's file open; were
// close() not to wait for the helper to let go, a closed listener would go on accepting
// connections for a moment.
import { describe, expect, it } from 'vitest';
import { AF_INET, CLOSED, errno, poller, READABLE, SOCK_STREAM, WRITABLE } from '../src/index.js';
import { deadline, open } from './helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// The whole suite runs once per backend (SOCKPORT_POLLER).
describe(`closing a watched listener on ${poller()}`, () => {
  it('refuses connections as soon as close() returns', async () => {
    for (let i = 0; i < 20; i++) {
      const listener = open(AF_INET, SOCK_STREAM);
      expect(listener.bind({ family: 'inet', host: '127.0.0.1', port: 0 })).toBe(0);
      expect(listener.listen(8)).toBe(0);
      const port = (listener.getsockname() as { port: number }).port;
      const waiting = listener.wait(READABLE);
      await sleep(2); // the helper thread (poll, select) is now waiting on it
      expect(listener.close()).toBe(0);
      const client = open(AF_INET, SOCK_STREAM);
      let rc = client.connect({ family: 'inet', host: '127.0.0.1', port });
      if (rc === -errno.EINPROGRESS) {
        expect(await client.wait(WRITABLE, deadline(5))).toBe(WRITABLE);
        const soError = client.getsockopt('SO_ERROR');
        rc = soError.ok ? -soError.value : soError.errno;
      }
      expect(rc).toBe(-errno.ECONNREFUSED);
      expect(await waiting).toBe(CLOSED);
      client.close();
    }
  });
});
