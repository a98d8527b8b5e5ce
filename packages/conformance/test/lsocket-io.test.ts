// lsocket I/O: recv, recvfrom, send and sendto on every return path: data, not ready
// (false), end of stream (a lone nil), errors (nil, message) and raised bad arguments.
import lsocket, { type Socket } from '@sockport/lsocket';
import { describe, expect, it } from 'vitest';
import { made, portOf, readable, setupLsocket, sleep, tcpTrio, udpSockets, unixPath, unixTrio, until } from '../src/lsocket/support.js';

setupLsocket();

describe(`lsocket recv and send on ${process.env.SOCKPORT_POLLER}`, () => {
  it('recv: false when nothing waits, the data when it does, as much as asked', async () => {
    const [, client, peer] = await tcpTrio();
    expect(peer.recv()).toEqual([false]);
    expect(client.send('hello world')).toEqual([11]);
    await readable(peer);
    expect(peer.recv(5)).toEqual([Buffer.from('hello')]);
    expect(peer.recv(1.9)).toEqual([Buffer.from(' ')]);
    expect(peer.recv('100' as unknown as number)).toEqual([Buffer.from('world')]);
    expect(peer.recv()).toEqual([false]);
  });

  it('recv reads at most 8192 bytes by default', async () => {
    const [, client, peer] = await tcpTrio('inet6');
    expect(client.send(Buffer.alloc(20000, 'z'))).toEqual([20000]);
    await readable(peer);
    await sleep(20);
    const [first] = peer.recv();
    expect((first as Buffer).length).toBe(8192);
  });

  it('recv(0) is a lone nil with data waiting, false without', async () => {
    const [, client, peer] = await tcpTrio();
    expect(peer.recv(0)).toEqual([false]);
    client.send('x');
    await readable(peer);
    expect(peer.recv(0)).toEqual([null]);
    expect(peer.recv()).toEqual([Buffer.from('x')]);
  });

  it('recv gives a lone nil when the peer closed, and keeps giving it', async () => {
    const [, client, peer] = await tcpTrio();
    client.send('last');
    client.close();
    await readable(peer);
    expect(peer.recv()).toEqual([Buffer.from('last')]);
    const eof = peer.recv();
    expect(eof).toEqual([null]);
    expect(eof).toHaveLength(1);
    expect(peer.recv()).toEqual([null]);
  });

  it("recv reports a reset as 'Connection reset by peer'", async () => {
    const [, client, peer] = await tcpTrio();
    client.send('unread');
    await readable(peer);
    peer.close(); // unread data: the kernel resets the connection
    await readable(client);
    expect(client.recv()).toEqual([null, 'Connection reset by peer']);
  });

  it('recv raises for a bad size, and errors on closed or unconnected sockets', () => {
    const listener = made(lsocket.bind('127.0.0.1', 0));
    expect(() => listener.recv('x' as unknown as number)).toThrow(new TypeError("bad argument #1 to 'recv' (number expected, got string)"));
    expect(() => listener.recv(2 ** 32)).toThrow(new TypeError("bad argument #1 to 'recv' (invalid number)"));
    expect(() => listener.recvfrom(2 ** 32)).toThrow(new TypeError("bad argument #1 to 'recvfrom' (invalid number)"));
    expect(listener.recv()).toEqual([null, 'Transport endpoint is not connected']);
    listener.close();
    expect(listener.recv()).toEqual([null, 'Bad file descriptor']);
    expect(listener.recvfrom()).toEqual([null, 'Bad file descriptor']);
  });

  it('send returns the count; numbers and bytes are sent as given, empty text as 0', async () => {
    const [, client, peer] = await tcpTrio();
    expect(client.send('')).toEqual([0]);
    expect(client.send(12345)).toEqual([5]);
    expect(client.send(1.5)).toEqual([3]);
    expect(client.send(new Uint8Array([33, 10]))).toEqual([2]);
    await readable(peer);
    await sleep(10);
    expect(peer.recv()).toEqual([Buffer.from('123451.5!\n')]);
  });

  it('send raises for missing or non-string data', async () => {
    const [, client] = await tcpTrio();
    const send = client.send.bind(client) as (...args: unknown[]) => unknown;
    expect(() => send()).toThrow(new TypeError("bad argument #1 to 'send' (string expected, got no value)"));
    expect(() => send({})).toThrow(new TypeError("bad argument #1 to 'send' (string expected, got table)"));
    expect(() => send(null)).toThrow(new TypeError("bad argument #1 to 'send' (string expected, got nil)"));
  });

  it('send takes what the kernel can, then answers false until there is room', async () => {
    const [, client, peer] = await tcpTrio();
    const chunk = Buffer.alloc(1 << 20, 'f');
    let total = 0;
    let last: unknown[] = [];
    for (let i = 0; i < 200; i++) {
      last = client.send(chunk);
      if (last[0] === false) break;
      total += last[0] as number;
    }
    expect(last).toEqual([false]);
    expect(total).toBeGreaterThan(0);
    expect(await lsocket.select(null, [client], 0.05)).toEqual([false]);
    let read = 0;
    for (let i = 0; i < 10000 && read < total; i++) {
      const [data] = peer.recv(1 << 20);
      if (data === false) await readable(peer);
      else read += (data as Buffer).length;
    }
    expect(read).toBe(total);
    const [, ready] = await lsocket.select(null, [client], 5);
    expect(ready).toEqual([client]);
  });

  it("send after the peer closed: one more send, then 'Broken pipe'", async () => {
    const [, client, peer] = await tcpTrio();
    peer.close();
    await readable(client);
    expect(client.send('a')).toEqual([1]);
    await sleep(20);
    expect(client.send('b')).toEqual([null, 'Broken pipe']);
  });

  it("send after a reset: 'Connection reset by peer'", async () => {
    const [, client, peer] = await tcpTrio();
    client.send('unread');
    await readable(peer);
    peer.close();
    await readable(client);
    expect(client.send('x')).toEqual([null, 'Connection reset by peer']);
  });

  it('send errors: a listener, an unconnected UDP socket, a closed socket', () => {
    const listener = made(lsocket.bind('127.0.0.1', 0));
    expect(listener.send('x')).toEqual([null, 'Broken pipe']);
    const udp = made(lsocket.bind('udp', '127.0.0.1', 0));
    expect(udp.send('x')).toEqual([null, 'Destination address required']);
    udp.close();
    expect(udp.send('x')).toEqual([null, 'Bad file descriptor']);
  });
});

