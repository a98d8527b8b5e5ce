// A thread's recv skips the recv(2) the original makes before it waits when the core
// knows the socket drained (Socket.drained), and only then: data sent to the socket
// since, from this thread or after a switch to other code, is read at once, without
// a wait, as in the original.
import { writeSync } from 'node:fs';
import { Socket as CoreSocket } from '@sockport/core';
import { afterEach, describe, expect, it } from 'vitest';
import socket, { type TCP } from '../src/index.js';
import { listener, made, run, track } from './helpers.js';

// Counts the core's recv(2) calls while a test runs.
let recvCalls = 0;
const coreRecv = CoreSocket.prototype.recv;
function countRecvs(): void {
  recvCalls = 0;
  CoreSocket.prototype.recv = function (this: CoreSocket, ...args: Parameters<CoreSocket['recv']>) {
    recvCalls++;
    return coreRecv.apply(this, args);
  };
}
afterEach(() => {
  CoreSocket.prototype.recv = coreRecv;
});

// A connected pair: the client and the accepted socket.
async function tcpPair(): Promise<[TCP, TCP]> {
  const [l, port] = await listener();
  const c = made(socket.tcp());
  let accepted: TCP | null = null;
  await socket.newthread(async () => {
    expect(await c.connect('127.0.0.1', port)).toEqual([true]);
    const [s] = await l.accept();
    accepted = track(s as TCP);
  });
  await run();
  expect(accepted).not.toBeNull();
  return [c, accepted!];
}

const text = (buf: Buffer, n: number | null): string => buf.subarray(0, n ?? 0).toString();

describe("a thread's recv on a drained socket", () => {
  it('waits without a recv(2) after a short read and its own send, and gets what comes next', async () => {
    // The core believes a drained mark for a millisecond: a slow run may miss it, so a
    // few rounds are allowed (a port without the skip misses it in every one).
    let skipped = false;
    for (let round = 0; round < 5 && !skipped; round++) {
      const [c, s] = await tcpPair();
      expect(await c.send('a')).toEqual([1]);
      const buf = Buffer.alloc(64);
      const got: string[] = [];
      await socket.newthread(async () => {
        const [n1] = await s.recv(buf, 64); // 1 of 64 bytes: drained
        got.push(text(buf, n1));
        expect(await s.send(buf, n1!)).toEqual([1]);
        countRecvs();
        const [n2] = await s.recv(buf, 64);
        got.push(text(buf, n2));
      });
      // The thread has parked in its second recv.
      skipped = recvCalls === 0;
      expect(got).toEqual(['a']);
      expect(await c.send('b')).toEqual([1]);
      await run();
      expect(got).toEqual(['a', 'b']);
      expect(recvCalls).toBe(skipped ? 1 : 2);
      CoreSocket.prototype.recv = coreRecv;
    }
    expect(skipped).toBe(true);
  });

  it('reads at once what the thread itself sent it through another socket', async () => {
    const [c, s] = await tcpPair();
    expect(await c.send('a')).toEqual([1]);
    const buf = Buffer.alloc(64);
    const got: string[] = [];
    await socket.newthread(async () => {
      const [n1] = await s.recv(buf, 64);
      got.push(text(buf, n1));
      expect(await c.send('b')).toEqual([1]);
      const [n2] = await s.recv(buf, 64);
      got.push(text(buf, n2));
    });
    // Finished without parking: newthread settled after both reads.
    expect(got).toEqual(['a', 'b']);
  });

  it('reads at once what came while it was suspended, even written around the core', async () => {
    const [c, s] = await tcpPair();
    expect(await c.send('a')).toEqual([1]);
    const buf = Buffer.alloc(64);
    const got: string[] = [];
    const t = await socket.newthread(async () => {
      const [n1] = await s.recv(buf, 64);
      got.push(text(buf, n1));
      await socket.suspend();
      const [n2] = await s.recv(buf, 64);
      got.push(text(buf, n2));
    });
    expect(got).toEqual(['a']);
    writeSync(c.s as number, 'b'); // not through the core: only the switch tells
    await socket.resume(t);
    expect(got).toEqual(['a', 'b']);
  });
});
