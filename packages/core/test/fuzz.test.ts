// Property-based fuzzing of every native entry point from JS (fast-check): random
// types, sizes, addresses, option names and values, closed and reused handles. The
// contract: a result or a TypeError, never a crash, a hang or any other exception.
// FUZZ_RUNS scales the case counts (default: tens of thousands in all).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binding } from '../src/binding.js';
import {
  AF_INET,
  AF_INET6,
  AF_UNIX,
  constants,
  decodeAddress,
  encodeAddress,
  errno,
  EncodedAddress,
  ReadBuffer,
  SOCK_DGRAM,
  SOCK_STREAM,
  Socket,
  socketOptions,
  type OptionName,
  type SockAddr,
} from '../src/index.js';
import { loopback, ok } from './helpers.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 4000);
const AI_NUMERICHOST = constants.addrinfo.AI_NUMERICHOST!;

function resultOrTypeError(fn: () => unknown): boolean {
  try {
    fn();
    return true;
  } catch (error) {
    return error instanceof TypeError;
  }
}

const hostile = fc.oneof(
  fc.anything(),
  fc.integer(),
  fc.double(),
  fc.constantFrom(Number.NaN, -1, -0, 2 ** 31, 2 ** 32, 2 ** 53, -(2 ** 53), Number.MAX_VALUE, Infinity),
  fc.uint8Array({ maxLength: 300 }),
  fc.string({ maxLength: 200 }),
  fc.constant(new Float64Array(3)),
  fc.constant(new DataView(new ArrayBuffer(7))),
  fc.constant(new ArrayBuffer(130)),
);

