// Twin of lua/options.lua: socket options, levels, raises, linger, nonblock.
import socket, { errno } from '@sockport/tarantool-socket';
import type { Printer } from '../format.js';

type Loose = Record<string, (...args: unknown[]) => unknown>;

export async function run(p: Printer): Promise<void> {
  const show = p.show.bind(p);
  const t = socket('AF_INET', 'SOCK_STREAM', 'tcp')!;
  const u = socket('AF_INET', 'SOCK_DGRAM', 'udp')!;
  const lt = t as unknown as Loose;

  for (const o of ['SO_REUSEADDR', 'SO_KEEPALIVE', 'SO_DONTROUTE', 'SO_OOBINLINE', 'SO_BROADCAST']) {
    show(`set ${o} true`, t.setsockopt('SOL_SOCKET', o, true), t.getsockopt('SOL_SOCKET', o));
    show(`set ${o} false`, t.setsockopt('SOL_SOCKET', o, false), t.getsockopt('SOL_SOCKET', o));
  }
  show('SO_RCVBUF 65536', t.setsockopt('SOL_SOCKET', 'SO_RCVBUF', 65536), t.getsockopt('SOL_SOCKET', 'SO_RCVBUF'));
  show('SO_SNDBUF 65536', t.setsockopt('socket', 'SO_SNDBUF', 65536), t.getsockopt('socket', 'SO_SNDBUF'));
  show('SO_RCVBUF float', t.setsockopt('SOL_SOCKET', 'SO_RCVBUF', 10000.7), t.getsockopt('SOL_SOCKET', 'SO_RCVBUF'));
  show('SO_TYPE tcp', t.getsockopt('SOL_SOCKET', 'SO_TYPE'));
  show('SO_TYPE udp', u.getsockopt('SOL_SOCKET', 'SO_TYPE'));
  show('SO_DOMAIN', t.getsockopt('SOL_SOCKET', 'SO_DOMAIN'));
  show('SO_PROTOCOL tcp', t.getsockopt('SOL_SOCKET', 'SO_PROTOCOL'));
  show('SO_PROTOCOL udp', u.getsockopt('SOL_SOCKET', 'SO_PROTOCOL'));
  show('SO_ERROR', t.getsockopt('SOL_SOCKET', 'SO_ERROR'));
  show('SO_ACCEPTCONN before', t.getsockopt('SOL_SOCKET', 'SO_ACCEPTCONN'));
  t.bind('127.0.0.1', 0);
  t.listen();
  show('SO_ACCEPTCONN after', t.getsockopt('SOL_SOCKET', 'SO_ACCEPTCONN'));
  show('SO_PRIORITY', t.setsockopt('SOL_SOCKET', 'SO_PRIORITY', 3), t.getsockopt('SOL_SOCKET', 'SO_PRIORITY'));
  for (const v of [2 ** 31, 2 ** 32 + 3, -(2 ** 31) - 1])
    show(`SO_PRIORITY ${v}`, t.setsockopt('SOL_SOCKET', 'SO_PRIORITY', v), t.getsockopt('SOL_SOCKET', 'SO_PRIORITY'));
  t.setsockopt('SOL_SOCKET', 'SO_PRIORITY', 0);
  await p.try('TCP_SAVED_SYN nothing saved', () => [t.getsockopt('tcp', 'TCP_SAVED_SYN')]);
  show('SO_PEERCRED of tcp', t.getsockopt('SOL_SOCKET', 'SO_PEERCRED'));

  for (const level of ['IPPROTO_TCP', 'SOL_TCP', 'tcp', 'TCP', 6])
    show(`TCP_NODELAY at ${level}`, t.setsockopt(level, 'TCP_NODELAY', true), t.getsockopt(level, 'TCP_NODELAY'));
  show('TCP_KEEPIDLE', t.setsockopt('tcp', 'TCP_KEEPIDLE', 30), t.getsockopt('tcp', 'TCP_KEEPIDLE'));
  show('TCP_KEEPINTVL', t.setsockopt('tcp', 'TCP_KEEPINTVL', 5), t.getsockopt('tcp', 'TCP_KEEPINTVL'));
  show('TCP_KEEPCNT', t.setsockopt('tcp', 'TCP_KEEPCNT', 4), t.getsockopt('tcp', 'TCP_KEEPCNT'));
  show('TCP_CORK', t.setsockopt('tcp', 'TCP_CORK', 1), t.getsockopt('tcp', 'TCP_CORK'));
  show('TCP_KEEPIDLE 0', t.setsockopt('tcp', 'TCP_KEEPIDLE', 0), t.errno(), t.error());
  show('TCP option on udp set', u.setsockopt('tcp', 'TCP_NODELAY', 1), u.errno());
  show('TCP option on udp get', u.getsockopt('tcp', 'TCP_NODELAY'), u.errno());
  show('level SOL_SOCKET number', t.getsockopt(1, 'SO_TYPE'));
  errno(0);
  show('level nil set', lt.setsockopt!.call(t, null, 'SO_REUSEADDR', 1), t.errno(), errno());
  errno(0);
  show('level nil get', lt.getsockopt!.call(t, null, 'SO_REUSEADDR'), t.errno(), errno());
  show('level table', lt.getsockopt!.call(t, {}, 'SO_REUSEADDR'), t.errno());
  show('level foo', t.setsockopt('foo', 'SO_REUSEADDR', 1), t.errno());
  show('level IPPROTO_FOO', t.getsockopt('IPPROTO_FOO', 'SO_REUSEADDR'), t.errno());
  show('level SO_SOCKET', t.getsockopt('SO_SOCKET', 'SO_REUSEADDR'), t.errno());
  show('level IPPROTO_IPV6', t.getsockopt('IPPROTO_IPV6', 'IPV6_V6ONLY'), t.errno());

  await p.try('unknown name', () => [t.setsockopt('SOL_SOCKET', 'SO_BOGUS', 1)]);
  await p.try('unknown name get', () => [t.getsockopt('SOL_SOCKET', 'SO_BOGUS')]);
  await p.try('nil name', () => [lt.getsockopt!.call(t, 'SOL_SOCKET', null)]);
  await p.try('tcp option at SOL_SOCKET', () => [t.getsockopt('SOL_SOCKET', 'TCP_NODELAY')]);
  await p.try('level without table', () => [t.getsockopt('ip', 'IP_TTL')]);
  await p.try('level 0', () => [t.setsockopt(0, 'SO_REUSEADDR', 1)]);
  for (const o of ['SO_TYPE', 'SO_ACCEPTCONN', 'SO_ERROR', 'SO_DOMAIN', 'SO_PROTOCOL', 'SO_PEERCRED', 'SO_LINGER'])
    await p.try(`set read-only ${o}`, () => [t.setsockopt('SOL_SOCKET', o, 1)]);
  await p.try('set read-only TCP_INFO', () => [t.setsockopt('tcp', 'TCP_INFO', 1)]);
  await p.try('get SO_LINGER', () => [t.getsockopt('SOL_SOCKET', 'SO_LINGER')]);
  await p.try('get TCP_INFO', () => [t.getsockopt('tcp', 'TCP_INFO')]);
  await p.try('set string value', () => [t.setsockopt('SOL_SOCKET', 'SO_RCVBUF', '5000')]);
  await p.try('set nil value', () => [lt.setsockopt!.call(t, 'SOL_SOCKET', 'SO_RCVBUF', null)]);
  await p.try('set no receiver', () => [lt.setsockopt!.call(null, 'SOL_SOCKET', 'SO_RCVBUF', 1)]);

  show('SO_RCVTIMEO set', t.setsockopt('SOL_SOCKET', 'SO_RCVTIMEO', 5), t.errno());
  show('SO_RCVTIMEO get', t.getsockopt('SOL_SOCKET', 'SO_RCVTIMEO'));

  const d = socket('AF_INET', 'SOCK_STREAM', 'tcp')!;
  show('SO_BINDTODEVICE unbound', d.getsockopt('SOL_SOCKET', 'SO_BINDTODEVICE'));
  show('SO_BINDTODEVICE lo', d.setsockopt('SOL_SOCKET', 'SO_BINDTODEVICE', 'lo'), d.errno());
  show('SO_BINDTODEVICE get', d.getsockopt('SOL_SOCKET', 'SO_BINDTODEVICE'));
  show('SO_BINDTODEVICE with a NUL', d.setsockopt('SOL_SOCKET', 'SO_BINDTODEVICE', 'lo\0x'), d.errno());
  show('SO_BINDTODEVICE get again', d.getsockopt('SOL_SOCKET', 'SO_BINDTODEVICE'));
  show('SO_BINDTODEVICE nil', d.setsockopt('SOL_SOCKET', 'SO_BINDTODEVICE', null as never), d.errno());
  await p.try('getsockopt name true', () => [d.getsockopt('SOL_SOCKET', true as never)]);
  await p.try('setsockopt name false', () => [d.setsockopt('SOL_SOCKET', false as never, 1)]);
  d.close();

  const l = socket('AF_INET', 'SOCK_STREAM', 'tcp')!;
  show('linger default', ...l.linger());
  show('linger set', ...l.linger(true, 5));
  show('linger read', ...l.linger());
  show('linger 1, 2', ...l.linger(1, 2));
  show('linger yes', ...l.linger('yes', 3));
  show('linger read yes', ...l.linger());
  show('linger 0 is truthy', ...l.linger(0));
  show('linger read 0', ...l.linger());
  show('linger false', ...l.linger(false));
  show('linger read false', ...l.linger());
  show('linger float', ...l.linger(true, 2.5));
  show('linger true, true', ...l.linger(true, true));
  show('linger read true', ...l.linger());
  show('linger true, false', ...l.linger(true, false));
  show('linger read false timeout', ...l.linger());
  show('linger read float', ...l.linger());
  for (const v of [1e10, NaN, Infinity]) show(`linger ${v === 1e10 ? '10000000000' : v === Infinity ? 'inf' : 'nan'}`, ...l.linger(true, v));
  await p.try('linger string timeout', () => l.linger(true, '3' as unknown as number));
  l.close();

  const n = socket('AF_INET', 'SOCK_STREAM', 'tcp')!;
  show('nonblock default', n.nonblock());
  show('nonblock false', n.nonblock(false), n.nonblock());
  show('nonblock 0', n.nonblock(0), n.nonblock());
  show('nonblock false again', n.nonblock(false));
  show('nonblock no', n.nonblock('no'), n.nonblock(null));
  show('nonblock errno', n.errno());
  n.close();

  t.close();
  u.close();
}
