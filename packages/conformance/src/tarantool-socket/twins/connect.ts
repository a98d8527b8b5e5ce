// Twin of lua/connect.lua: tcp_connect and getaddrinfo, the module errno, arity.
import socket, { errno, type AddrInfoEntry, type SocketObject } from '@sockport/tarantool-socket';
import { masked, type Printer } from '../format.js';
import { listener } from './common.js';

export async function run(p: Printer): Promise<void> {
  const show = p.show.bind(p);
  const connect = async (label: string, host: string, port: unknown, timeout?: number): Promise<void> => {
    errno(1234);
    const s = await socket.tcp_connect(host, port as number, timeout);
    show(label, 1, s !== null, errno(), errno.strerror());
    if (s) {
      show(`${label} state`, s.errno(), s.error(), s.nonblock(), masked(s.peer()));
      s.close();
    }
  };

  const [l, port] = listener();
  await connect('tcp_connect', '127.0.0.1', port);
  await connect('tcp_connect string port', '127.0.0.1', String(port));
  await connect('tcp_connect 127.1', '127.1', port);
  await connect('tcp_connect localhost', 'localhost', port);
  await connect('tcp_connect timeout', '127.0.0.1', port, 5);
  l.close();
  await connect('tcp_connect refused', '127.0.0.1', port);
  await connect('tcp_connect timeout 0', '127.0.0.1', port, 0);
  await connect('tcp_connect bad service', '127.0.0.1', 'nosuchservice');
  await connect('tcp_connect v6 refused', '::1', port);

  const path = `${p.tmp}/c.sock`;
  await connect('tcp_connect unix missing', 'unix/', path);
  const u = socket('AF_UNIX', 'SOCK_STREAM', 0)!;
  u.bind('unix/', path);
  await connect('tcp_connect unix not listening', 'unix/', path);
  u.listen(1);
  await connect('tcp_connect unix', 'unix/', path);
  u.close();
  await connect('tcp_connect unix stale file', 'unix/', path);
  await connect('tcp_connect unix too long', 'unix/', `${p.tmp}/${'x'.repeat(120)}`);

  const full = socket('AF_INET', 'SOCK_STREAM', 'tcp')!;
  full.bind('127.0.0.1', 0);
  full.listen(0);
  const fport = full.name()!.port as number;
  const held: (SocketObject | null)[] = [];
  for (let i = 0; i < 4; i++) held.push(await socket.tcp_connect('127.0.0.1', fport, 0.2));
  await connect('tcp_connect full queue', '127.0.0.1', fport, 0.3);
  for (const h of held) h?.close();
  full.close();

  const sorted = (list: AddrInfoEntry[] | null): unknown => (list === null ? null : list.map((e) => p.fmt(e)).sort().join(' '));
  const gai = async (label: string, ...args: unknown[]): Promise<void> => {
    errno(1234);
    const res = await (socket.getaddrinfo as (...a: unknown[]) => Promise<AddrInfoEntry[] | null>)(...args);
    show(label, 1, sorted(res), errno());
  };
  await gai('gai numeric', '127.0.0.1', 80);
  await gai('gai stream', '127.0.0.1', 80, { type: 'SOCK_STREAM' });
  await gai('gai dgram number type', '127.0.0.1', '80', { type: 2 });
  await gai('gai protocol udp', '127.0.0.1', 80, { protocol: 'udp' });
  await gai('gai service http', '127.0.0.1', 'http', { type: 'SOCK_STREAM' });
  await gai('gai timeout and opts', '127.0.0.1', 80, 5, { type: 'SOCK_STREAM' });
  await gai('gai v6', '::1', 'http', { protocol: 'tcp' });
  await gai('gai family inet6 v4mapped', '127.0.0.1', 0, { family: 'AF_INET6', flags: 'AI_V4MAPPED', type: 'SOCK_DGRAM' });
  await gai('gai passive nil host', null, 80, { type: 'SOCK_STREAM', family: 'AF_INET', flags: ['AI_PASSIVE'] });
  await gai('gai nil host', null, 80, { type: 'SOCK_STREAM', family: 'AF_INET' });
  await gai('gai empty host', '', 80, { type: 'SOCK_STREAM', family: 'AF_INET6' });
  await gai('gai nil port', '127.0.0.1', null, { type: 'SOCK_STREAM' });
  await gai('gai localhost canonname', 'localhost', 80, { type: 'SOCK_STREAM', family: 'AF_INET', flags: 'AI_CANONNAME' });
  await gai('gai numerichost localhost', 'localhost', 80, { flags: 'AI_NUMERICHOST' });
  await gai('gai numericserv http', '127.0.0.1', 'http', { flags: 'AI_NUMERICSERV' });
  await gai('gai unknown service', '127.0.0.1', 'nosuchservice');
  await gai('gai inet6 for v4 literal', '127.0.0.1', 80, { family: 'AF_INET6' });
  await gai('gai stream with udp', '127.0.0.1', 80, { type: 'SOCK_STREAM', protocol: 'udp' });
  await gai('gai bad type', '127.0.0.1', 80, { type: 'STREAM' });
  await gai('gai bad family', '127.0.0.1', 80, { family: 'inet' });
  await gai('gai bad protocol', '127.0.0.1', 80, { protocol: 'nosuchproto' });
  await gai('gai table protocol', '127.0.0.1', 80, { protocol: {} });
  await gai('gai bad flag', '127.0.0.1', 80, { flags: 'AI_BOGUS' });
  await gai('gai number flags', '127.0.0.1', 80, { flags: 1 });
  await gai('gai unknown key', '127.0.0.1', 80, { bogus: 1, type: 'SOCK_STREAM' });
  await gai('gai false host', false, 80, { type: 'SOCK_STREAM', family: 'AF_INET' });
  await gai('gai table host', {}, 80, { type: 'SOCK_STREAM', family: 'AF_INET' });
  await gai('gai table port', '127.0.0.1', {}, { type: 'SOCK_STREAM' });
  await gai('gai true port', '127.0.0.1', true, { type: 'SOCK_STREAM' });
  await gai('gai false host and port', false, false, { type: 'SOCK_STREAM' });
  await gai('gai port trailing blank', '127.0.0.1', '80 ', { type: 'SOCK_STREAM' });
  await gai('gai port leading blank', '127.0.0.1', ' 80', { type: 'SOCK_STREAM' });
  await gai('gai port plus', '127.0.0.1', '+80', { type: 'SOCK_STREAM' });

  for (const [label, backlog] of [['2^31', 2 ** 31], ['1e10', 1e10], ['-2^31-1', -(2 ** 31) - 1], ['huge', Infinity]] as const) {
    const t = socket('AF_INET', 'SOCK_STREAM', 'tcp')!;
    t.bind('127.0.0.1', 0);
    show(`listen backlog ${label}`, t.listen(backlog), t.errno());
    t.close();
  }
}
