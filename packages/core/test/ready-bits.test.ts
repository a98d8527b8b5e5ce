// What the reactor knows ready is read by JS from memory the reactor writes: it must
// follow events, EAGAIN and short reads, and survive the memory being replaced when
// the registered sockets outgrow it.
import { describe, expect, it } from 'vitest';
import { binding } from '../src/binding.js';
import { AF_INET, AF_UNIX, errno, READABLE, SOCK_DGRAM, SOCK_STREAM, Socket, WRITABLE } from '../src/index.js';
import { accept, deadline, ok, open, tcpListener, track } from './helpers.js';

function pair(type = SOCK_STREAM): [Socket, Socket] {
  const p = Socket.pair(AF_UNIX, type);
  if (typeof p === 'number') throw new Error(`socketpair: errno ${-p}`);
  return [track(p[0]), track(p[1])];
}

describe('ready bits shared with the reactor', () => {
  it('follow EAGAIN, events and short reads', async () => {
    const [a, b] = pair();
    // Unregistered: unknown, so both directions are worth a try.
    expect(a.ready()).toBe(READABLE | WRITABLE);
    ok(a.watch());
    expect(a.ready()).toBe(READABLE | WRITABLE);
    expect(a.recv(Buffer.alloc(8))).toBe(-errno.EAGAIN);
    expect(a.ready()).toBe(WRITABLE);
    const waiting = a.wait(READABLE, deadline(5));
    expect(b.send(Buffer.from('hello'))).toBe(5);
    expect(await waiting).toBe(READABLE);
    expect(a.ready() & READABLE).toBe(READABLE);
    // Less than asked from a unix stream: maybe not drained (a read stops early at a
    // message carrying descriptors), so only EAGAIN forgets readability. (A short TCP
    // read does: see below.)
    expect(a.recv(Buffer.alloc(64))).toBe(5);
    expect(a.ready() & READABLE).toBe(READABLE);
    expect(a.recv(Buffer.alloc(64))).toBe(-errno.EAGAIN);
    expect(a.ready() & READABLE).toBe(0);
    a.close();
    expect(a.ready()).toBe(0);
  });

  it('forget the hang-up the kernel reports of a stream socket watched before it connects', async () => {
    const [l, addr] = tcpListener();
    const c = open(AF_INET, SOCK_STREAM);
    ok(c.watch());
    // Give the reactor time to collect what the kernel says of the unconnected socket.
    await new Promise((r) => setTimeout(r, 30));
    const rc = c.connect(addr);
    if (rc === -errno.EINPROGRESS) expect(await c.wait(WRITABLE, deadline(5))).toBe(WRITABLE);
    else ok(rc);
    const s = await accept(l);
    expect(s.send(Buffer.from('x'))).toBe(1);
    expect(await c.wait(READABLE, deadline(5))).toBe(READABLE);
    // A short read drains the stream: no hang-up is left to say end-of-stream is next.
    expect(c.recv(Buffer.alloc(64))).toBe(1);
    expect(c.ready() & READABLE).toBe(0);
    expect(c.recv(Buffer.alloc(64))).toBe(-errno.EAGAIN);
  });

  it('an event for data already read does not end a wait (reports from another thread are confirmed)', async () => {
    let stale = 0;
    for (let round = 0; round < 10; round++) {
      const [a, b] = pair();
      expect(await a.wait(READABLE, deadline(0.01))).toBe(0);
      // Data arrives and is read before the reactor collects its event (no turn between).
      expect(b.send(Buffer.from('x'))).toBe(1);
      expect(a.recv(Buffer.alloc(8))).toBe(1);
      if ((await a.wait(READABLE, deadline(0.05))) !== 0) stale++;
      // A real event still ends the wait.
      const waiting = a.wait(READABLE, deadline(5));
      expect(b.send(Buffer.from('y'))).toBe(1);
      expect(await waiting).toBe(READABLE);
      a.close();
      b.close();
    }
    expect(stale).toBe(0);
  });

  it('keep their values when the reactor outgrows its memory, and new sockets start unknown', async () => {
    const [a, b] = pair();
    ok(a.watch());
    expect(a.recv(Buffer.alloc(8))).toBe(-errno.EAGAIN);
    const many: Socket[] = [];
    // 600: past the first 256 slots twice, and below select's FD_SETSIZE.
    for (let i = 0; i < 600; i++) {
      const s = open(AF_UNIX, SOCK_DGRAM);
      ok(s.watch());
      many.push(s);
    }
    expect(many.every((s) => s.ready() === (READABLE | WRITABLE))).toBe(true);
    expect(a.ready()).toBe(WRITABLE);
    const last = many[many.length - 1]!;
    expect(last.recv(Buffer.alloc(8))).toBe(-errno.EAGAIN);
    expect(last.ready()).toBe(WRITABLE);
    // Events still reach the old socket through the new memory.
    const waiting = a.ioReady(READABLE, deadline(5));
    expect(typeof waiting).not.toBe('number');
    expect(b.send(Buffer.from('x'))).toBe(1);
    expect(await waiting).toBe(READABLE);
    expect(a.ready() & READABLE).toBe(READABLE);
  });

  it('survive hostile use of their memory: a detached or scribbled buffer frees nothing', async () => {
    const [a, b] = pair();
    ok(a.watch());
    const buffer = binding.reactorReady()!;
    new Uint8Array(buffer).fill(0xff);
    try {
      structuredClone(buffer, { transfer: [buffer] });
    } catch {
      // Not detachable: as good.
    }
    // Wrong hints cost a syscall, never memory: the socket still works, events still land.
    for (let i = 0; i < 300; i++) ok(open(AF_UNIX, SOCK_DGRAM).watch());
    expect(a.recv(Buffer.alloc(8))).toBe(-errno.EAGAIN);
    const waiting = a.wait(READABLE, deadline(5));
    expect(b.send(Buffer.from('x'))).toBe(1);
    expect(await waiting).toBe(READABLE);
    expect(a.recv(Buffer.alloc(8))).toBe(1);
    expect(a.recv(Buffer.alloc(8))).toBe(-errno.EAGAIN);
  });
});
