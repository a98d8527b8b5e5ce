// lsocket socket methods besides I/O: info, status, getfd, setfd, accept and close
// (behaviour file §4).
import { spawnSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { Socket as CoreSocket } from '@sockport/core';
import lsocket, { type Socket } from '@sockport/lsocket';
import { describe, expect, it } from 'vitest';
import { made, portOf, readable, setupLsocket, sleep, tcpTrio, udpSockets } from '../src/lsocket/support.js';

setupLsocket();

describe(`lsocket socket methods on ${process.env.SOCKPORT_POLLER}`, () => {
  it('info takes its argument in any case; other text is a lone nil; tables raise', async () => {
    const [server, client] = await tcpTrio();
    expect(client.info('PEER')).toEqual([{ family: 'inet', addr: '127.0.0.1', port: portOf(server) }]);
    expect(client.info('Socket')[0]).toMatchObject({ family: 'inet', addr: '127.0.0.1' });
    expect(client.info('sockname')).toEqual([null]);
    expect(client.info(5)).toEqual([null]);
    expect(client.info(null)[0]).toMatchObject({ type: 'tcp' });
    expect(() => client.info({} as unknown as string)).toThrow(new TypeError("bad argument #1 to 'info' (string expected, got table)"));
    expect(() => client.info(true as unknown as string)).toThrow(new TypeError("bad argument #1 to 'info' (string expected, got boolean)"));
  });

  it("info's word is compared as lsocket's strcasecmp does: up to a NUL, ASCII case only", async () => {
    const [server, client] = await tcpTrio();
    expect(client.info('socket\0junk')[0]).toMatchObject({ family: 'inet', addr: '127.0.0.1' });
    expect(client.info(Buffer.from('PEER\0'))).toEqual([{ family: 'inet', addr: '127.0.0.1', port: portOf(server) }]);
    // The Kelvin sign lower-cases to k in JavaScript, never in strcasecmp.
    expect(client.info('SOC\u212AET')).toEqual([null]);
  });

  it('close: true, again true; the socket is then closed, unknown and not listening', () => {
    const s = made(lsocket.bind('127.0.0.1', 0));
    expect(s.close()).toEqual([true]);
    expect(s.close()).toEqual([true]);
    expect(s.getfd()).toBe(-1);
    expect(s.info()).toEqual([{ fd: -1, family: 'inet', type: 'unknown', listening: false, multicast: false }]);
    expect(s.info('socket')).toEqual([null, 'Bad file descriptor']);
    expect(s.info('peer')).toEqual([null, 'Bad file descriptor']);
    expect(s.status()).toEqual([null, 'Bad file descriptor']);
  });

  it('status reads the pending error once', async () => {
    const [, client, peer] = await tcpTrio();
    expect(client.status()).toEqual([true]);
    client.send('unread');
    await readable(peer);
    peer.close();
    await readable(client);
    expect(client.status()).toEqual([null, 'Connection reset by peer']);
    expect(client.status()).toEqual([true]);
  });

  it('getfd gives the descriptor, the one info shows', () => {
    const s = made(lsocket.bind('udp', '::1', 0));
    expect(Number.isInteger(s.getfd())).toBe(true);
    expect(s.getfd()).toBe(s.info()[0].fd);
  });

  it('setfd(-1) gives the descriptor up: the kernel socket stays open', async () => {
    const [, client, peer] = await tcpTrio();
    const fd = peer.getfd();
    expect(peer.setfd(-1)).toEqual([true]);
    try {
      expect(peer.getfd()).toBe(-1);
      expect(peer.info()[0]).toMatchObject({ fd: -1, type: 'tcp', listening: false });
      expect(peer.close()).toEqual([true]);
      await sleep(20);
      expect(client.recv()).toEqual([false]);
      const borrowed = CoreSocket.borrow(fd) as CoreSocket;
      expect(typeof borrowed).toBe('object');
      borrowed.close();
    } finally {
      closeSync(fd);
    }
    await readable(client);
    expect(client.recv()).toEqual([null]);
  });

  it('setfd(-1) hands the descriptor over to a child process too; before that it is close-on-exec', async () => {
    const [, client, peer] = await tcpTrio();
    const fd = peer.getfd();
    // A child writes to the descriptor number it is given.
    const write = (): number | null =>
      spawnSync(process.execPath, ['-e', `require('fs').writeSync(${fd}, 'hello')`], { stdio: 'ignore', timeout: 10_000 }).status;
    expect(write()).not.toBe(0);
    expect(peer.setfd(-1)).toEqual([true]);
    try {
      expect(write()).toBe(0);
      await readable(client);
      expect(client.recv()).toEqual([Buffer.from('hello')]);
    } finally {
      closeSync(fd);
    }
  });

  it('setfd refuses any other descriptor (returned), and raises for a non-integer', () => {
    const s = made(lsocket.bind('udp', '127.0.0.1', 0));
    expect(s.setfd(3)).toEqual([null, "bad argument #1 to 'setfd' (invalid fd)"]);
    expect(s.setfd(s.getfd())).toEqual([null, "bad argument #1 to 'setfd' (invalid fd)"]);
    const setfd = s.setfd.bind(s) as (...args: unknown[]) => unknown;
    expect(() => setfd()).toThrow(new TypeError("bad argument #1 to 'setfd' (number expected, got no value)"));
    expect(() => setfd('x')).toThrow(new TypeError("bad argument #1 to 'setfd' (number expected, got string)"));
    expect(() => setfd(1.5)).toThrow(new TypeError("bad argument #1 to 'setfd' (number has no integer representation)"));
    // Strings Lua reads as 64-bit integers stay exact (a double would round them to 2^63).
    for (const big of ['9223372036854775807', '0x7fffffffffffffff', ' -9223372036854775808 '])
      expect(setfd(big)).toEqual([null, "bad argument #1 to 'setfd' (invalid fd)"]);
    expect(() => setfd('9223372036854775808')).toThrow(new TypeError("bad argument #1 to 'setfd' (number has no integer representation)"));
    expect(s.getfd()).toBeGreaterThan(2);
  });

  it('accept: false when none waits, else the socket with the peer address and port', async () => {
    for (const host of ['127.0.0.1', '::1']) {
      const server = made(lsocket.bind(host, 0));
      expect(server.accept()).toEqual([false]);
      const client = made(lsocket.connect(host, portOf(server)));
      await readable(server);
      const result = server.accept();
      expect(result).toHaveLength(3);
      const [peer, addr, port] = result as [Socket, string, number];
      made([peer]);
      const local = client.info('socket')[0] as { port: number };
      expect([addr, port]).toEqual([host, local.port]);
      expect(peer.info()[0]).toMatchObject({ family: host === '::1' ? 'inet6' : 'inet', type: 'tcp', listening: false, multicast: false });
      expect(server.accept()).toEqual([false]);
    }
  });

  it('an IPv6 socket bound to a mapped address accepts IPv4 peers, shown in IPv6 form', async () => {
    const server = made(lsocket.bind('::ffff:127.0.0.1', 0));
    expect(server.info()[0].family).toBe('inet6');
    const client = made(lsocket.connect('127.0.0.1', portOf(server)));
    await readable(server);
    const [peer, addr, port] = server.accept() as [Socket, string, number];
    made([peer]);
    expect(peer.info()[0].family).toBe('inet6');
    expect([addr, port]).toEqual(['::ffff:127.0.0.1', portOf(client)]);
    expect(client.info('peer')).toEqual([{ family: 'inet', addr: '127.0.0.1', port: portOf(server) }]);
  });

  it('accepted sockets are non-blocking with SO_REUSEADDR, like every lsocket socket', async () => {
    const [server, client, peer] = await tcpTrio();
    for (const s of [server, client, peer]) {
      const borrowed = CoreSocket.borrow(s.getfd()) as CoreSocket;
      try {
        expect(borrowed.getsockopt('SO_REUSEADDR')).toEqual({ ok: true, value: true });
        expect(borrowed.getNonblock()).toBe(true);
      } finally {
        borrowed.close();
      }
    }
  });

  it('accept on sockets that do not listen: false when idle, the error when readable', async () => {
    const [, client, peer] = await tcpTrio();
    expect(peer.accept()).toEqual([false]);
    client.send('x');
    await readable(peer);
    expect(peer.accept()).toEqual([null, 'Invalid argument']);
    const [udp, sender] = udpSockets(2) as [Socket, Socket];
    expect(udp.accept()).toEqual([false]);
    sender.sendto('d', '127.0.0.1', portOf(udp));
    await readable(udp);
    expect(udp.accept()).toEqual([null, 'Operation not supported']);
  });

  it('accept answers the same for descriptors of 1024 and more, on every backend', async () => {
    // Fill the low numbers, so that the sockets made next get big ones.
    const fillers: number[] = [];
    try {
      while (fillers.length < 1100) fillers.push(openSync('/dev/null', 'r'));
      // No select here: on its backend select refuses such descriptors, as documented.
      const server = made(lsocket.bind('127.0.0.1', 0));
      const client = made(lsocket.connect('127.0.0.1', portOf(server)));
      let accepted = server.accept();
      for (let i = 0; i < 200 && accepted[0] === false; i++) {
        await sleep(5);
        accepted = server.accept();
      }
      const peer = accepted[0] as Socket;
      const [udp] = udpSockets(1) as [Socket];
      expect(peer.getfd()).toBeGreaterThanOrEqual(1024);
      expect(udp.getfd()).toBeGreaterThanOrEqual(1024);
      expect(peer.accept()).toEqual([false]);
      expect(udp.accept()).toEqual([false]);
      client.send('x');
      for (let i = 0; i < 200 && peer.recv(0)[0] === false; i++) await sleep(5);
      expect(peer.accept()).toEqual([null, 'Invalid argument']);
    } finally {
      for (const fd of fillers) closeSync(fd);
    }
  });
});