describe('fuzzing the binding', () => {
  it('NativeSocket methods take any arguments', () => {
    const sock = new binding.NativeSocket();
    ok(sock.open(AF_INET, SOCK_DGRAM, 0));
    // Calls that take addresses or put bytes on a network are fuzzed below, with
    // loopback or impossible addresses only.
    const names = Object.getOwnPropertyNames(Object.getPrototypeOf(sock)).filter(
      (n) => !['constructor', 'close', 'detach', 'bind', 'connect'].includes(n),
    );
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.array(hostile, { maxLength: 7 }), (name, args) => {
        const fn = (sock as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!;
        return resultOrTypeError(() => fn.apply(sock, args));
      }),
      { numRuns: RUNS * 2 },
    );
    // The hot calls that put no bytes on a network, by the socket's id or by anything.
    const id = fc.oneof(fc.constant(sock.id()), hostile);
    fc.assert(
      fc.property(fc.constantFrom('recv', 'recvfrom', 'arm', 'ready'), id, fc.array(hostile, { maxLength: 6 }), (name, first, args) => {
        const fn = (binding as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!;
        return resultOrTypeError(() => fn(first, ...args));
      }),
      { numRuns: RUNS },
    );
    expect(sock.close()).toBe(0);
  });

  it('bind, connect, send and sendto take any arguments, with loopback or impossible addresses', () => {
    const sock = new binding.NativeSocket();
    ok(sock.open(AF_INET, SOCK_DGRAM, 0));
    // Random sockaddr bytes, but never a family that could reach another machine.
    const address = fc.oneof(
      fc.integer({ min: 0, max: 65535 }).map((port) => encodeAddress({ family: 'inet', host: '127.0.0.1', port }) as EncodedAddress),
      fc.integer({ min: 0, max: 65535 }).map((port) => encodeAddress({ family: 'inet6', host: '::1', port }) as EncodedAddress),
      fc.uint8Array({ minLength: 2, maxLength: 140 }).map((b) => {
        new DataView(b.buffer, b.byteOffset).setUint16(0, b[0]! % 2 ? AF_UNIX : 200, true);
        return new EncodedAddress(b, b.length);
      }),
    );
    fc.assert(
      fc.property(fc.constantFrom('bind', 'connect', 'sendto', 'send'), address, fc.array(hostile, { maxLength: 4 }), (name, a, rest) =>
        resultOrTypeError(() => {
          if (name === 'bind') sock.bind(a.bytes, rest.length ? (rest[0] as number) : a.length);
          else if (name === 'connect') sock.connect(a.bytes, rest.length ? (rest[0] as number) : a.length);
          else if (name === 'sendto') binding.sendto(sock.id(), Buffer.from('fuzz'), 0, 4, 0, a.bytes, rest.length ? (rest[0] as number) : a.length);
          else binding.send(sock.id(), rest[0] as Uint8Array, rest[1] as number, rest[2] as number, rest[3] as number);
        }),
      ),
      { numRuns: RUNS },
    );
    expect(sock.close()).toBe(0);
  });

  it('module functions take any arguments', () => {
    const fns = ['encodeInet', 'encodeUnix', 'decodeAddress', 'strerror', 'gaiStrerror', 'getaddrinfoSync', 'getprotobyname', 'getprotobynumber', 'if_nametoindex', 'if_indextoname', 'socketpair', 'waitSync', 'slotOfFd', 'isReactorEpoll'] as const;
    fc.assert(
      fc.property(fc.constantFrom(...fns), fc.array(hostile, { maxLength: 7 }), (name, args) => {
        // Never ask a name server (tests stay on this machine): hosts must be numeric.
        if (name === 'getaddrinfoSync') args[5] = AI_NUMERICHOST | (Number.isInteger(args[5]) ? (args[5] as number) : 0);
        // waitSync blocks for its timeout by design: keep it short.
        if (name === 'waitSync' && typeof args[3] === 'number') args[3] = Math.min(args[3], 0);
        const fn = (binding as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!;
        return resultOrTypeError(() => fn(...args));
      }),
      { numRuns: RUNS },
    );
  });
});

describe('fuzzing addresses', () => {
  it('IPv4 and IPv6 addresses survive encode and decode', () => {
    fc.assert(
      fc.property(fc.oneof(fc.ipV4().map((h) => ['inet', h] as const), fc.ipV6().map((h) => ['inet6', h] as const)), fc.integer({ min: 0, max: 65535 }), ([family, host], port) => {
        const a = encodeAddress({ family, host, port } as SockAddr);
        if (!(a instanceof EncodedAddress)) return false;
        const back = decodeAddress(a.bytes, a.length) as SockAddr & { host: string; port: number };
        const again = encodeAddress(back);
        return back.family === family && back.port === port && again instanceof EncodedAddress && Buffer.from(again.bytes).equals(Buffer.from(a.bytes));
      }),
      { numRuns: RUNS },
    );
  });

  it('any address object encodes, fails with an errno, or throws TypeError', () => {
    const family = fc.constantFrom('inet', 'inet6', 'unix', 'other', 7);
    const addr = fc.record({ family, host: hostile, port: hostile, path: hostile, abstract: fc.boolean(), bytes: fc.option(fc.uint8Array({ maxLength: 130 }), { nil: undefined }) }, { requiredKeys: ['family'] });
    fc.assert(
      fc.property(addr, (a) =>
        resultOrTypeError(() => {
          const r = encodeAddress(a as unknown as SockAddr);
          if (typeof r === 'number') expect(r).toBeLessThan(0);
          else expect(r.length).toBeLessThanOrEqual(128);
        }),
      ),
      { numRuns: RUNS },
    );
  });

  it('unix paths: under 108 bytes bind, longer ones are ENAMETOOLONG', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 300 }).filter((s) => !s.includes('\0')), (name) => {
        const r = encodeAddress({ family: 'unix', path: `/nonexistent-dir/${name}` });
        const bytes = Buffer.byteLength(`/nonexistent-dir/${name}`);
        return bytes >= 108 ? r === -errno.ENAMETOOLONG : r instanceof EncodedAddress;
      }),
      { numRuns: RUNS },
    );
  });

  it('decoding arbitrary bytes never fails', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 2, maxLength: 128 }), (bytes) => typeof decodeAddress(bytes, bytes.length).family !== 'undefined'),
      { numRuns: RUNS },
    );
  });
});

