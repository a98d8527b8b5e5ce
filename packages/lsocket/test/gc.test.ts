// Sockets that become garbage are closed, as lsocket's __gc closes them; a socket
// given up with setfd(-1) is not.
import { closeSync } from 'node:fs';
import { Socket as CoreSocket } from '@sockport/core';
import { describe, expect, it } from 'vitest';
import lsocket, { type Socket } from '../src/index.js';
import { made, portOf, readable, tcpPair } from './helpers.js';

async function collectGarbage(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    globalThis.gc!();
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('garbage collection', () => {
  it('a socket nobody holds is closed: its peer sees the end of the stream', async () => {
    const server = made(lsocket.bind('127.0.0.1', 0));
    let dropped: unknown = lsocket.connect('127.0.0.1', portOf(server))[0];
    await readable(server);
    const accepted = made([server.accept()[0] as Socket]);
    expect(accepted.recv()).toEqual([false]);
    dropped = undefined;
    expect(dropped).toBeUndefined();
    await collectGarbage();
    await readable(accepted);
    expect(accepted.recv()).toEqual([null]);
  });

  it('a socket given up with setfd(-1) stays open after it is collected', async () => {
    let fd = -1;
    const [client] = await tcpPair();
    {
      const server = lsocket.bind('127.0.0.1', 0)[0]!;
      const port = (server.info('socket')[0] as { port: number }).port;
      const c = lsocket.connect('127.0.0.1', port)[0]!;
      await readable(server);
      const peer = server.accept()[0] as Socket;
      fd = peer.getfd();
      expect(peer.setfd(-1)).toEqual([true]);
      c.send('still there');
      server.close();
      c.close();
    }
    await collectGarbage();
    try {
      // The descriptor is still a socket holding the bytes sent to it.
      const borrowed = CoreSocket.borrow(fd) as CoreSocket;
      const buf = Buffer.alloc(64);
      const n = borrowed.recv(buf);
      expect(buf.subarray(0, n).toString()).toBe('still there');
      borrowed.close();
    } finally {
      closeSync(fd);
    }
    expect(client.recv()).toEqual([false]);
  });
});
