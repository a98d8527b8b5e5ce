// lsocket.bind: argument forms, family selection, defaults, and every error it returns
// or raises (behaviour file §2 and §3).
import { existsSync, writeFileSync } from 'node:fs';
import lsocket from '@sockport/lsocket';
import { describe, expect, it } from 'vitest';
import { abstractName, accepted, made, portOf, readable, setupLsocket, unixPath } from '../src/lsocket/support.js';

setupLsocket();

describe(`lsocket.bind on ${process.env.SOCKPORT_POLLER}`, () => {
  it('binds and listens a TCP socket on IPv4', () => {
    const s = made(lsocket.bind('127.0.0.1', 0, 10));
    const [info] = s.info();
    expect(info).toEqual({ fd: s.getfd(), family: 'inet', type: 'tcp', listening: true, multicast: false });
    expect(info.fd).toBeGreaterThan(2);
    const [local] = s.info('socket');
    expect(local).toEqual({ family: 'inet', addr: '127.0.0.1', port: portOf(s) });
    expect(portOf(s)).toBeGreaterThan(0);
  });

  it('binds on IPv6 when the address is IPv6', () => {
    const s = made(lsocket.bind('tcp', '::1', 0));
    expect(s.info()[0]).toMatchObject({ family: 'inet6', type: 'tcp', listening: true });
    expect(s.info('socket')[0]).toEqual({ family: 'inet6', addr: '::1', port: portOf(s) });
  });

  it('binds a UDP socket, which also counts as listening', () => {
    const s = made(lsocket.bind('udp', '127.0.0.1', 0));
    expect(s.info()[0]).toMatchObject({ family: 'inet', type: 'udp', listening: true, multicast: false });
  });

  it('takes the type in any letter case, and any other first string as the address', () => {
    expect(made(lsocket.bind('UDP' as 'udp', '127.0.0.1', 0)).info()[0].type).toBe('udp');
    expect(made(lsocket.bind('Tcp' as 'tcp', '::1', 0)).info()[0].type).toBe('tcp');
    const s = made(lsocket.bind('127.0.0.1', 0));
    expect(s.info()[0].type).toBe('tcp');
  });

  it('reads the type word up to a NUL, folding ASCII case only', () => {
    expect(made(lsocket.bind('udp\0' as 'udp', '127.0.0.1', 0)).info()[0].type).toBe('udp');
    expect(made(lsocket.bind(Buffer.from('UDP\0x') as never, '127.0.0.1', 0)).info()[0].type).toBe('udp');
  });

  it('accepts numeric strings for port and backlog', () => {
    const s = made(lsocket.bind('127.0.0.1', '0' as unknown as number, ' 7 ' as unknown as number));
    expect(portOf(s)).toBeGreaterThan(0);
  });

  it('a NaN backlog is INT_MIN, which the kernel takes as its longest queue (as lsocket on x86-64)', async () => {
    const server = made(lsocket.bind('127.0.0.1', 0, Number.NaN));
    for (let i = 0; i < 4; i++) made(lsocket.connect('127.0.0.1', portOf(server)));
    // A one-slot queue (backlog 0) would drop the other SYNs, retried a second later.
    let count = 0;
    for (const until = Date.now() + 500; count < 4 && Date.now() < until; ) {
      const [conn] = server.accept();
      if (conn) {
        conn.close();
        count++;
      } else await new Promise((r) => setTimeout(r, 10));
    }
    expect(count).toBe(4);
  });

  it('never looks numeric-looking text up, and takes inet_aton forms', () => {
    expect(made(lsocket.bind('127.1', 0)).info('socket')[0]).toMatchObject({ addr: '127.0.0.1' });
    expect(made(lsocket.bind('udp', '2130706433', 0)).info('socket')[0]).toMatchObject({ addr: '127.0.0.1' });
    for (const bad of ['1.2.3.4.5', '256.1.1.1', '1::2::3', '::1::']) expect(lsocket.bind(bad, 0)).toEqual([null, 'Name or service not known']);
  });

  it('resolves a host name and uses its first address', () => {
    const s = made(lsocket.bind('localhost', 0));
    const family = s.info()[0].family;
    expect(['inet', 'inet6']).toContain(family);
    expect(s.info('socket')[0]).toMatchObject({ family, addr: family === 'inet' ? '127.0.0.1' : '::1' });
  });

  it('returns the getaddrinfo error for a missing port when an address is given', () => {
    expect(lsocket.bind('127.0.0.1')).toEqual([null, 'Servname not supported for ai_socktype']);
    expect(lsocket.bind('udp', '::1', null)).toEqual([null, 'Servname not supported for ai_socktype']);
  });

  it("raises for a missing port without an address, with the original's text", () => {
    expect(() => (lsocket.bind as () => unknown)()).toThrow(new TypeError("bad argument #1 to 'bind' (number expected, got no value X)"));
    expect(() => (lsocket.bind as (t: string) => unknown)('tcp')).toThrow(new TypeError("bad argument #2 to 'bind' (number expected, got no value X)"));
  });

  it('raises for a port or backlog that is not a number', () => {
    expect(() => lsocket.bind('127.0.0.1', 'http' as unknown as number)).toThrow(new TypeError("bad argument #2 to 'bind' (number expected, got string)"));
    expect(() => lsocket.bind('udp', '127.0.0.1', 0, {} as unknown as number)).toThrow(new TypeError("bad argument #4 to 'bind' (number expected, got table)"));
    expect(() => lsocket.bind('127.0.0.1', true as unknown as number)).toThrow(new TypeError("bad argument #2 to 'bind' (number expected, got boolean)"));
  });

  it("returns 'Address already in use' for a taken TCP port", () => {
    const s = made(lsocket.bind('127.0.0.1', 0));
    expect(lsocket.bind('127.0.0.1', portOf(s))).toEqual([null, 'Address already in use']);
  });

  it('sets SO_REUSEADDR: two UDP sockets bind the same port', () => {
    const a = made(lsocket.bind('udp', '127.0.0.1', 0));
    const b = made(lsocket.bind('udp', '127.0.0.1', portOf(a)));
    expect(portOf(b)).toBe(portOf(a));
  });

  it('sets SO_REUSEADDR: a TCP port binds again while its old connection is in TIME_WAIT', async () => {
    const server = made(lsocket.bind('127.0.0.1', 0));
    const port = portOf(server);
    const client = made(lsocket.connect('127.0.0.1', port));
    await readable(server);
    const [peer] = accepted(server);
    peer.close(); // the server side closes first: its end goes to TIME_WAIT
    await readable(client);
    expect(client.recv()).toEqual([null]);
    client.close();
    server.close();
    const again = made(lsocket.bind('127.0.0.1', port));
    expect(portOf(again)).toBe(port);
  });

  it('binds a unix stream socket at a path, and leaves the file on close', () => {
    const path = unixPath();
    const s = made(lsocket.bind(path));
    expect(s.info()[0]).toMatchObject({ family: 'unix', type: 'tcp', listening: true });
    expect(s.info('socket')).toEqual([{ family: 'unix', addr: path }]);
    expect(s.info('peer')).toEqual([null, 'Transport endpoint is not connected']);
    expect(existsSync(path)).toBe(true);
    expect(s.close()).toEqual([true]);
    expect(existsSync(path)).toBe(true);
    expect(lsocket.bind(path)).toEqual([null, 'Address already in use']);
  });

  it('takes a placeholder port before a unix backlog, and binds unix datagram sockets', () => {
    expect(made(lsocket.bind(unixPath(), null, 10)).info()[0].listening).toBe(true);
    const d = made(lsocket.bind('udp', unixPath()));
    expect(d.info()[0]).toMatchObject({ family: 'unix', type: 'udp', listening: true });
  });

  it('refuses an existing file that is not a socket', () => {
    const path = unixPath();
    writeFileSync(path, 'x');
    expect(lsocket.bind(path)).toEqual([null, 'Address already in use']);
  });

  it("binds an abstract name ('@name'): no file, and an empty address text", () => {
    const name = abstractName();
    const s = made(lsocket.bind(name));
    expect(s.info()[0].family).toBe('unix');
    expect(s.info('socket')).toEqual([{ family: 'unix', addr: '' }]);
    expect(existsSync(name)).toBe(false);
    expect(lsocket.bind(name)).toEqual([null, 'Address already in use']);
  });

  it('limits unix paths: 107 bytes bind, 108 are refused by the kernel, 109 by lsocket', () => {
    const base = unixPath();
    const path = (n: number): string => `${base}-${'p'.repeat(n - base.length - 1)}`;
    expect(made(lsocket.bind(path(107))).info()[0].family).toBe('unix');
    expect(lsocket.bind(path(108))).toEqual([null, 'Invalid argument']);
    expect(lsocket.bind(path(109))).toEqual([null, 'unix domain path too long']);
    expect(lsocket.bind(`@${'a'.repeat(107)}`)).toEqual([null, 'Invalid argument']);
  });

  it('mcast: unix is refused, an IPv4 socket gets SO_BROADCAST, ::1 is no group', () => {
    expect(lsocket.bind('mcast', unixPath())).toEqual([null, 'multicast not available for unix domain sockets.']);
    const s = made(lsocket.bind('mcast', '127.0.0.1', 0));
    expect(s.info()[0]).toMatchObject({ family: 'inet', type: 'udp', listening: true, multicast: true });
    expect(lsocket.bind('mcast', '::1', 0)).toEqual([null, 'Invalid argument']);
  });
});
