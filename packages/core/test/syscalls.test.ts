// Every syscall binding over real sockets: TCP, UDP, unix stream and datagram, IPv6.
import { spawnSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AF_INET,
  AF_INET6,
  AF_UNIX,
  constants,
  errno,
  lastAddress,
  MSG_PEEK,
  SHUT_WR,
  SOCK_DGRAM,
  SOCK_STREAM,
  Socket,
  strerror,
  UNIX_PATH_MAX,
  type SockAddr,
} from '../src/index.js';
import { accept, connect, loopback, ok, open, readExactly, tcpListener, tcpPair, tempDir, track } from './helpers.js';

describe.each([
  ['IPv4', AF_INET],
  ['IPv6', AF_INET6],
])('TCP over %s', (_name, domain) => {
  it('connects, exchanges bytes both ways and sees end of stream', async () => {
    const [c, s] = await tcpPair(domain);
    expect(c.send('ping')).toBe(4);
    expect((await readExactly(s, 4)).toString()).toBe('ping');
    expect(s.send(Buffer.from('pong!'))).toBe(5);
    expect((await readExactly(c, 5)).toString()).toBe('pong!');
    expect(c.shutdown(SHUT_WR)).toBe(0);
    const tail = await readExactly(s, 1);
    expect(tail.length).toBe(0);
    expect(s.recv(Buffer.alloc(8))).toBe(0);
  });

  it('reports the addresses of both ends', async () => {
    const [l, addr] = tcpListener(domain);
    const c = await connect(domain, addr);
    const pair = l.acceptFrom();
    if (typeof pair === 'number') throw new Error('accept failed');
    const [s, peer] = pair;
    track(s);
    const name = c.getsockname() as SockAddr;
    expect(peer).toEqual(name);
    expect(s.getpeername()).toEqual(name);
    expect(c.getpeername()).toEqual(addr);
    expect(name.family).toBe(domain === AF_INET ? 'inet' : 'inet6');
    expect((name as { host: string }).host).toBe(domain === AF_INET ? '127.0.0.1' : '::1');
  });

  it('recv returns EAGAIN when nothing is queued and MSG_PEEK leaves data queued', async () => {
    const [c, s] = await tcpPair(domain);
    expect(s.recv(Buffer.alloc(4))).toBe(-errno.EAGAIN);
    c.send('abc');
    await readExactly(s, 0);
    const peek = Buffer.alloc(3);
    for (let i = 0; i < 100 && s.recv(peek, MSG_PEEK) !== 3; i++) await s.wait(1, Infinity);
    expect(peek.toString()).toBe('abc');
    expect((await readExactly(s, 3)).toString()).toBe('abc');
  });

  it('accept returns EAGAIN with nothing pending and EINVAL when not listening', () => {
    const [l] = tcpListener(domain);
    expect(l.accept()).toBe(-errno.EAGAIN);
    const idle = open(domain, SOCK_STREAM);
    expect(idle.accept()).toBe(-errno.EINVAL);
  });

  it('connect to a closed port is refused', async () => {
    const [l, addr] = tcpListener(domain);
    l.close();
    const c = open(domain, SOCK_STREAM);
    const rc = c.connect(addr);
    if (rc === -errno.EINPROGRESS) {
      await c.wait(2, Infinity);
      expect(c.getsockopt('SO_ERROR')).toEqual({ ok: true, value: errno.ECONNREFUSED });
    } else {
      expect(rc).toBe(-errno.ECONNREFUSED);
    }
  });

  it('send after the peer reset fails with EPIPE or ECONNRESET, never SIGPIPE', async () => {
    const [c, s] = await tcpPair(domain);
    s.setsockopt('SO_LINGER', { on: true, seconds: 0 });
    s.close();
    let rc = 0;
    for (let i = 0; i < 50 && rc >= 0; i++) {
      rc = c.send(Buffer.alloc(1024));
      if (rc >= 0) await new Promise((r) => setTimeout(r, 5));
    }
    expect([-errno.EPIPE, -errno.ECONNRESET]).toContain(rc);
  });
});

describe.each([
  ['IPv4', AF_INET],
  ['IPv6', AF_INET6],
])('UDP over %s', (_name, domain) => {
  it('sendto/recvfrom carry datagrams and their sender', () => {
    const a = open(domain, SOCK_DGRAM);
    const b = open(domain, SOCK_DGRAM);
    ok(a.bind(loopback(domain)));
    ok(b.bind(loopback(domain)));
    const aAddr = a.getsockname() as SockAddr;
    const bAddr = b.getsockname() as SockAddr;
    expect(b.sendto('hello', aAddr)).toBe(5);
    const buf = Buffer.alloc(64);
    let n = -1;
    for (let i = 0; i < 1000 && n < 0; i++) n = a.recvfrom(buf);
    expect(n).toBe(5);
    expect(buf.subarray(0, n).toString()).toBe('hello');
    expect(lastAddress()).toEqual(bAddr);
  });

  it('a short buffer truncates the datagram and an empty datagram reads as 0', () => {
    const a = open(domain, SOCK_DGRAM);
    ok(a.bind(loopback(domain)));
    const to = a.getsockname() as SockAddr;
    const b = open(domain, SOCK_DGRAM);
    b.sendto('0123456789', to);
    b.sendto('', to);
    const small = Buffer.alloc(4);
    let n = -1;
    for (let i = 0; i < 1000 && n < 0; i++) n = a.recv(small);
    expect(n).toBe(4);
    expect(small.toString()).toBe('0123');
    n = -1;
    for (let i = 0; i < 1000 && n < 0; i++) n = a.recv(small);
    expect(n).toBe(0);
    expect(a.recv(small)).toBe(-errno.EAGAIN);
  });

  it('send on an unconnected socket needs a destination', () => {
    const a = open(domain, SOCK_DGRAM);
    expect(a.send('x')).toBe(-errno.EDESTADDRREQ);
  });
});

