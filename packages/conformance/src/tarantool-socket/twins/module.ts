// Twin of lua/module.lua: the module table, its constants, errno, socket() and receiver checks.
import socket, { errno, type SocketObject } from '@sockport/tarantool-socket';
import type { Printer } from '../format.js';
import { pair } from './common.js';

export async function run(p: Printer): Promise<void> {
  const show = p.show.bind(p);
  const mod = socket as unknown as Record<string, unknown>;
  show('type socket', typeof socket);
  for (const k of ['tcp_connect', 'getaddrinfo', 'tcp_server', 'iowait', 'tcp', 'connect', 'bind']) show(`type socket.${k}`, typeof mod[k]);
  show('iowait is internal.iowait', socket.iowait === socket.internal.iowait);
  show('SHUT_RD', socket.SHUT_RD);
  show('SHUT_WR', socket.SHUT_WR);
  show('SHUT_RDWR', socket.SHUT_RDWR);
  show('DOMAIN', socket.internal.DOMAIN);
  show('SO_TYPE', socket.internal.SO_TYPE);
  show('SEND_FLAGS', socket.internal.SEND_FLAGS);
  show('AI_FLAGS', socket.internal.AI_FLAGS);
  show('SOL_SOCKET', socket.internal.SOL_SOCKET);
  show('protocols', socket.internal.protocols);
  show('SO_OPT[1]', socket.internal.SO_OPT[1]);
  show('SO_OPT[6]', socket.internal.SO_OPT[6]);
  show('SO_OPT[0]', socket.internal.SO_OPT[0]);

  errno(0);
  show('errno()', errno());
  show('errno(5)', errno(5));
  show('errno() after set', errno());
  show('errno(0)', errno(0));
  show('strerror()', errno.strerror());
  show('strerror(111)', errno.strerror(111));
  show('strerror(0)', errno.strerror(0));
  errno(104);
  show('strerror() current', errno.strerror());
  show('constants', errno.EAGAIN, errno.EINPROGRESS, errno.ECONNREFUSED, errno.ETIMEDOUT, errno.EPIPE, errno.ENOTSUP);
  show('unknown constant', errno.EFOOBAR);
  for (const [name, v] of [['2147483648', 2 ** 31], ['true', true], ['-1.7', -1.7], ['inf', Infinity], ['false', false]] as const) show(`errno(${name})`, errno(v), errno());
  show('strerror(2^31)', errno.strerror(2 ** 31));
  show('strerror text', errno.strerror('3'));
  errno(0);

  const make = (label: string, ...args: unknown[]): void => {
    errno(0);
    const s = (socket as (...a: unknown[]) => SocketObject | null | undefined)(...args);
    show(label, s === undefined ? 0 : 1, s !== null && s !== undefined, errno());
    if (s) {
      show(`${label} nonblock`, s.nonblock());
      show(`${label} itype`, s.itype);
      s.close();
    }
  };
  make('socket tcp', 'AF_INET', 'SOCK_STREAM', 'tcp');
  make('socket udp6', 'AF_INET6', 'SOCK_DGRAM', 'udp');
  make('socket unix', 'AF_UNIX', 'SOCK_STREAM', 0);
  make('socket PF', 'PF_INET', 'SOCK_STREAM', 0);
  make('socket numbers', 2, 1, 6);
  make('socket TCP name', 'AF_INET', 'SOCK_STREAM', 'TCP');
  make('socket lower domain', 'inet', 'SOCK_STREAM', 'tcp');
  make('socket bad type', 'AF_INET', 'STREAM', 'tcp');
  make('socket bad proto', 'AF_INET', 'SOCK_STREAM', 'nosuchproto');
  make('socket nil proto', 'AF_INET', 'SOCK_STREAM', null);
  make('socket table proto', 'AF_INET', 'SOCK_STREAM', {});
  make('socket 999 domain', 999, 1, 0);
  make('socket wrong proto', 'AF_INET', 'SOCK_STREAM', 'udp');
  make('socket 999 type', 2, 999, 0);
  show('protocols after TCP', socket.internal.protocols);

  const s = socket('AF_INET', 'SOCK_STREAM', 'tcp')!;
  const m = s as unknown as Record<string, (...a: unknown[]) => unknown>;
  await p.try('close no receiver', () => [m.close!.call(undefined)]);
  await p.try('close non-socket', () => [m.close!.call({})]);
  await p.try('errno non-socket', () => [m.errno!.call('x')]);
  await p.try('syswrite bad data', () => [m.syswrite!.call(s, 5)]);
  await p.try('syswrite no receiver bad data', () => [m.syswrite!.call(null, null)]);
  await p.try('syswrite non-socket', () => [m.syswrite!.call({}, 'x')]);
  show('close', s.close());
  await p.try('close again', () => [s.close()]);
  await p.try('errno closed', () => [s.errno()]);
  await p.try('error closed', () => [s.error()]);
  await p.try('fd closed', () => [s.fd()]);
  await p.try('tostring closed', () => [String(s)]);
  await p.try('read closed', async () => [await s.read(1)]);
  await p.try('name closed', () => [s.name()]);
  await p.try('nonblock closed', () => [s.nonblock()]);
  await p.try('readable closed', async () => [await s.readable(0)]);

  // glibc's protocol lookups leave errno 0: name() and peer() of a socket whose protocol
  // is not 0, and the first lookup of a protocol name (not once it is cached).
  const [pa, pb] = await pair();
  errno(7);
  pa.name();
  show('errno after tcp name()', errno());
  errno(7);
  pa.peer();
  show('errno after tcp peer()', errno());
  errno(7);
  String(pa);
  show('errno after tostring(tcp)', errno());
  const ux = socket('AF_UNIX', 'SOCK_STREAM', 0)!;
  errno(7);
  ux.name();
  show('errno after unix name()', errno());
  ux.close();
  errno(7);
  let ul = socket('AF_INET', 'SOCK_DGRAM', 'udplite')!;
  show('errno after udplite 1st', errno());
  ul.close();
  errno(7);
  ul = socket('AF_INET', 'SOCK_DGRAM', 'udplite')!;
  show('errno after udplite 2nd', errno());
  ul.close();
  errno(7);
  await p.try('getsockopt SOL_SCTP', () => [(pb.getsockopt as (...a: unknown[]) => unknown)('SOL_SCTP', 'SO_TYPE')]);
  show('errno after SOL_SCTP', errno());
  pa.close();
  pb.close();
  errno(0);
}
