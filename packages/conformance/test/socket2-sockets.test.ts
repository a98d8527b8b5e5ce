// socket2 sockets on every backend: constructors, names, close, bind, options, and the
// errors raised for sockets used wrongly.
import { existsSync, rmSync } from 'node:fs';
import socket, { TCP, Thread, UDP } from '@sockport/socket2';
import { describe, expect, it } from 'vitest';
import { poller } from '@sockport/core';
import { after, inThread, listener, made, portOf, setupSocket2, tcpPair, udpBound, unixPath } from '../src/socket2/helpers.js';

setupSocket2();

describe(`socket2 sockets on ${process.env.SOCKPORT_POLLER}`, () => {
  it('tcp(), udp(), raw(): type, family and protocol names, defaults and numbers', () => {
    const t = made(socket.tcp());
    expect([t.type(), t.family(), t.protocol(), t.issocket]).toEqual(['tcp', 'inet', 'tcp', true]);
    expect(t).toBeInstanceOf(TCP);
    const u = made(socket.udp('inet6'));
    expect([u.type(), u.family(), u.protocol()]).toEqual(['udp', 'inet6', 'udp']);
    expect(u).toBeInstanceOf(UDP);
    const n = made(socket.tcp(10));
    expect(n.family()).toBe('inet6');
    const x = made(socket.tcp('unix'));
    expect([x.type(), x.family(), x.protocol()]).toEqual(['tcp', 'unix', 'ip']);
    const r = made(socket.raw());
    expect([r.type(), r.family(), r.protocol()]).toEqual(['raw', 'inet', 'raw']);
    expect('send' in r).toBe(false);
  });

  it('false means the default, as `x or default` does in the original; a unix raw socket fails there too', () => {
    const t = made(socket.tcp(false));
    expect([t.type(), t.family(), t.protocol()]).toEqual(['tcp', 'inet', 'tcp']);
    const t2 = made(socket.tcp('inet', false));
    expect(t2.protocol()).toBe('tcp');
    const u = made(socket.udp(false, false));
    expect([u.family(), u.protocol()]).toEqual(['inet', 'udp']);
    expect(socket.raw('unix')).toEqual([null, 'Protocol not supported', 93]);
    expect(socket.raw(1)).toEqual([null, 'Protocol not supported', 93]);
  });

  it('a number for the family or protocol is kept as given (2.5 has no name) and reaches socket(2) as a C int', () => {
    const t = made(socket.tcp(2.5));
    expect([t.type(), t.family(), t.protocol()]).toEqual(['tcp', null, 'tcp']);
    const p = made(socket.tcp('inet', 6.5));
    expect([p.family(), p.protocol()]).toEqual(['inet', null]);
    const u = made(socket.udp(10.2, 17.9));
    expect([u.type(), u.family(), u.protocol()]).toEqual(['udp', null, null]);
    expect(socket.tcp(2 ** 31)).toEqual([null, 'Address family not supported by protocol', 97]);
    expect(socket.tcp('inet', 2 ** 32 + 6)).toEqual([null, 'Invalid argument', 22]);
    expect(socket.udp(-Infinity)).toEqual([null, 'Address family not supported by protocol', 97]);
  });

  it('true for the family or protocol is the FFI\'s int 1 for socket(2), and like Lua\'s true has no name', () => {
    const r = made(socket.raw('inet', true as never));
    expect([r.type(), r.family(), r.protocol()]).toEqual(['raw', 'inet', null]);
    const u = made(socket.raw(true as never, 'icmp'));
    expect([u.type(), u.family(), u.protocol()]).toEqual(['raw', null, 'icmp']);
    expect(socket.tcp(true as never)).toEqual([null, 'Protocol not supported', 93]);
  });

  it('constructor failures are error triples; bad names raise', () => {
    expect(socket.tcp(99)).toEqual([null, 'Address family not supported by protocol', 97]);
    expect(socket.udp('inet', 'tcp')).toEqual([null, 'Protocol not supported', 93]);
    expect(() => socket.tcp('bogus' as never)).toThrow(TypeError);
    expect(() => socket.udp('inet', 'sctp' as never)).toThrow(TypeError);
  });

  it('close: [true], idempotent; closed(), s, toString; names still work afterwards', () => {
    const [t] = socket.tcp();
    expect(typeof t!.s).toBe('number');
    expect(String(t)).toMatch(/^tcp: fd \d+$/);
    expect(t!.closed()).toBe(false);
    expect(t!.close()).toEqual([true]);
    expect(t!.closed()).toBe(true);
    expect(t!.s).toBeNull();
    expect(String(t)).toBe('tcp: closed');
    expect(t!.close()).toEqual([true]);
    expect([t!.type(), t!.family(), t!.protocol()]).toEqual(['tcp', 'inet', 'tcp']);
  });

  it('every other method raises on a closed socket', async () => {
    const [t] = socket.tcp();
    t!.close();
    const buf = Buffer.alloc(4);
    expect(() => t!.bind()).toThrow(/closed/);
    expect(() => t!.listen()).toThrow(/closed/);
    expect(() => t!.connect('127.0.0.1', 1)).toThrow(/closed/);
    expect(() => t!.accept()).toThrow(/closed/);
    expect(() => t!.send('x')).toThrow(/closed/);
    expect(() => t!.recv(buf, 4)).toThrow(/closed/);
    expect(() => t!.shutdown('w')).toThrow(/closed/);
    expect(() => t!.setopt('so_reuseaddr', true)).toThrow(/closed/);
    expect(() => t!.getopt('so_reuseaddr')).toThrow(/closed/);
    const [u] = socket.udp();
    u!.close();
    expect(() => u!.send('x', null, '127.0.0.1', 9)).toThrow(TypeError);
    expect(() => u!.recv(buf, 4)).toThrow(TypeError);
  });

  it('a closed socket looks its address up first: a failed lookup is returned, not raised', async () => {
    const noService: unknown = [null, 'Servname not supported for ai_socktype', -8];
    const [t] = socket.tcp();
    t!.close();
    expect(await t!.connect('127.0.0.1', 'nosuchsvc')).toEqual(noService);
    expect(await t!.bind('127.0.0.1', 'nosuchsvc')).toEqual(noService);
    expect(await t!.listen('127.0.0.1', 'nosuchsvc')).toEqual(noService);
    const [u] = socket.udp();
    u!.close();
    expect(await u!.send('x', null, '127.0.0.1', 'nosuchsvc')).toEqual(noService);
    // A bound socket's second bind is the original's assertion, closed or not.
    const [b] = socket.tcp();
    expect(await b!.bind('127.0.0.1', 0)).toEqual([true]);
    b!.close();
    expect(() => b!.bind('127.0.0.1', 'nosuchsvc')).toThrow('assertion failed!');
  });

  it('methods check their receiver', () => {
    const u = made(socket.udp());
    expect(() => TCP.prototype.listen.call(u as never)).toThrow(/bad argument 'self' to 'listen' \(expected a tcp socket/);
    expect(() => TCP.prototype.type.call({} as never)).toThrow(TypeError);
    expect(() => TCP.prototype.toString.call({} as never)).toThrow(/bad argument 'self' to 'toString' \(expected a socket, got object\)/);
    expect(() => Thread.prototype.toString.call({} as never)).toThrow(/bad argument 'self' to 'toString' \(expected a thread, got object\)/);
  });

  it('bind: [true]; a second bind raises; address in use and unavailable are error triples', async () => {
    const [l, port] = await listener();
    expect(() => l.bind('127.0.0.1', 0)).toThrow('assertion failed!');
    const t = made(socket.tcp());
    expect(await t.bind('127.0.0.1', port)).toEqual([null, 'Address already in use', 98]);
    const t2 = made(socket.tcp());
    expect(await t2.bind('192.0.2.1', 0)).toEqual([null, 'Cannot assign requested address', 99]);
    const t3 = made(socket.tcp());
    expect(await t3.bind('127.0.0.1', 'nope')).toEqual([null, 'Servname not supported for ai_socktype', -8]);
    const u = made(socket.udp());
    expect(await u.bind()).toEqual([true]);
    expect(u.getsockname()[0]?.addr().tostring()).toBe('0.0.0.0');
  });

  it('bind to an ai object, IPv6, and a unix path', async () => {
    const [a] = await socket.addr('127.0.0.1', 0, 'udp');
    const u = made(socket.udp());
    expect(await u.bind(a!)).toEqual([true]);
    expect(u.getsockname()[0]?.addr().tostring()).toBe('127.0.0.1');
    const [, port6] = await udpBound('inet6');
    expect(port6).toBeGreaterThan(0);
    const path = unixPath();
    const x = made(socket.tcp('unix'));
    expect(await x.bind(path)).toEqual([true]);
    expect(existsSync(path)).toBe(true);
    expect(x.getsockname()[0]?.tostring()).toBe(path);
    rmSync(path);
  });

  it('a raw socket binds to an address (raw sockets have no port)', async () => {
    const r = made(socket.raw('inet', 'icmp'));
    expect(await r.bind('127.0.0.1')).toEqual([true]);
    expect(r.getsockname()[0]?.addr().tostring()).toBe('127.0.0.1');
    expect(await made(socket.raw()).bind('127.0.0.1', 80)).toEqual([null, 'Servname not supported for ai_socktype', -8]);
    // from_fd of an unbound raw socket (whose name shows the protocol as its port) may
    // still bind; of a bound one, not again.
    const unbound = made(socket.raw('inet', 'icmp'));
    const copy = made(socket.from_fd(unbound.s as number)) as typeof r;
    expect(await copy.bind('127.0.0.1')).toEqual([true]);
    const again = made(socket.from_fd(r.s as number)) as typeof r;
    expect(() => again.bind('127.0.0.1')).toThrow('assertion failed!');
  });

  it('setopt/getopt: so_* and tcp_* options, linger as seconds or false', async () => {
    const [c] = await tcpPair();
    expect(c.getopt('so_reuseaddr')).toEqual([false]);
    expect(c.setopt('so_reuseaddr', true)).toEqual([true]);
    expect(c.getopt('so_reuseaddr')).toEqual([true]);
    expect(c.setopt('tcp_nodelay', true)).toEqual([true]);
    expect(c.getopt('tcp_nodelay')).toEqual([true]);
    expect(c.setopt('so_rcvbuf', 65536)).toEqual([true]);
    expect(c.getopt('so_rcvbuf')[0]).toBeGreaterThanOrEqual(65536);
    expect(c.getopt('so_type')).toEqual([1]);
    expect(c.getopt('so_error')).toEqual([0]);
    expect(c.getopt('so_acceptconn')).toEqual([false]);
    expect(c.getopt('so_linger')).toEqual([false]);
    expect(c.setopt('so_linger', 0)).toEqual([true]);
    expect(c.getopt('so_linger')).toEqual([0]);
    expect(c.setopt('so_linger', false)).toEqual([true]);
    expect(c.getopt('so_linger')).toEqual([false]);
    expect(c.setopt('so_keepalive', 1 as never)).toEqual([true]);
    expect(c.getopt('so_keepalive')).toEqual([true]);
  });

  it('setopt/getopt raise for unknown, read-only and write-only use; kernel errors are triples', () => {
    const u = made(socket.udp());
    expect(() => u.setopt('so_nonsense' as never, 1 as never)).toThrow('invalid socket option');
    expect(() => u.getopt('SO_REUSEADDR' as never)).toThrow('invalid socket option');
    expect(() => u.setopt('so_type', 1 as never)).toThrow('read-only socket option');
    expect(() => u.setopt('so_linger', 'long' as never)).toThrow(TypeError);
    // A value of the wrong kind is a bad argument #2, named as the caller named the option.
    expect(() => u.setopt('so_linger', 'long' as never)).toThrow(new TypeError("bad argument #2 to 'setopt' (so_linger takes a whole number of seconds or false, got string)"));
    expect(() => u.setopt('so_reuseaddr', 'yes' as never)).toThrow(new TypeError("bad argument #2 to 'setopt' (so_reuseaddr takes a boolean or an integer, got string)"));
    expect(() => (u.setopt as (n: string) => unknown)('so_reuseaddr')).toThrow(new TypeError("bad argument #2 to 'setopt' (so_reuseaddr takes a boolean or an integer, got undefined)"));
    expect(() => u.setopt('so_rcvbuf', 1.5 as never)).toThrow(new TypeError("bad argument #2 to 'setopt' (so_rcvbuf takes an integer, got 1.5)"));
    expect(u.getopt('tcp_nodelay')).toEqual([null, 'Operation not supported', 95]);
    expect(u.setopt('tcp_nodelay', true)).toEqual([null, 'Protocol not available', 92]);
    expect(portOf(made(socket.udp()))).toBe(0);
  });

  it("a socket select cannot watch (FD_SETSIZE): the waiting call returns the core's reason", async () => {
    const filler = [];
    for (let i = 0; i < 1030; i++) filler.push(made(socket.udp()));
    const [u] = await udpBound();
    expect(u.s!).toBeGreaterThanOrEqual(1024);
    const r = await inThread(() => u.recv(Buffer.alloc(1), 1, null, null, after(0.05)));
    if (poller() === 'select') expect(r).toEqual([null, expect.stringMatching(/FD_SETSIZE/), 22]);
    else expect(r).toEqual([null, 'timeout']);
    for (const f of filler) f.close();
  });

  it('getpeername of an unconnected socket is an error triple', () => {
    const t = made(socket.tcp());
    expect(t.getpeername()).toEqual([null, 'Transport endpoint is not connected', 107]);
  });
});