describe('unix domain', () => {
  const dir = tempDir();

  it('stream sockets on a path', async () => {
    const path = join(dir, 'stream.sock');
    const l = open(AF_UNIX, SOCK_STREAM);
    ok(l.bind({ family: 'unix', path }));
    ok(l.listen(8));
    expect(l.getsockname()).toMatchObject({ family: 'unix', path, abstract: false });
    const c = open(AF_UNIX, SOCK_STREAM);
    ok(c.connect({ family: 'unix', path }));
    const s = await accept(l);
    c.send('over unix');
    expect((await readExactly(s, 9)).toString()).toBe('over unix');
    expect(c.getpeername()).toMatchObject({ family: 'unix', path });
    expect(s.getpeername()).toMatchObject({ family: 'unix', path: '' });
  });

  it('datagram sockets report the sender path, or none for an unbound sender', () => {
    const path = join(dir, 'dgram.sock');
    const from = join(dir, 'from.sock');
    const a = open(AF_UNIX, SOCK_DGRAM);
    ok(a.bind({ family: 'unix', path }));
    const b = open(AF_UNIX, SOCK_DGRAM);
    ok(b.bind({ family: 'unix', path: from }));
    expect(b.sendto('one', { family: 'unix', path })).toBe(3);
    const buf = Buffer.alloc(16);
    expect(a.recvfrom(buf)).toBe(3);
    expect(lastAddress()).toMatchObject({ family: 'unix', path: from });
    const anon = open(AF_UNIX, SOCK_DGRAM);
    expect(anon.sendto('two', { family: 'unix', path })).toBe(3);
    expect(a.recvfrom(buf)).toBe(3);
    expect(lastAddress()).toBeNull();
  });

  it('abstract names exist without a file, with exact bytes when given', async () => {
    const name = `sockport-test-${process.pid}`;
    const l = open(AF_UNIX, SOCK_STREAM);
    ok(l.bind({ family: 'unix', path: name, abstract: true }));
    ok(l.listen(4));
    expect(l.getsockname()).toMatchObject({ family: 'unix', path: name, abstract: true });
    const c = open(AF_UNIX, SOCK_STREAM);
    ok(c.connect({ family: 'unix', path: name, abstract: true }));
    await accept(l);
    // lsocket counts a trailing NUL: a different abstract name to the kernel.
    const withNul = Buffer.from(`\0${name}\0`, 'latin1');
    const other = open(AF_UNIX, SOCK_STREAM);
    expect(other.connect({ family: 'unix', path: '', bytes: withNul })).toBe(-errno.ECONNREFUSED);
  });

  it('a path of 108 bytes or more is an error, 107 bytes works', () => {
    const s = open(AF_UNIX, SOCK_DGRAM);
    expect(s.bind({ family: 'unix', path: '/' + 'x'.repeat(UNIX_PATH_MAX - 1) })).toBe(-errno.ENAMETOOLONG);
    expect(s.bind({ family: 'unix', path: 'y'.repeat(500) })).toBe(-errno.ENAMETOOLONG);
    expect(s.bind({ family: 'unix', path: 'a\0b' })).toBe(-errno.EINVAL);
    const longest = join(dir, 'p'.repeat(UNIX_PATH_MAX - 1 - dir.length - 1));
    expect(Buffer.byteLength(longest)).toBe(UNIX_PATH_MAX - 1);
    expect(s.bind({ family: 'unix', path: longest })).toBe(0);
  });

  it('socketpair gives two connected ends', async () => {
    const pair = Socket.pair(AF_UNIX, SOCK_STREAM);
    if (typeof pair === 'number') throw new Error('socketpair failed');
    const [a, b] = pair.map((s) => track(s));
    a!.send('pair');
    expect((await readExactly(b!, 4)).toString()).toBe('pair');
    expect(Socket.pair(AF_INET, SOCK_STREAM)).toBe(-errno.EOPNOTSUPP);
  });
});

