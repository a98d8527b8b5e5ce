// lsocket 'mcast' sockets on loopback: IPv4 broadcast to 127.255.255.255, and IPv6
// multicast to the interface-local group ff01::1 on lo (which needs one route; see
// examples/lsocket/loopback-multicast.mjs).
import { Socket as CoreSocket, type OptionName } from '@sockport/core';
import lsocket, { type Socket } from '@sockport/lsocket';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureLoopbackMulticast, GROUP6 } from '../../../examples/lsocket/loopback-multicast.mjs';
import { made, portOf, readable, setupLsocket, writable } from '../src/lsocket/support.js';

setupLsocket();

// A free UDP port on loopback for a group both ends name.
function freePort(host: string): number {
  const probe = made(lsocket.bind('udp', host, 0));
  const port = portOf(probe);
  probe.close();
  return port;
}

async function exchange(group: string, senderHost: string, port: number): Promise<void> {
  const receiver = made(lsocket.bind('mcast', group, port));
  expect(receiver.info()[0]).toMatchObject({ type: 'udp', listening: true, multicast: true });
  const sender = made(lsocket.connect('mcast', group, port));
  await writable(sender);
  expect(sender.status()).toEqual([true]);
  const senderPort = portOf(sender);
  for (let i = 1; i <= 3; i++) expect(sender.send(`Counting: ${i}`)).toEqual([`Counting: ${i}`.length]);
  const got: unknown[] = [];
  for (let i = 0; i < 3; i++) {
    await readable(receiver);
    got.push(receiver.recvfrom());
  }
  expect(got).toEqual([1, 2, 3].map((i) => [Buffer.from(`Counting: ${i}`), senderHost, senderPort]));
  expect(receiver.recvfrom()).toEqual([false]);
}

describe(`lsocket multicast on ${process.env.SOCKPORT_POLLER}`, () => {
  let ipv6: string | null = null;
  beforeAll(() => {
    ipv6 = ensureLoopbackMulticast();
    if (ipv6 !== null) console.warn(`IPv6 loopback multicast unavailable: ${ipv6}`);
  });

  it('IPv4: broadcasts to 127.255.255.255 reach a socket bound there', async () => {
    await exchange('127.255.255.255', '127.0.0.1', freePort('127.0.0.1'));
  });

  it('mcast sockets get SO_BROADCAST, and a sender its TTL or hop limit', () => {
    const options = (s: Socket, names: OptionName[]): unknown[] => {
      const borrowed = CoreSocket.borrow(s.getfd()) as CoreSocket;
      try {
        return names.map((n) => borrowed.getsockopt(n));
      } finally {
        borrowed.close();
      }
    };
    const receiver = made(lsocket.bind('mcast', '127.0.0.1', 0));
    expect(options(receiver, ['SO_BROADCAST'])).toEqual([{ ok: true, value: true }]);
    const sender = made(lsocket.connect('mcast', '127.0.0.1', 9, 7));
    expect(options(sender, ['SO_BROADCAST', 'IP_MULTICAST_TTL'])).toEqual([{ ok: true, value: true }, { ok: true, value: 7 }]);
    const sender6 = made(lsocket.connect('mcast', '::1', 9));
    expect(options(sender6, ['SO_BROADCAST', 'IPV6_MULTICAST_HOPS'])).toEqual([{ ok: true, value: true }, { ok: true, value: 1 }]);
    const plain = made(lsocket.connect('udp', '127.0.0.1', 9));
    expect(options(plain, ['SO_BROADCAST'])).toEqual([{ ok: true, value: false }]);
  });

  it('IPv6: multicasts to ff01::1 on lo reach a socket that joined the group', async (ctx) => {
    if (ipv6 !== null) ctx.skip(`IPv6 loopback multicast unavailable: ${ipv6}`);
    await exchange(GROUP6, '::1', freePort('::1'));
  });

  it('IPv6: the sender and the receiver see the group as their address', async (ctx) => {
    if (ipv6 !== null) ctx.skip(`IPv6 loopback multicast unavailable: ${ipv6}`);
    const port = freePort('::1');
    const receiver: Socket = made(lsocket.bind('mcast', GROUP6, port));
    const sender: Socket = made(lsocket.connect('mcast', GROUP6, port, 2));
    expect(receiver.info('socket')).toEqual([{ family: 'inet6', addr: 'ff01::1', port }]);
    expect(sender.info('peer')).toEqual([{ family: 'inet6', addr: 'ff01::1', port }]);
  });
});
