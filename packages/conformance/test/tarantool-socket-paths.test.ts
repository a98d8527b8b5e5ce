// Every socket method through its receiver, closed-socket and not-ready paths, table by
// table, on every poller backend. (The line-by-line comparison with the real Tarantool is
// tarantool-socket-differential.test.ts; this file asserts the paths directly.)
import socket, { SocketObject, TcpClient, TcpMaster, TcpServer, errno } from '@sockport/tarantool-socket';
import { describe, expect, it } from 'vitest';
import { setupScenarios } from '../src/support.js';
import { listener, pair } from '../src/tarantool-socket/twins/common.js';

setupScenarios();

const CLOSED = 'attempt to use closed socket';

// Each method with arguments that would be valid on an open socket.
const calls: [string, unknown[]][] = [
  ['sysconnect', ['127.0.0.1', 9]],
  ['send', ['x']],
  ['write', ['x', 0]],
  ['syswrite', ['x']],
  ['recv', []],
  ['sysread', []],
  ['read', [1, 0]],
  ['bind', ['127.0.0.1', 0]],
  ['listen', []],
  ['accept', []],
  ['sendto', ['127.0.0.1', 9, 'x']],
  ['recvfrom', []],
  ['shutdown', []],
  ['close', []],
  ['errno', []],
  ['error', []],
  ['setsockopt', ['SOL_SOCKET', 'SO_REUSEADDR', 1]],
  ['getsockopt', ['SOL_SOCKET', 'SO_REUSEADDR']],
  ['linger', []],
  ['nonblock', []],
  ['readable', [0]],
  ['writable', [0]],
  ['wait', [0]],
  ['name', []],
  ['peer', []],
  ['fd', []],
  ['toString', []],
  ['toJSON', []],
];
const ASYNC = new Set(['write', 'read', 'readable', 'writable', 'wait']);

async function outcome(run: () => unknown): Promise<string> {
  try {
    await run();
    return 'ok';
  } catch (error) {
    return `${(error as Error).constructor.name}: ${(error as Error).message}`;
  }
}