describe('fuzzing options and handles', () => {
  it('any option with any value: a result or a TypeError', () => {
    const sockets = [Socket.open(AF_INET, SOCK_STREAM), Socket.open(AF_INET6, SOCK_DGRAM), Socket.open(AF_UNIX, SOCK_STREAM)] as Socket[];
    const names = Object.keys(socketOptions) as OptionName[];
    fc.assert(
      fc.property(fc.nat(2), fc.oneof(fc.constantFrom(...names), fc.string()), hostile, fc.boolean(), (i, name, value, get) =>
        resultOrTypeError(() => {
          const s = sockets[i]!;
          const r = get ? s.getsockopt(name as OptionName) : s.setsockopt(name as OptionName, value as never);
          if (typeof r === 'number') expect(r === 0 || r < 0).toBe(true);
        }),
      ),
      { numRuns: RUNS * 2 },
    );
    for (const s of sockets) expect(s.close()).toBe(0);
  });

  it('a closed handle never touches the socket that reuses its number', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('send', 'recv', 'bind', 'listen', 'shutdown', 'setNonblock', 'setsockopt', 'close', 'detach', 'accept'), { maxLength: 12 }), (ops) => {
        const old = Socket.open(AF_INET, SOCK_STREAM) as Socket;
        const fd = old.fd;
        old.close();
        const reuse = Socket.open(AF_INET, SOCK_STREAM) as Socket;
        try {
          if (reuse.fd !== fd) return true; // another test thread took the number: nothing to check
          for (const op of ops) {
            const r = ((): unknown => {
              switch (op) {
                case 'send': return old.send('x');
                case 'recv': return old.recv(Buffer.alloc(4));
                case 'bind': return old.bind(loopback(AF_INET));
                case 'listen': return old.listen(1);
                case 'shutdown': return old.shutdown(2);
                case 'setNonblock': return old.setNonblock(false);
                case 'setsockopt': return old.setsockopt('SO_REUSEADDR', true);
                case 'close': return old.close();
                case 'detach': return old.detach();
                case 'accept': return old.accept();
              }
            })();
            if (r !== -errno.EBADF) return false;
          }
          // The new socket is untouched: still non-blocking, unbound, not listening.
          return reuse.getNonblock() === true && (reuse.getsockname() as { port: number }).port === 0 && reuse.getsockopt('SO_REUSEADDR').ok && (reuse.getsockopt('SO_REUSEADDR') as { value: boolean }).value === false;
        } finally {
          reuse.close();
        }
      }),
      { numRuns: Math.ceil(RUNS / 4) },
    );
  });
});

describe('fuzzing the read-ahead buffer against a model', () => {
  it('findDelimiter picks the match that ends first, across appends', () => {
    const bytes = fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a.map((b) => 97 + (b % 3)))); // 'a'..'c'
    fc.assert(
      fc.property(fc.array(bytes, { maxLength: 6 }), fc.array(bytes.filter((b) => b.length <= 4), { minLength: 1, maxLength: 3 }), (chunks, delims) => {
        const rb = new ReadBuffer(8);
        const all: Buffer[] = [];
        for (const c of chunks) {
          rb.append(c);
          all.push(c);
          const data = Buffer.concat(all);
          let best = -1;
          for (const d of delims) {
            const at = d.length === 0 ? 0 : data.indexOf(d);
            if (at >= 0 && (best < 0 || at + d.length < best)) best = at + d.length;
          }
          if (rb.findDelimiter(delims) !== best) return false;
        }
        return true;
      }),
      { numRuns: RUNS },
    );
  });

  it('a one-byte delimiter (the line fast path) is found across appends and takes, in short and long spans', () => {
    // Newlines are rare, so long spans without one occur; taken bytes stay in memory, so
    // stale newlines lie past the data after a rewind.
    const chunk = fc.array(fc.integer({ min: 0, max: 99 }), { maxLength: 300, size: 'max' }).map((a) => Buffer.from(a.map((n) => (n === 0 ? 10 : 97))));
    const op = fc.oneof(chunk, fc.integer({ min: 0, max: 400 }));
    const NL = [Buffer.from('\n')];
    fc.assert(
      fc.property(fc.array(op, { maxLength: 12 }), fc.boolean(), (ops, rewindWhenEmpty) => {
        const rb = new ReadBuffer(16, { rewindWhenEmpty });
        let model = Buffer.alloc(0);
        for (const o of ops) {
          if (typeof o === 'number') {
            const taken = rb.take(o);
            if (!taken.equals(model.subarray(0, o))) return false;
            model = model.subarray(Math.min(o, model.length));
          } else {
            rb.append(o);
            model = Buffer.concat([model, o]);
          }
          const at = model.indexOf(10);
          if (rb.findDelimiter(NL) !== (at < 0 ? -1 : at + 1)) return false;
        }
        return true;
      }),
      { numRuns: RUNS },
    );
  });
});