describe(`lsocket datagrams on ${process.env.SOCKPORT_POLLER}`, () => {
  for (const [family, host] of [['inet', '127.0.0.1'], ['inet6', '::1']] as const) {
    it(`sendto and recvfrom over ${family}, with the sender's address`, async () => {
      const [a, b] = udpSockets(2, host) as [Socket, Socket];
      expect(b.recvfrom()).toEqual([false]);
      expect(a.sendto('hi', host, portOf(b))).toEqual([2]);
      expect(a.sendto(42, host, String(portOf(b)) as unknown as number)).toEqual([2]);
      await readable(b);
      expect(b.recvfrom()).toEqual([Buffer.from('hi'), host, portOf(a)]);
      expect(await until(() => b.recvfrom())).toEqual([Buffer.from('42'), host, portOf(a)]);
      expect(b.recvfrom()).toEqual([false]);
    });
  }

  it('a datagram longer than the size is cut and the rest is lost', async () => {
    const [a, b] = udpSockets(2) as [Socket, Socket];
    a.sendto('0123456789', '127.0.0.1', portOf(b));
    a.sendto('abc', '127.0.0.1', portOf(b));
    await readable(b);
    expect(b.recv(4)).toEqual([Buffer.from('0123')]);
    expect(await until(() => b.recv(4))).toEqual([Buffer.from('abc')]);
  });

  it('an empty datagram reads as a lone nil', async () => {
    const [a, b] = udpSockets(2) as [Socket, Socket];
    expect(a.sendto('', '127.0.0.1', portOf(b))).toEqual([0]);
    expect(a.sendto('', '127.0.0.1', portOf(b))).toEqual([0]);
    await readable(b);
    expect(b.recv()).toEqual([null]);
    expect(await until(() => b.recvfrom())).toEqual([null]);
  });

  it('unix datagrams carry the sender path, port 0', async () => {
    const serverPath = unixPath();
    const clientPath = unixPath();
    const server = made(lsocket.bind('udp', serverPath));
    const client = made(lsocket.bind('udp', clientPath));
    expect(client.sendto('ping', serverPath, 0)).toEqual([4]);
    await readable(server);
    expect(server.recvfrom()).toEqual([Buffer.from('ping'), clientPath, 0]);
    expect(server.sendto('pong', clientPath, 0)).toEqual([4]);
    await readable(client);
    expect(client.recvfrom()).toEqual([Buffer.from('pong'), serverPath, 0]);
  });

  it('a unix path that is not UTF-8 comes back as its bytes, which name the same socket', async () => {
    const serverPath = Buffer.concat([Buffer.from(unixPath()), Buffer.from([0xe9])]);
    const clientPath = Buffer.concat([Buffer.from(unixPath()), Buffer.from([0xff])]);
    const server = made(lsocket.bind('udp', serverPath));
    const client = made(lsocket.bind('udp', clientPath));
    expect(server.info('socket')).toEqual([{ family: 'unix', addr: serverPath }]);
    expect(client.sendto('ping', serverPath, 0)).toEqual([4]);
    await readable(server);
    const [data, from] = server.recvfrom();
    expect([data, from]).toEqual([Buffer.from('ping'), clientPath]);
    expect(server.sendto('pong', from as Buffer, 0)).toEqual([4]);
    await readable(client);
    expect(client.recv()).toEqual([Buffer.from('pong')]);
  });

  it('sendto errors: wrong family, port 0, closed socket, a TCP listener', () => {
    const udp = made(lsocket.bind('udp', '127.0.0.1', 0));
    expect(udp.sendto('x', '::1', 9)).toEqual([null, 'Address family not supported by protocol']);
    expect(udp.sendto('x', unixPath(), 9)).toEqual([null, 'Address family not supported by protocol']);
    expect(udp.sendto('x', '127.0.0.1', 0)).toEqual([null, 'Invalid argument']);
    expect(udp.sendto('x', '1.2.3.4.5', 9)).toEqual([null, 'Name or service not known']);
    udp.close();
    expect(udp.sendto('x', '127.0.0.1', 9)).toEqual([null, 'ai_socktype not supported']);
    const listener = made(lsocket.bind('127.0.0.1', 0));
    expect(listener.sendto('x', '127.0.0.1', 9)).toEqual([null, 'Broken pipe']);
  });

  it('sendto on a connected TCP socket ignores the address', async () => {
    const [, client, peer] = await tcpTrio();
    expect(client.sendto('via sendto', '127.0.0.1', 9)).toEqual([10]);
    await readable(peer);
    expect(peer.recv()).toEqual([Buffer.from('via sendto')]);
  });

  it('sendto a unix path of 108 bytes: the kernel judges the 111-byte address lsocket makes', async () => {
    const long = `/tmp/${'a'.repeat(103)}`;
    const udp4 = made(lsocket.bind('udp', '127.0.0.1', 0));
    expect(udp4.sendto('x', long, 0)).toEqual([null, 'Address family not supported by protocol']);
    const udp6 = made(lsocket.bind('udp', '::1', 0));
    expect(udp6.sendto('x', long, 0)).toEqual([null, 'Invalid argument']);
    const unix = made(lsocket.bind('udp', unixPath()));
    expect(unix.sendto('x', long, 0)).toEqual([null, 'Invalid argument']);
    const [, client, peer] = await tcpTrio();
    expect(client.sendto('ab', long, 1)).toEqual([2]);
    await readable(peer);
    expect(peer.recv()).toEqual([Buffer.from('ab')]);
  });

  it('sendto raises for missing data, address or port', () => {
    const udp = made(lsocket.bind('udp', '127.0.0.1', 0));
    const sendto = udp.sendto.bind(udp) as (...args: unknown[]) => unknown;
    expect(() => sendto()).toThrow(new TypeError("bad argument #1 to 'sendto' (string expected, got no value)"));
    expect(() => sendto('x')).toThrow(new TypeError("bad argument #2 to 'sendto' (string expected, got no value)"));
    expect(() => sendto('x', '127.0.0.1')).toThrow(new TypeError("bad argument #3 to 'sendto' (number expected, got no value)"));
    expect(() => sendto('x', '127.0.0.1', 'y')).toThrow(new TypeError("bad argument #3 to 'sendto' (number expected, got string)"));
  });

  it('a connected UDP socket can sendto its peer, and recv works on any socket', async () => {
    const server = made(lsocket.bind('udp', '::1', 0));
    const client = made(lsocket.connect('udp', '::1', portOf(server)));
    expect(client.sendto('direct', '::1', portOf(server))).toEqual([6]);
    await readable(server);
    expect(server.recv()).toEqual([Buffer.from('direct')]);
  });

  it('recvfrom on a stream socket gives the peer, unix streams their path', async () => {
    const [, client, peer] = await tcpTrio();
    client.send('s');
    await readable(peer);
    const local = client.info('socket')[0] as { port: number };
    expect(peer.recvfrom()).toEqual([Buffer.from('s'), '127.0.0.1', local.port]);
    const [, uclient, upeer] = await unixTrio();
    uclient.send('u');
    await readable(upeer);
    expect(upeer.recvfrom()).toEqual([Buffer.from('u'), '', 0]);
  });
});