describe('descriptors and flags', () => {
  it('sockets are born non-blocking and close-on-exec, and nonblock can be toggled', () => {
    const s = open(AF_INET, SOCK_STREAM);
    expect(s.getNonblock()).toBe(true);
    expect(s.setNonblock(false)).toBe(0);
    expect(s.getNonblock()).toBe(false);
    expect(s.setNonblock(true)).toBe(0);
    expect(s.getNonblock()).toBe(true);
  });

  it('setInheritable clears and sets FD_CLOEXEC: a child process writes to the descriptor only when inheritable', () => {
    const [a, b] = (Socket.pair(AF_UNIX, SOCK_STREAM) as [Socket, Socket]).map((s) => track(s));
    const write = (): number | null =>
      spawnSync(process.execPath, ['-e', `require('fs').writeSync(${a!.fd}, 'x')`], { stdio: 'ignore', timeout: 10_000 }).status;
    expect(write()).not.toBe(0);
    expect(a!.setInheritable(true)).toBe(0);
    expect(write()).toBe(0);
    expect(b!.recv(Buffer.alloc(4))).toBe(1);
    expect(a!.setInheritable(false)).toBe(0);
    expect(write()).not.toBe(0);
    expect(() => a!.setInheritable(1 as never)).toThrow(TypeError);
  });

  it('close is exactly once and a closed handle never touches a reused number', () => {
    const a = Socket.open(AF_INET, SOCK_DGRAM) as Socket;
    const fd = a.fd;
    expect(a.close()).toBe(0);
    expect(a.fd).toBe(-1);
    expect(a.closed).toBe(true);
    const b = open(AF_INET, SOCK_DGRAM);
    expect(b.fd).toBe(fd); // the kernel reuses the lowest free number
    expect(a.close()).toBe(-errno.EBADF);
    expect(a.send('x')).toBe(-errno.EBADF);
    expect(a.bind(loopback(AF_INET))).toBe(-errno.EBADF);
    expect(b.getNonblock()).toBe(true);
    expect(b.bind(loopback(AF_INET))).toBe(0);
  });

  it('detach hands the descriptor over without closing it', () => {
    const a = Socket.open(AF_INET, SOCK_DGRAM) as Socket;
    const fd = a.detach();
    expect(fd).toBeGreaterThan(2);
    expect(a.fd).toBe(-1);
    const again = Socket.borrow(fd);
    expect(typeof again).toBe('object');
    (again as Socket).close();
    // Still open: borrowing does not own it. Take it back and close it for real.
    const adopted = Socket.borrow(fd) as Socket;
    adopted.close();
    expect(Socket.borrow(99999)).toBe(-errno.EBADF);
    // Closing the detached descriptor is the caller's job now.
    closeSync(fd);
  });

  it('dup owns a duplicate of a socket descriptor and refuses non-sockets', async () => {
    const [l, addr] = tcpListener(AF_INET);
    const copy = track(Socket.dup(l.fd));
    expect(copy.fd).not.toBe(l.fd);
    expect([copy.domain, copy.type, copy.protocol]).toEqual([AF_INET, SOCK_STREAM, 6]);
    expect(copy.getsockname()).toEqual(addr);
    l.close(); // the duplicate still serves the same socket
    const c = await connect(AF_INET, addr);
    const s = await accept(copy);
    expect(s.getpeername()).toEqual(c.getsockname());
    expect(Socket.dup(-1)).toBe(-errno.EBADF);
    expect(Socket.dup(1 << 30)).toBe(-errno.EBADF);
    const file = openSync('/dev/null', 'r');
    expect(Socket.dup(file)).toBe(-errno.ENOTSOCK);
    closeSync(file);
    expect(() => Socket.dup(1.5)).toThrow(TypeError);
  });

  it('socket() failures return the kernel errno', () => {
    expect(Socket.open(999, SOCK_STREAM)).toBe(-errno.EAFNOSUPPORT);
    expect(Socket.open(AF_INET, SOCK_STREAM, 17)).toBe(-errno.EPROTONOSUPPORT);
    expect(Socket.open(AF_INET, 999)).toBe(-errno.EINVAL);
  });

  it('bind errors: address in use, second bind, family mismatch', () => {
    const [, addr] = tcpListener(AF_INET);
    const s = open(AF_INET, SOCK_STREAM);
    expect(s.bind(addr)).toBe(-errno.EADDRINUSE);
    const t = open(AF_INET, SOCK_STREAM);
    ok(t.bind(loopback(AF_INET)));
    expect(t.bind(loopback(AF_INET))).toBe(-errno.EINVAL);
    expect(open(AF_INET, SOCK_STREAM).bind({ family: 'inet6', host: '::1', port: 0 })).toBe(-errno.EAFNOSUPPORT);
    expect(open(AF_INET6, SOCK_STREAM).bind(loopback(AF_INET))).toBe(-errno.EINVAL);
    expect(open(AF_INET, SOCK_DGRAM).listen(5)).toBe(-errno.EOPNOTSUPP);
  });
});

describe('errno texts', () => {
  it('are the C library strings', () => {
    expect(strerror(errno.ECONNREFUSED)).toBe('Connection refused');
    expect(strerror(errno.EAGAIN)).toBe('Resource temporarily unavailable');
    expect(strerror(errno.ETIMEDOUT)).toBe('Connection timed out');
    expect(strerror(0)).toBe('Success');
    expect(constants.misc.FD_SETSIZE).toBe(1024);
  });
});
