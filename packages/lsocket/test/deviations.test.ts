// Every deliberate deviation from lsocket 1.4.1 that the README lists: where the
// original crashes, hangs, ignores an argument or answers with garbage.
import { spawnSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { poller } from '@sockport/core';
import { describe, expect, it } from 'vitest';
import lsocket, { type Socket } from '../src/index.js';
import { made, portOf, readable, sleep, tcpPair, udpSockets } from './helpers.js';

const select = lsocket.select as (...args: unknown[]) => Promise<unknown[]>;
const NO_SOCKETS = [null, 'no open sockets to check and no timeout set'];

// The lowest free descriptor: a socket left open by a failed call would hold it.
function lowestFreeFd(): number {
  const [probe] = lsocket.bind('udp', '127.0.0.1', 0);
  const fd = probe!.getfd();
  probe!.close();
  return fd;
}

describe('deviations from lsocket 1.4.1', () => {
  it('a port beyond 65535 (which glibc or htons would wrap) is refused', () => {
    expect(lsocket.bind('127.0.0.1', 70000)).toEqual([null, 'Invalid argument']);
    expect(lsocket.bind('udp', 70000)).toEqual([null, 'Invalid argument']);
    expect(lsocket.bind(-5)).toEqual([null, 'Invalid argument']);
    expect(lsocket.connect('::1', 65536)).toEqual([null, 'Invalid argument']);
    const udp = made(lsocket.bind('udp', '127.0.0.1', 0));
    expect(udp.sendto('x', '127.0.0.1', 1e6)).toEqual([null, 'Invalid argument']);
    // Negative ports with an address fail in getaddrinfo, as in the original.
    expect(lsocket.connect('127.0.0.1', -5)).toEqual([null, 'Servname not supported for ai_socktype']);
    // So do ports a C int cannot hold, NaN too: INT_MIN on x86-64.
    expect(lsocket.connect('::1', NaN)).toEqual([null, 'Servname not supported for ai_socktype']);
    expect(lsocket.bind('udp', '127.0.0.1', NaN)).toEqual([null, 'Servname not supported for ai_socktype']);
    expect(udp.sendto('x', '127.0.0.1', NaN)).toEqual([null, 'Servname not supported for ai_socktype']);
    expect(lsocket.bind(NaN)).toEqual([null, 'Invalid argument']);
  });

  it('accept on a closed socket returns Bad file descriptor (the original overflows an fd_set)', () => {
    const server = made(lsocket.bind('127.0.0.1', 0));
    server.close();
    expect(server.accept()).toEqual([null, 'Bad file descriptor']);
  });

  it('a negative or NaN read size raises (undefined behaviour in C)', () => {
    const udp = made(lsocket.bind('udp', '127.0.0.1', 0));
    expect(() => udp.recv(-1)).toThrow(new TypeError("bad argument #1 to 'recv' (invalid number)"));
    expect(() => udp.recvfrom(NaN)).toThrow(new TypeError("bad argument #1 to 'recvfrom' (invalid number)"));
  });

  it('recvfrom without a sender address gives the peer, or an empty address and 0', async () => {
    const [client, peer] = await tcpPair('::1');
    client.send('s');
    await readable(peer);
    expect(peer.recvfrom()).toEqual([Buffer.from('s'), '::1', portOf(client)]);
  });

  it('huge read sizes allocate only what arrives', async () => {
    const [client, peer] = await tcpPair();
    client.send('0123456789');
    await readable(peer);
    expect(peer.recv(2 ** 32 - 1)).toEqual([Buffer.from('0123456789')]);
    const [a, b] = udpSockets(2) as [Socket, Socket];
    a.sendto('datagram', '127.0.0.1', portOf(b));
    a.sendto('', '127.0.0.1', portOf(b));
    await readable(b);
    expect(b.recvfrom(2 ** 31)).toEqual([Buffer.from('datagram'), '127.0.0.1', portOf(a)]);
    await readable(b);
    expect(b.recv(2 ** 31)).toEqual([null]);
    expect(b.recv(2 ** 31)).toEqual([false]);
  });

  it('addresses with a NUL byte are refused, not cut short', async () => {
    expect(lsocket.bind('/tmp/lsocket\0x')).toEqual([null, 'Invalid argument']);
    expect(lsocket.connect('127.0.0.1\0junk', 80)).toEqual([null, 'Name or service not known']);
    expect(await lsocket.resolve('localhost\0x')).toEqual([null, 'Name or service not known']);
    // The kind of address and its length are judged on the text C sees, before the NUL.
    expect(lsocket.bind('udp', '127.0.0.1\0/x', 0)).toEqual([null, 'Name or service not known']);
    expect(lsocket.connect('x\0/y', 80)).toEqual([null, 'Name or service not known']);
    expect(lsocket.bind(`/tmp/m\0${'z'.repeat(120)}`)).toEqual([null, 'Invalid argument']);
  });

  it("a failing socket() returns its own error, not a later 'Bad file descriptor'", () => {
    const script = `
      import('${new URL('../dist/index.js', import.meta.url).href}').then(({ default: lsocket }) => {
        const fs = require('node:fs');
        const held = [];
        try { for (;;) held.push(fs.openSync('/dev/null', 'r')); } catch {}
        console.log(JSON.stringify(lsocket.bind('udp', '127.0.0.1', 0)));
      });`;
    const r = spawnSync('sh', ['-c', `ulimit -n 64 && exec "${process.execPath}" -e "$0"`, script], { encoding: 'utf8', timeout: 15_000 });
    expect(r.stdout.trim()).toBe(JSON.stringify([null, 'Too many open files']));
  });

  it('select waits by blocking while the poller cannot start for want of a descriptor, every time', () => {
    const child = new URL('./fixtures/select-at-limit.mjs', import.meta.url).pathname;
    const r = spawnSync('sh', ['-c', `ulimit -n 64 && exec "${process.execPath}" "$0"`, child], { encoding: 'utf8', timeout: 15_000 });
    expect(r.stderr).toBe('');
    const [socket, ...selects] = JSON.parse(r.stdout) as unknown[];
    expect(socket).toMatch(/^socket: 0x/);
    expect(selects).toEqual([[false], [false], [false], [false]]);
  });

  it('a half-built socket is closed at once, not left to the garbage collector', () => {
    const taken = made(lsocket.bind('127.0.0.1', 0));
    const free = lowestFreeFd();
    expect(lsocket.bind('mcast', '::1', 0)).toEqual([null, 'Invalid argument']);
    expect(lsocket.connect('mcast', '127.0.0.1', 9, 999)).toEqual([null, 'Invalid argument']);
    expect(lsocket.bind('127.0.0.1', portOf(taken))).toEqual([null, 'Address already in use']);
    expect(lowestFreeFd()).toBe(free);
  });

  it('select: a negative timeout with no socket returns the message instead of hanging', async () => {
    expect(await select(-5)).toEqual(NO_SOCKETS);
    expect(lsocket.selectSync(-0.5)).toEqual(NO_SOCKETS);
  });

  it('select: something other than a table before a write table raises instead of being ignored', async () => {
    const a = made(lsocket.bind('udp', '127.0.0.1', 0));
    await expect(select(5, [a])).rejects.toThrow(new TypeError("bad argument #1 to 'select' (table expected, got number)"));
    await expect(select(a, [a])).rejects.toThrow(new TypeError("bad argument #1 to 'select' (table expected, got socket)"));
  });

  it('select: a NaN timeout raises, after lsocket\'s own argument checks', async () => {
    await expect(select(NaN)).rejects.toThrow(new TypeError("bad argument #1 to 'select' (timeout is NaN)"));
    const r = made(lsocket.bind('udp', '127.0.0.1', 0));
    await expect(select([r], NaN, 0)).rejects.toThrow(new TypeError("bad argument to 'select' (invalid option)"));
    await expect(select(NaN, 0)).rejects.toThrow(new TypeError("bad argument to 'select' (invalid option)"));
    await expect(select([r], [r], NaN)).rejects.toThrow(new TypeError("bad argument #3 to 'select' (timeout is NaN)"));
  });

  it('select: sockets closed while it waits are dropped from the wait', async () => {
    const [a, b, sender] = udpSockets(3) as [Socket, Socket, Socket];
    const both = lsocket.select([a, b], 5);
    await sleep(20);
    a.close();
    sender.sendto('x', '127.0.0.1', portOf(b));
    expect(await both).toEqual([[b]]);
    const c = made(lsocket.bind('udp', '127.0.0.1', 0));
    const forever = lsocket.select([c]);
    await sleep(20);
    c.close();
    expect(await forever).toEqual(NO_SOCKETS);
    const d = made(lsocket.bind('udp', '127.0.0.1', 0));
    const timed = lsocket.select([d], 0.2);
    await sleep(20);
    d.close();
    expect(await timed).toEqual([false]);
  });

  it("select: descriptors beyond FD_SETSIZE raise only on the select backend", async () => {
    const held: number[] = [];
    try {
      while (held.length < 1100 && (held.at(-1) ?? 0) < 1030) held.push(openSync('/dev/null', 'r'));
      const s = made(lsocket.bind('udp', '127.0.0.1', 0));
      expect(s.getfd()).toBeGreaterThanOrEqual(1024);
      if (poller() === 'select') {
        await expect(lsocket.select([s], 0)).rejects.toThrow(new TypeError("bad argument to 'select' (socket file descriptor too big)"));
        expect(() => lsocket.selectSync([s], 0)).toThrow(new TypeError("bad argument to 'select' (socket file descriptor too big)"));
      } else {
        expect(await lsocket.select([s], 0)).toEqual([false]);
        expect(lsocket.selectSync(null, [s], 0)).toEqual([[], [s]]);
      }
    } finally {
      for (const fd of held) closeSync(fd);
    }
  });
});
