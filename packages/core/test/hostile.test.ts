// Hostile input for every native entry point: each gets a TypeError or an errno, never
// a crash or a hang. The binding is exercised directly, below the TypeScript layer.
import { describe, expect, it } from 'vitest';
import { binding, type NativeSocket } from '../src/binding.js';
import {
  AF_INET,
  AF_UNIX,
  decodeAddress,
  encodeAddress,
  encodeRawAddress,
  EncodedAddress,
  errno,
  getaddrinfo,
  getaddrinfoSync,
  if_indextoname,
  if_nametoindex,
  READABLE,
  SOCK_DGRAM,
  SOCK_STREAM,
  Socket,
  waitAny,
  waitSync,
  WRITABLE,
  DeadlineHeap,
  monotonic,
  poller,
  ReadBuffer,
  writeAll,
} from '../src/index.js';
import { loopback, open, ok } from './helpers.js';

const garbage: unknown[] = [
  undefined, null, true, 0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, -(2 ** 31) - 1, 2 ** 32, 2 ** 53, -(2 ** 53),
  '', 'x', '\0', 'a'.repeat(10_000), {}, [], [1, 2], () => 0, Symbol('s'), 10n,
  Buffer.alloc(0), Buffer.alloc(3), new Uint8Array(200), new Float64Array(4), new DataView(new ArrayBuffer(8)),
  new ArrayBuffer(16), new (binding.NativeSocket)(),
];

function pick(i: number): unknown {
  return garbage[i % garbage.length];
}

/** Calls fn; it may return anything or throw a TypeError, nothing else. */
function survive(fn: () => unknown): void {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
  }
}