describe(`tarantool-socket method paths on ${process.env.SOCKPORT_POLLER}`, () => {
  it('every method of a closed socket raises "attempt to use closed socket"', async () => {
    for (const [name, args] of calls) {
      const s = socket('AF_INET', 'SOCK_STREAM', 'tcp')!;
      expect(s.close()).toBe(true);
      const method = (s as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!;
      if (ASYNC.has(name)) {
        // Async methods reject rather than throw.
        const p = method.apply(s, args) as Promise<unknown>;
        expect(p, name).toBeInstanceOf(Promise);
        await expect(p, name).rejects.toThrow(CLOSED);
      } else {
        expect(() => method.apply(s, args), name).toThrow(CLOSED);
      }
    }
  });

  it('every method called without a socket raises the usage error', async () => {
    const s = socket('AF_INET', 'SOCK_STREAM', 'tcp')!;
    for (const [name, args] of calls) {
      const method = (s as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!;
      const noReceiver = await outcome(() => method.apply(undefined, args));
      const foreign = await outcome(() => method.apply({ fd: 3 }, args));
      expect(noReceiver, name).toBe('TypeError: Usage: socket:method()');
      expect(foreign, name).toBe('TypeError: Usage: socket:method(), called with non-socket');
    }
    s.close();
  });

  it('nothing that waits ever throws synchronously', () => {
    const s = socket('AF_INET', 'SOCK_STREAM', 'tcp')!;
    s.close();
    for (const run of [
      () => s.read(1),
      () => s.write('x'),
      () => s.readable(),
      () => s.writable(),
      () => s.wait(),
      () => socket.iowait(-1, 'x' as 'R'),
      () => socket.tcp_server('127.0.0.1', 0, 5 as never),
      () => socket.tcp_connect('127.0.0.1', 9, 'soon' as never),
      () => socket.getaddrinfo('127.0.0.1', 9, 'soon' as never),
      () => socket.connect(null as never, 80),
      () => socket.bind(null as never, 80),
    ]) {
      const p = run() as Promise<unknown>;
      expect(p).toBeInstanceOf(Promise);
      p.catch(() => undefined);
    }
  });

  it('calls that never wait answer synchronously, not-ready included', async () => {
    const [a, b] = await pair();
    // Nothing to read: each single-syscall read says EAGAIN at once.
    expect(b.recv()).toBeNull();
    expect(b.errno()).toBe(errno.EAGAIN);
    expect(b.sysread()).toBeNull();
    expect(b.error()).toBe('Resource temporarily unavailable');
    expect(b.recvfrom()).toEqual([null]);
    const [l] = listener();
    expect(l.accept()).toEqual([null]);
    expect(l.errno()).toBe(errno.EAGAIN);
    // And a success clears the errno again.
    expect(a.send('x')).toBe(1);
    expect(a.errno()).toBe(0);
    expect(a.error()).toBeNull();
    for (const s of [a, b, l]) s.close();
  });

  it('waiting calls time out with their own result shapes', async () => {
    const [a, b] = await pair();
    const [l] = listener();
    expect(await b.read(1, 0.02)).toBeNull();
    expect(b.errno()).toBe(errno.ETIMEDOUT);
    expect(await b.readable(0.02)).toBe(false);
    expect(b.errno()).toBe(errno.ETIMEDOUT);
    expect(await l.wait(0.02)).toBe(0);
    expect(await socket.iowait(b.fd(), 'R', 0.02)).toBe('');
    expect(await socket.iowait(b.fd(), 1, 0.02)).toBe(0);
    const m = socket.tcp();
    m.bind('127.0.0.1', 0);
    m.listen();
    const server = m as unknown as TcpServer;
    server.settimeout(0.02);
    expect(await server.accept()).toEqual([null, 'Connection timed out']);
    for (const s of [a, b, l]) s.close();
    server.close();
  });

  it('end of stream: read gives the rest then empty buffers; recv and sysread give empty buffers', async () => {
    const [a, b] = await pair();
    await a.write('abc');
    a.close();
    expect(String(await b.read(10, 5))).toBe('abc');
    for (let i = 0; i < 3; i++) expect(await b.read('\n', 5)).toEqual(Buffer.alloc(0));
    expect(b.recv()).toEqual(Buffer.alloc(0));
    expect(b.sysread()).toEqual(Buffer.alloc(0));
    expect(b.errno()).toBe(0);
    b.close();
  });

  it('LuaSocket objects: kinds, and their own closed-socket raise', async () => {
    const m = socket.tcp();
    expect(m).toBeInstanceOf(TcpMaster);
    m.bind('127.0.0.1', 0);
    expect(m.listen()).toEqual([1]);
    expect(m).toBeInstanceOf(TcpServer);
    if (!(m instanceof TcpServer)) throw new Error('listen did not make a server');
    const [c] = await socket.connect('127.0.0.1', Number(m.getsockname()[1]));
    expect(c).toBeInstanceOf(TcpClient);
    const [peer] = await m.accept();
    expect(peer).toBeInstanceOf(TcpClient);
    // The raw socket methods are not reachable from LuaSocket objects.
    expect((peer as unknown as Record<string, unknown>).read).toBeUndefined();
    for (const o of [m, c!, peer!]) {
      expect(o.close()).toEqual([1]);
      expect(() => o.close()).toThrow(CLOSED);
      expect(() => o.getsockname()).toThrow(CLOSED);
      expect(() => o.settimeout(1)).toThrow(CLOSED);
      expect(() => String(o)).toThrow(CLOSED);
    }
  });

  it('the buffer forms of sysread and syswrite (Tarantool\'s cdata forms) count bytes', async () => {
    const [a, b] = await pair();
    const out = Buffer.from('0123456789');
    expect(a.syswrite(out, 4)).toBe(4);
    await b.readable(5);
    const into = Buffer.alloc(16);
    expect(b.sysread(into, 16)).toBe(4);
    expect(into.subarray(0, 4).toString()).toBe('0123');
    expect(b.sysread(into, 16)).toBeNull();
    expect(b.errno()).toBe(errno.EAGAIN);
    expect(b.sysread(into, 0)).toBe(0);
    expect(() => a.syswrite(out, 11)).toThrow(TypeError);
    expect(() => b.sysread(into, 17)).toThrow(TypeError);
    a.close();
    b.close();
  });

  it('toJSON is Tarantool\'s __serialize: { fd, peer, name }', async () => {
    const [a, b] = await pair();
    const json = JSON.parse(JSON.stringify(a)) as { fd: number; peer: Record<string, unknown>; name: Record<string, unknown> };
    expect(json.fd).toBe(a.fd());
    expect(json.peer).toEqual({ host: '127.0.0.1', family: 'AF_INET', type: 'SOCK_STREAM', protocol: 'tcp', port: b.name()!.port });
    expect(json.name).toEqual({ host: '127.0.0.1', family: 'AF_INET', type: 'SOCK_STREAM', protocol: 'tcp', port: a.name()!.port });
    const lone = socket('AF_INET', 'SOCK_DGRAM', 'udp')!;
    expect(JSON.parse(JSON.stringify(lone)).peer).toBeNull();
    for (const s of [a, b, lone]) s.close();
  });

  it('socket objects are made by the module only', () => {
    const Ctor = SocketObject as unknown as new (...a: unknown[]) => SocketObject;
    expect(() => new Ctor()).toThrow(TypeError);
    expect(() => new Ctor({}, 1)).toThrow(TypeError);
  });
});
