// lsocket.connect: argument forms, connecting state, refusals, unix and abstract
// addresses (with the trailing NUL lsocket counts), UDP and mcast (behaviour file §3).
import { writeFileSync } from 'node:fs';
import { AF_UNIX, SOCK_STREAM, Socket as CoreSocket } from '@sockport/core';
import lsocket, { type Socket } from '@sockport/lsocket';
import { describe, expect, it } from 'vitest';
import { abstractName, accepted, made, portOf, readable, setupLsocket, sleep, udpSockets, unixPath, until, writable } from '../src/lsocket/support.js';

setupLsocket();

describe(`lsocket.connect on ${process.env.SOCKPORT_POLLER}`, () => {
  for (const [family, host] of [['inet', '127.0.0.1'], ['inet6', '::1']] as const) {
    it(`connects TCP over ${family}: select for writing, then status`, async () => {
      const server = made(lsocket.bind(host, 0));
      const client = made(lsocket.connect(host, portOf(server)));
      expect(client.info()[0]).toEqual({ fd: client.getfd(), family, type: 'tcp', listening: false, multicast: false });
      await writable(client);
      expect(client.status()).toEqual([true]);
      expect(client.info('peer')).toEqual([{ family, addr: host, port: portOf(server) }]);
      const [local] = client.info('socket');
      expect(local).toMatchObject({ family, addr: host });
      await readable(server);
      const [, addr, port] = accepted(server);
      expect([addr, port]).toEqual([host, (local as { port: number }).port]);
    });
  }

  it('a refused TCP connect shows on select and status, once', async () => {
    const server = made(lsocket.bind('127.0.0.1', 0));
    const port = portOf(server);
    server.close();
    const result = lsocket.connect('127.0.0.1', port);
    if (result[0] === null) {
      expect(result).toEqual([null, 'Connection refused']);
      return;
    }
    const client = made(result);
    const [r, w] = await lsocket.select([client], [client], 5);
    expect(r).toEqual([client]);
    expect(w).toEqual([client]);
    expect(client.status()).toEqual([null, 'Connection refused']);
    expect(client.status()).toEqual([true]);
  });

  it('a connect that never completes: select times out, status true, I/O not ready', async () => {
    // A listener with backlog 0 holds one connection; the next SYN is dropped.
    const server = made(lsocket.bind('127.0.0.1', 0, 0));
    const first = made(lsocket.connect('127.0.0.1', portOf(server)));
    await writable(first);
    await sleep(20);
    const stuck = made(lsocket.connect('127.0.0.1', portOf(server)));
    expect(await lsocket.select(null, [stuck], 0.2)).toEqual([false]);
    expect(stuck.status()).toEqual([true]);
    expect(stuck.recv()).toEqual([false]);
    expect(stuck.send('x')).toEqual([false]);
    expect(stuck.info('peer')).toEqual([null, 'Transport endpoint is not connected']);
  });

  it('raises for a missing or non-string address, and for non-number port or ttl', () => {
    const connect = lsocket.connect as (...args: unknown[]) => unknown;
    expect(() => connect()).toThrow(new TypeError("bad argument #1 to 'connect' (string expected, got no value)"));
    expect(() => connect('tcp')).toThrow(new TypeError("bad argument #2 to 'connect' (string expected, got no value)"));
    expect(() => connect('udp', {}, 1)).toThrow(new TypeError("bad argument #2 to 'connect' (string expected, got table)"));
    expect(() => connect('127.0.0.1', 'x')).toThrow(new TypeError("bad argument #2 to 'connect' (number expected, got string)"));
    expect(() => connect('mcast', '127.0.0.1', 9, 'x')).toThrow(new TypeError("bad argument #4 to 'connect' (number expected, got string)"));
  });

  it('returns the getaddrinfo error for a missing port, and accepts a number as address', async () => {
    expect(lsocket.connect('127.0.0.1')).toEqual([null, 'Servname not supported for ai_socktype']);
    expect(lsocket.connect('1.2.3.4.5', 80)).toEqual([null, 'Name or service not known']);
    const server = made(lsocket.bind('127.0.0.1', 0));
    const client = made(lsocket.connect(2130706433, portOf(server)));
    await writable(client);
    expect(client.info('peer')[0]).toMatchObject({ addr: '127.0.0.1' });
  });

  it('unix: connects at once; a missing path, a plain file or an unbound name is refused', async () => {
    const path = unixPath();
    const server = made(lsocket.bind(path));
    const client = made(lsocket.connect(path));
    expect(client.status()).toEqual([true]);
    expect(client.info()[0]).toMatchObject({ family: 'unix', type: 'tcp', listening: false });
    expect(client.info('socket')).toEqual([{ family: 'unix', addr: '' }]);
    expect(client.info('peer')).toEqual([{ family: 'unix', addr: path }]);
    await readable(server);
    const result = server.accept();
    expect(result).toHaveLength(3);
    const [peer, addr, port] = result as [Socket, null, null];
    made([peer]);
    expect([addr, port]).toEqual([null, null]);
    expect(peer.info()[0]).toMatchObject({ family: 'unix', type: 'tcp', listening: false });
    expect(peer.info('socket')).toEqual([{ family: 'unix', addr: path }]);
    expect(peer.info('peer')).toEqual([{ family: 'unix', addr: '' }]);
    expect(lsocket.connect(unixPath())).toEqual([null, 'No such file or directory']);
    const file = unixPath();
    writeFileSync(file, 'not a socket');
    expect(lsocket.connect(file)).toEqual([null, 'Connection refused']);
    expect(lsocket.connect(abstractName())).toEqual([null, 'Connection refused']);
    expect(lsocket.connect('mcast', unixPath(), 0)).toEqual([null, 'multicast not available for unix domain sockets.']);
  });

  it("abstract names count lsocket's trailing NUL: interop with a plain abstract socket", async () => {
    const name = abstractName();
    const server = made(lsocket.bind(name));
    const client = made(lsocket.connect(name));
    await readable(server);
    accepted(server);
    // A peer that leaves out the trailing NUL names another socket.
    const plain = CoreSocket.open(AF_UNIX, SOCK_STREAM) as CoreSocket;
    try {
      expect(plain.connect({ family: 'unix', path: name.slice(1), abstract: true })).toBeLessThan(0);
      const withNul = Buffer.from(`\0${name.slice(1)}\0`);
      expect(plain.connect({ family: 'unix', path: '', bytes: withNul })).toBe(0);
    } finally {
      plain.close();
    }
    expect(client.status()).toEqual([true]);
    // And a plain abstract server is out of lsocket's reach.
    const other = CoreSocket.open(AF_UNIX, SOCK_STREAM) as CoreSocket;
    try {
      const bare = abstractName();
      expect(other.bind({ family: 'unix', path: bare.slice(1), abstract: true })).toBe(0);
      expect(other.listen(1)).toBe(0);
      expect(lsocket.connect(bare)).toEqual([null, 'Connection refused']);
    } finally {
      other.close();
    }
  });

  it('UDP: connect never fails; a closed port shows as Connection refused once', async () => {
    const gone = made(lsocket.bind('udp', '127.0.0.1', 0));
    const port = portOf(gone);
    gone.close();
    const client = made(lsocket.connect('udp', '127.0.0.1', port));
    expect(client.info()[0]).toMatchObject({ type: 'udp', listening: false });
    expect(client.send('ping')).toEqual([4]);
    expect(await until(() => client.recv())).toEqual([null, 'Connection refused']);
    expect(client.recv()).toEqual([false]);
  });

  it('a connected UDP socket only hears its peer', async () => {
    const [a, b] = udpSockets(2) as [Socket, Socket];
    const client = made(lsocket.connect('udp', '127.0.0.1', portOf(a)));
    const clientPort = (client.info('socket')[0] as { port: number }).port;
    expect(b.sendto('stranger', '127.0.0.1', clientPort)).toEqual([8]);
    expect(a.sendto('peer', '127.0.0.1', clientPort)).toEqual([4]);
    await readable(client);
    expect(client.recv()).toEqual([Buffer.from('peer')]);
    expect(client.recv()).toEqual([false]);
  });

  it('mcast: TTL and hop limits are checked by the kernel', () => {
    const s = made(lsocket.connect('mcast', '127.0.0.1', 9));
    expect(s.info()[0]).toMatchObject({ type: 'udp', listening: false, multicast: true });
    made(lsocket.connect('mcast', '127.0.0.1', 9, 255));
    made(lsocket.connect('mcast', '::1', 9, -1));
    expect(lsocket.connect('mcast', '127.0.0.1', 9, 300)).toEqual([null, 'Invalid argument']);
    expect(lsocket.connect('mcast', '::1', 9, 256)).toEqual([null, 'Invalid argument']);
    // A TTL the C int cannot hold is INT_MIN on x86-64, NaN too.
    for (const ttl of [Number.NaN, Infinity, 1e10]) expect(lsocket.connect('mcast', '127.0.0.1', 9, ttl)).toEqual([null, 'Invalid argument']);
  });
});