describe('hostile input to the binding', () => {
  it('every NativeSocket method survives every mix of garbage arguments', () => {
    const live = new binding.NativeSocket();
    ok(live.open(AF_INET, SOCK_DGRAM, 0));
    const methods = Object.getOwnPropertyNames(Object.getPrototypeOf(live)).filter((m) => m !== 'constructor' && m !== 'close' && m !== 'detach');
    let calls = 0;
    for (const m of methods) {
      const fn = (live as unknown as Record<string, (...a: unknown[]) => unknown>)[m]!;
      for (let i = 0; i < garbage.length; i++) {
        for (let j = 0; j < 6; j++) {
          survive(() => fn.call(live, pick(i), pick(i + j), pick(i + 2 * j), pick(j), pick(i * j), pick(i + 7)));
          calls++;
        }
      }
    }
    // The hot calls, named by id: a live one, or garbage in its place.
    const hot = ['recv', 'send', 'sendto', 'recvfrom', 'arm', 'ready'] as const;
    for (const f of hot) {
      const fn = (binding as unknown as Record<string, (...a: unknown[]) => unknown>)[f]!;
      for (let i = 0; i < garbage.length; i++) {
        for (let j = 0; j < 6; j++) {
          const id = j % 2 === 0 ? live.id() : pick(i + j);
          survive(() => fn(id, pick(i), pick(i + j), pick(i + 2 * j), pick(j), pick(i * j), pick(i + 7)));
          calls++;
        }
      }
    }
    expect(calls).toBeGreaterThan(3000);
    // The socket still works after all that.
    expect(live.fd()).toBeGreaterThan(2);
    expect(live.close()).toBe(0);
  });

  it('methods called on something that is not a NativeSocket throw TypeError', () => {
    const listen = binding.NativeSocket.prototype.listen as unknown as (...a: unknown[]) => unknown;
    for (const self of [undefined, null, {}, [], Buffer.alloc(8), Object.create(binding.NativeSocket.prototype), new Proxy({}, { get: () => { throw new Error('trap'); } })]) {
      expect(() => listen.call(self, 1)).toThrow(TypeError);
    }
  });

  it('the hot calls refuse an id that names no live socket of this thread', () => {
    const live = new binding.NativeSocket();
    ok(live.open(AF_INET, SOCK_DGRAM, 0));
    const id = live.id();
    // Neighbours of a real id: another generation or index, a fraction, out of range.
    for (const bad of [undefined, null, '1', {}, -1, Number.NaN, Infinity, 1.5, id + 0.5, id + 2 ** 21, id - 2 ** 21, 2 ** 53, 2 ** 60, -(2 ** 53)]) {
      expect(() => binding.recv(bad as number, Buffer.alloc(4), 0, 4, 0), String(bad)).toThrow(TypeError);
      expect(() => binding.ready(bad as number), String(bad)).toThrow(TypeError);
    }
    expect(binding.ready(id)).toBe(READABLE | WRITABLE);
    expect(live.close()).toBe(0);
    expect(binding.recv(id, Buffer.alloc(4), 0, 4, 0)).toBe(-errno.EBADF);
  });

  it('lengths outside the buffer are refused before any syscall', () => {
    const s = open(AF_INET, SOCK_DGRAM);
    const buf = Buffer.alloc(16);
    for (const [off, len] of [[0, 17], [17, 0], [-1, 4], [0, -1], [8, 9], [Number.NaN, 1], [0, 2 ** 53], [2 ** 60, 1], [0.5, 1]]) {
      expect(() => s.recv(buf, 0, off, len), `${off}/${len}`).toThrow(TypeError);
      expect(() => s.send(buf, 0, off, len), `${off}/${len}`).toThrow(TypeError);
    }
    const sub = Buffer.alloc(32).subarray(8, 12);
    expect(() => s.recv(sub, 0, 0, 5)).toThrow(/exceeds/);
  });

  it('address lengths are checked against their buffer and sockaddr_storage', () => {
    const s = new binding.NativeSocket();
    ok(s.open(AF_INET, SOCK_STREAM, 0));
    const small = new Uint8Array(4);
    expect(() => s.bind(small, 16)).toThrow(TypeError);
    expect(() => s.bind(new Uint8Array(200), 200)).toThrow(TypeError);
    expect(() => s.bind(new Uint8Array(16), 1)).toThrow(TypeError);
    expect(() => s.connect(new Uint8Array(16), -5)).toThrow(TypeError);
    // An all-zero sockaddr is AF_UNSPEC: the kernel decides (Linux takes it as INADDR_ANY).
    expect(typeof s.bind(new Uint8Array(16), 16)).toBe('number');
    s.close();
    expect(binding.decodeAddress(new Uint8Array([255, 255, 1, 2]), 4)[0]).toBe(65535);
    expect(() => binding.decodeAddress(new Uint8Array(2), 3)).toThrow(TypeError);
    expect(decodeAddress(new Uint8Array(128).fill(0xff), 128)).toEqual({ family: 65535 });
  });

  it('raw addresses: the family and bytes as given, never longer than sockaddr_storage', () => {
    const raw = encodeRawAddress(AF_UNIX, new Uint8Array(109).fill(97)) as EncodedAddress;
    expect(raw).toBeInstanceOf(EncodedAddress);
    expect(raw.length).toBe(111);
    expect(decodeAddress(raw.bytes, 2)).toEqual(expect.objectContaining({ family: 'unix' }));
    // One more than sockaddr_un: the kernel judges it, the binding only checks the buffer.
    const s = open(AF_UNIX, SOCK_DGRAM);
    expect(s.sendto(Buffer.from('x'), raw)).toBe(-errno.EINVAL);
    expect(encodeRawAddress(AF_UNIX, new Uint8Array(127))).toBe(-errno.EINVAL);
    expect(() => encodeRawAddress(-1, new Uint8Array(1))).toThrow(TypeError);
    expect(() => encodeRawAddress(1.5, new Uint8Array(1))).toThrow(TypeError);
    expect(() => encodeRawAddress(AF_UNIX, 'x' as unknown as Uint8Array)).toThrow(TypeError);
  });

  it('host names with NUL bytes, bad ports and long unix paths', async () => {
    expect(encodeAddress({ family: 'inet', host: '127.0.0.1\0evil', port: 1 })).toBe(-errno.EINVAL);
    expect(encodeAddress({ family: 'inet', host: 'localhost', port: 1 })).toBe(-errno.EINVAL);
    expect(() => encodeAddress({ family: 'inet', host: '127.0.0.1', port: 70000 })).toThrow(TypeError);
    expect(() => encodeAddress({ family: 'inet', host: '127.0.0.1', port: -1 })).toThrow(TypeError);
    expect(() => encodeAddress({ family: 'inet', host: '127.0.0.1', port: Number.NaN })).toThrow(TypeError);
    expect(() => encodeAddress({ family: 'bogus' } as never)).toThrow(TypeError);
    expect(() => encodeAddress(null as never)).toThrow(TypeError);
    expect(() => binding.encodeInet(new Uint8Array(128), AF_INET, 'a\0b', 1, 0, 0)).toThrow(TypeError);
    expect(binding.encodeInet(new Uint8Array(4), AF_INET, '1.2.3.4', 1, 0, 0)).toBe(-errno.ENOBUFS);
    expect(binding.encodeUnix(new Uint8Array(128), new Uint8Array(109))).toBe(-errno.ENAMETOOLONG);
    expect(encodeAddress({ family: 'unix', path: 'p'.repeat(108) })).toBe(-errno.ENAMETOOLONG);
    expect(encodeAddress({ family: 'unix', path: 'p'.repeat(1 << 20) })).toBe(-errno.ENAMETOOLONG);
    expect(encodeAddress({ family: 'inet6', host: 'fe80::1%no-such-if', port: 1 })).toBe(-errno.EINVAL);
    expect(() => getaddrinfoSync('local\0host', null)).toThrow(TypeError);
    await expect(getaddrinfo('localhost', 'ht\0tp')).rejects.toThrow(TypeError);
    expect(() => getaddrinfoSync(Buffer.from('local\0host'), null)).toThrow(TypeError);
    expect(() => getaddrinfoSync(new Uint16Array(4) as never, null)).toThrow(TypeError);
    expect(() => binding.getaddrinfoSync(new Uint16Array(4) as never, null, 0, 0, 0, 0)).toThrow(new TypeError('host must be a string or a Uint8Array'));
    expect(() => binding.getaddrinfoSync(new Float64Array(4) as never, null, 0, 0, 0, 0)).toThrow(TypeError);
    expect(() => getaddrinfoSync('localhost', null, { family: 1.5 })).toThrow(TypeError);
    expect(() => if_nametoindex('lo\0')).toThrow(TypeError);
    expect(if_nametoindex('x'.repeat(1000))).toBe(0);
    expect(if_indextoname(2 ** 31)).toBeNull();
    expect(() => if_indextoname(-1)).toThrow(TypeError);
  });

  it('socketpair, accept and waitSync check the objects they are given', () => {
    const a = new binding.NativeSocket();
    expect(() => binding.socketpair(a, a, AF_UNIX, SOCK_STREAM, 0)).toThrow(TypeError);
    expect(() => binding.socketpair({} as NativeSocket, a, AF_UNIX, SOCK_STREAM, 0)).toThrow(TypeError);
    const l = new binding.NativeSocket();
    ok(l.open(AF_INET, SOCK_STREAM, 0));
    expect(() => l.accept({} as NativeSocket)).toThrow(TypeError);
    expect(() => l.accept(l)).toThrow(TypeError);
    expect(() => binding.waitSync('epoll', [{} as NativeSocket], [1], 0, new Int32Array(1))).toThrow(TypeError);
    expect(() => binding.waitSync('epoll', [l], [7], 0, new Int32Array(1))).toThrow(TypeError);
    expect(() => binding.waitSync('epoll', [l], [1], 0, new Int32Array(0))).toThrow(TypeError);
    expect(binding.waitSync('nope', [l], [1], 0, new Int32Array(1))).toBe(-errno.ENOENT);
    expect(() => waitSync([[open(AF_INET, SOCK_DGRAM), 5 as never]], 0)).toThrow(TypeError);
    expect(() => waitSync([], Number.NaN)).toThrow(TypeError);
    expect(() => l.open(AF_INET, SOCK_STREAM, 0)).toThrow(TypeError);
    expect(() => l.borrow(0)).toThrow(TypeError);
    l.close();
  });

  it('waits reject bad masks, and a closed or foreign descriptor gets an errno', async () => {
    const s = open(AF_INET, SOCK_DGRAM);
    await expect(s.wait(0 as never)).rejects.toThrow(TypeError);
    await expect(s.wait(4 as never)).rejects.toThrow(TypeError);
    await expect(waitAny([[s, 9 as never]], 1)).rejects.toThrow(TypeError);
    // A bad mask or a NaN deadline would make a wait that never settles: refused.
    expect(() => s.ioReady(0 as never)).toThrow(TypeError);
    expect(() => s.ioReady(5 as never)).toThrow(TypeError);
    expect(() => s.ioReady(READABLE, Number.NaN)).toThrow(TypeError);
    expect(() => s.ioReadyThen(0 as never, Infinity, () => {})).toThrow(TypeError);
    expect(() => s.ioReadyThen(READABLE, Number.NaN, () => {})).toThrow(TypeError);
    await expect(s.wait(READABLE, Number.NaN)).rejects.toThrow(TypeError);
    await expect(s.wait(READABLE, '1' as never)).rejects.toThrow(TypeError);
    await expect(waitAny([[s, READABLE]], Number.NaN)).rejects.toThrow(TypeError);
    await expect(waitAny([], Number.NaN)).rejects.toThrow(TypeError);
    const c = Socket.open(AF_INET, SOCK_DGRAM) as Socket;
    c.close();
    for (const r of [c.send('x'), c.recv(Buffer.alloc(1)), c.bind(loopback(AF_INET)), c.listen(1), c.shutdown(0), c.close(), c.detach(), c.setNonblock(true), c.setInheritable(true)]) {
      expect(r).toBe(-errno.EBADF);
    }
    expect(c.getsockopt('SO_TYPE')).toEqual({ ok: false, errno: errno.EBADF });
    expect(await c.wait(READABLE)).toBe(4);
    expect(Socket.borrow(-1)).toBe(-errno.EBADF);
    expect(Socket.borrow(2 ** 30)).toBe(-errno.EBADF);
    expect(() => Socket.borrow(1.5)).toThrow(TypeError);
  });

  it("waitSync reads every element before its output buffer, which a getter can detach or shrink", () => {
    const l = new binding.NativeSocket();
    ok(l.open(AF_INET, SOCK_DGRAM, 0));
    const count = 256;
    const masks = new Array(count).fill(WRITABLE);
    // A getter that detaches `out` while the elements are read.
    const out = new Int32Array(count);
    const detaching = new Array(count).fill(l);
    Object.defineProperty(detaching, 1, { get: () => (structuredClone(out.buffer, { transfer: [out.buffer] }), l) });
    expect(() => binding.waitSync('poll', detaching, masks, 0, out)).toThrow(TypeError);
    // One that shrinks a resizable buffer under it.
    // (Resizable buffers are ES2024: newer than this project's TypeScript lib.)
    const Resizable = ArrayBuffer as unknown as new (n: number, o: { maxByteLength: number }) => ArrayBuffer & { resize(n: number): void };
    const resizable = new Resizable(count * 4, { maxByteLength: count * 4 });
    const shrinking = new Array(count).fill(l);
    Object.defineProperty(shrinking, 1, { get: () => (resizable.resize(0), l) });
    expect(() => binding.waitSync('poll', shrinking, masks, 0, new Int32Array(resizable))).toThrow(TypeError);
    // An output at an odd offset gets every result.
    const bytes = new Uint8Array(4 * 2 + 1);
    expect(binding.waitSync('poll', [l, l], [WRITABLE, READABLE], 0, bytes.subarray(1) as unknown as Int32Array)).toBe(1);
    expect(new DataView(bytes.buffer, 1).getInt32(0, true)).toBe(WRITABLE);
    // A length no process has descriptors for.
    const huge: NativeSocket[] = [];
    huge.length = 2 ** 31;
    const hugeMasks: number[] = [];
    hugeMasks.length = 2 ** 31;
    expect(() => binding.waitSync('poll', huge, hugeMasks, 0, new Int32Array(1))).toThrow(TypeError);
    l.close();
  });

  it('waitSync takes an infinite timeout as no limit, and refuses NaN', () => {
    expect(binding.waitSync('poll', [], [], Infinity, new Int32Array(0))).toBe(-errno.EINVAL);
    expect(() => binding.waitSync('poll', [], [], Number.NaN, new Int32Array(0))).toThrow(TypeError);
    const l = new binding.NativeSocket();
    ok(l.open(AF_INET, SOCK_DGRAM, 0));
    // Writable at once: an infinite wait returns.
    expect(binding.waitSync('poll', [l], [WRITABLE], Infinity, new Int32Array(1))).toBe(1);
    l.close();
  });

  it('the buffers native code writes cannot be detached from it', () => {
    const scratch = binding.scratch;
    // A transfer copies (the memory is the addon's): the scratch keeps working.
    structuredClone(scratch, { transfer: [scratch] });
    expect(scratch.byteLength).toBeGreaterThan(0);
    const [a, b] = Socket.pair(AF_UNIX, SOCK_STREAM) as [Socket, Socket];
    const l = open(AF_INET, SOCK_STREAM);
    ok(l.bind(loopback(AF_INET)));
    const name = l.getsockname();
    expect(typeof name === 'number' ? name : name.family).toBe('inet');
    for (const s of [a, b, l]) s.close();
  });

  it("a socket's native handle is not reachable through it", () => {
    const s = open(AF_INET, SOCK_DGRAM);
    expect('native' in s).toBe(false);
    expect(Object.values(s).some((v) => v instanceof binding.NativeSocket)).toBe(false);
    s.close();
  });

  it('ReadBuffer, writeAll and DeadlineHeap refuse numbers that would corrupt them', async () => {
    const [a, b] = Socket.pair(AF_UNIX, SOCK_STREAM) as [Socket, Socket];
    const rb = new ReadBuffer(4);
    for (const limit of [Number.NaN, -1, 1.5, undefined])
      expect(() => rb.read(b, { limit: limit as number })).toThrow(TypeError);
    expect(() => rb.read(b, { limit: 4, delimiters: ['\n' as never] })).toThrow(TypeError);
    for (const n of [-1, Number.NaN, 0.5]) {
      expect(() => rb.take(n)).toThrow(TypeError);
      expect(() => rb.skip(n)).toThrow(TypeError);
    }
    // A full buffer asked to fill with no room wanted still reads (never a false end).
    a.send('abcdef');
    await b.wait(READABLE, monotonic() + 5);
    expect(rb.fill(b, 4)).toBe(4);
    expect(rb.fill(b, 0)).toBe(2);
    expect(rb.take(6).toString()).toBe('abcdef');
    expect(() => writeAll(a, new DataView(new ArrayBuffer(4)) as never)).toThrow(TypeError);
    const heap = new DeadlineHeap<{ deadline: number; heapIndex: number; heapSeq: number }>();
    expect(() => heap.push({ deadline: Number.NaN, heapIndex: -1, heapSeq: 0 })).toThrow(TypeError);
    const item = { deadline: 1, heapIndex: -1, heapSeq: 0 };
    heap.push(item);
    expect(() => new DeadlineHeap<typeof item>().push(item)).toThrow(Error);
    a.close();
    b.close();
  });

  it('writeAll does not call a write done when its buffer went away meanwhile', async () => {
    const [a, b] = Socket.pair(AF_UNIX, SOCK_STREAM) as [Socket, Socket];
    const buffer = new ArrayBuffer(8 << 20);
    const pending = writeAll(a, new Uint8Array(buffer), monotonic() + 5);
    expect(pending).toBeInstanceOf(Promise); // the kernel took only part of it
    structuredClone(buffer, { transfer: [buffer] });
    const sink = Buffer.alloc(1 << 16);
    for (let i = 0; i < 50 && b.recv(sink) > 0; i++);
    const outcome = await pending;
    expect(outcome.status).toBe('error');
    expect(outcome.sent).toBeLessThan(8 << 20);
    a.close();
    b.close();
  });

  it('a tiny positive receive timeout stays a timeout (0 would mean none)', () => {
    const s = open(AF_INET, SOCK_DGRAM);
    expect(() => s.setsockoptRaw(1, 2, 'nope' as never, 1)).toThrow(/unknown option kind "nope"/);
    expect(s.setsockopt('SO_RCVTIMEO', 1e-7)).toBe(0);
    const got = s.getsockopt('SO_RCVTIMEO');
    expect(got.ok && (got.value as number) > 0).toBe(true);
    s.close();
  });

  it('a second reactor start in the same thread is refused', async () => {
    expect(await open(AF_INET, SOCK_DGRAM).wait(WRITABLE)).toBe(WRITABLE);
    expect(() => binding.startReactor('epoll', () => {}, -1)).toThrow(TypeError);
  });

  it("waitSync reads every element before any socket's number: a getter closing an earlier socket leaves it closed", () => {
    const pair = (): [NativeSocket, NativeSocket] => {
      const a = new binding.NativeSocket();
      const b = new binding.NativeSocket();
      expect(binding.socketpair(a, b, AF_UNIX, SOCK_STREAM, 0)).toBe(0);
      return [a, b];
    };
    const out = new Int32Array(2);
    const [a, a2] = pair();
    const [c, c2] = pair();
    let x: NativeSocket[] = [];
    const sockets = [a, c];
    Object.defineProperty(sockets, 1, {
      get() {
        a.close();
        // A new pair may take the closed number: its readiness is not the closed socket's.
        x = pair();
        return c;
      },
    });
    expect(binding.waitSync(poller(), sockets, [2, 2], 0.05, out)).toBe(1);
    expect([...out]).toEqual([0, 2]);
    for (const s of [a2, c, c2, ...x]) s.close();
  });

  it('a ReadBuffer whose grow() uses the buffer itself keeps only what it holds afterwards', () => {
    const b: ReadBuffer = new ReadBuffer(8, {
      grow: () => {
        b.take(b.length);
        return 64;
      },
    });
    b.append(Buffer.from('ABCDEFGH'));
    b.append(Buffer.from('XY'));
    expect(b.view()).toEqual(Buffer.from('XY'));
  });
});
