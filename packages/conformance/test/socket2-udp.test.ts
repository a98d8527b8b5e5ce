// socket2 UDP on every backend: datagrams to and from addresses, with each return path.
import { rmSync } from 'node:fs';
import socket, { Addr } from '@sockport/socket2';
import { describe, expect, it } from 'vitest';
import { after, inThread, made, portOf, setupSocket2, udpBound, unixPath } from '../src/socket2/helpers.js';

setupSocket2();

describe(`socket2 udp on ${process.env.SOCKPORT_POLLER}`, () => {
  it('send to host, port; recv gives the length and the sender', async () => {
    const [a, port] = await udpBound();
    const b = made(socket.udp());
    const out = await inThread(async () => {
      const sent = await b.send('datagram', null, '127.0.0.1', port);
      const buf = Buffer.alloc(32);
      const [n, from] = await a.recv(buf, 32);
      return [sent, n, buf.toString('utf8', 0, n as number), (from as Addr).tostring()];
    });
    expect(out).toEqual([[8], 8, 'datagram', `127.0.0.1:${portOf(b)}`]);
  });

  it('an empty datagram is length 0 both ways', async () => {
    const [a, port] = await udpBound();
    const b = made(socket.udp());
    const out = await inThread(async () => [await b.send('', null, false, port), (await a.recv(Buffer.alloc(4), 4))[0]]);
    expect(out).toEqual([[0], 0]);
  });

  it('maxlen: send a prefix; a longer datagram is cut to the buffer', async () => {
    const [a, port] = await udpBound();
    const b = made(socket.udp());
    const out = await inThread(async () => {
      await b.send('abcdef', 4, '127.0.0.1', port);
      await b.send('0123456789', null, '127.0.0.1', port);
      const buf = Buffer.alloc(16);
      const [n1] = await a.recv(buf, 16);
      const first = buf.toString('utf8', 0, n1 as number);
      const [n2] = await a.recv(buf, 3);
      return [first, n2, buf.toString('utf8', 0, 3)];
    });
    expect(out).toEqual(['abcd', 3, '012']);
  });

  it('recv from a given host and port discards datagrams from others', async () => {
    const [a, port] = await udpBound();
    const friend = made(socket.udp());
    const stranger = made(socket.udp());
    await friend.bind('127.0.0.1', 0);
    const out = await inThread(async () => {
      await stranger.send('stranger', null, '127.0.0.1', port);
      await friend.send('friend', null, '127.0.0.1', port);
      const buf = Buffer.alloc(16);
      const [n, from] = await a.recv(buf, 16, '127.0.0.1', portOf(friend), after(5));
      return [buf.toString('utf8', 0, n as number), (from as Addr).port()];
    });
    expect(out).toEqual(['friend', portOf(friend)]);
  });

  it('send and recv with ai objects in place of host, port', async () => {
    const [a, port] = await udpBound();
    const [to] = await socket.addr('127.0.0.1', port, 'udp');
    const b = made(socket.udp());
    await b.bind('127.0.0.1', 0);
    const [from] = await socket.addr('127.0.0.1', portOf(b), 'udp');
    const out = await inThread(async () => {
      const sent = await b.send('ai', null, to!, after(5));
      const [n] = await a.recv(Buffer.alloc(4), 4, from!, after(5));
      return [sent, n];
    });
    expect(out).toEqual([[2], 2]);
  });

  it('IPv6 datagrams', async () => {
    const [a, port] = await udpBound('inet6');
    const b = made(socket.udp('inet6'));
    const out = await inThread(async () => {
      await b.send('v6', null, '::1', port);
      const [n, from] = await a.recv(Buffer.alloc(4), 4);
      return [n, (from as Addr).family(), (from as Addr).addr().tostring()];
    });
    expect(out).toEqual([2, 'inet6', '::1']);
  });

  it('unix datagram sockets', async () => {
    const path = unixPath();
    const a = made(socket.udp('unix'));
    expect(await a.bind(path)).toEqual([true]);
    const b = made(socket.udp('unix'));
    const out = await inThread(async () => {
      const sent = await b.send('local', null, path);
      const buf = Buffer.alloc(8);
      const [n, from] = await a.recv(buf, 8);
      return [sent, buf.toString('utf8', 0, n as number), (from as Addr).family(), (from as Addr).tostring()];
    });
    // The sender is unbound: its address has no name.
    expect(out).toEqual([[5], 'local', 'unix', '']);
    rmSync(path);
  });

  it('send errors: port 0, wrong family, unknown host, bad service', async () => {
    const b = made(socket.udp());
    const out = await inThread(async () => [
      await b.send('x', null, '127.0.0.1', 0),
      await b.send('x', null, '::1', 9),
      await b.send('x', null, 'no-such-host.invalid', 9),
      await b.send('x', null, '127.0.0.1', 'nope'),
    ]);
    expect(out).toEqual([
      [null, 'Invalid argument', 22],
      [null, 'Address family for hostname not supported', -9],
      [null, 'Name or service not known', -2],
      [null, 'Servname not supported for ai_socktype', -8],
    ]);
  });

  it('a message too long for a datagram is an error triple', async () => {
    const b = made(socket.udp());
    const out = await inThread(() => b.send(Buffer.alloc(70000), null, '127.0.0.1', 9));
    expect(out).toEqual([null, 'Message too long', 90]);
  });
});
