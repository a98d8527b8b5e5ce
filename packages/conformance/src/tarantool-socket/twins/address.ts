// Twin of lua/address.lua: local resolution and address tables.
import socket, { errno, type SocketObject } from '@sockport/tarantool-socket';
import { masked, type Printer } from '../format.js';
import { listener } from './common.js';

export async function run(p: Printer): Promise<void> {
  const show = p.show.bind(p);
  const bind4 = (label: string, host: unknown, port?: unknown): void => {
    const s = socket('AF_INET', 'SOCK_DGRAM', 'udp')!;
    const ok = s.bind(host as string, port as number);
    show(label, ok, s.errno(), ok ? masked(s.name()) : null);
    s.close();
  };
  bind4('bind 127.0.0.1', '127.0.0.1', 0);
  bind4('bind 127.1', '127.1', 0);
  bind4('bind 0x7f.1', '0x7f.1', 0);
  bind4('bind 0177.0.0.1', '0177.0.0.1', 0);
  bind4('bind 2130706433', '2130706433', 0);
  bind4('bind number 0', 0, 0);
  bind4('bind string 0', '0', 0);
  bind4('bind trailing space', '127.0.0.1 junk', 0);
  bind4('bind 255.255.255.255', '255.255.255.255', 0);
  bind4('bind 256.0.0.1', '256.0.0.1', 0);
  bind4('bind 09.0.0.1', '09.0.0.1', 0);
  bind4('bind 1.2.3.4.5', '1.2.3.4.5', 0);
  bind4('bind localhost', 'localhost', 0);
  bind4('bind empty', '', 0);
  bind4('bind nil host', null, 0);
  bind4('bind ::1 on inet', '::1', 0);
  bind4('bind unix on inet', 'unix/', `${p.tmp}/inet.sock`);
  bind4('bind no port', '127.0.0.1');
  bind4('bind port string', '127.0.0.1', '0');
  bind4('bind 10.0.0.1', '10.255.255.1', 0);
  bind4('bind port abc', '127.0.0.1', 'abc');
  bind4('bind port 65536', '127.0.0.1', 65536);
  bind4('bind port 1.5', '127.0.0.1', 1.5);

  const bind6 = (label: string, host: string, port: number): void => {
    const s = socket('AF_INET6', 'SOCK_DGRAM', 'udp')!;
    const ok = s.bind(host, port);
    show(label, ok, s.errno(), ok ? masked(s.name()) : null);
    s.close();
  };
  bind6('bind6 ::1', '::1', 0);
  bind6('bind6 ::', '::', 0);
  bind6('bind6 127.0.0.1', '127.0.0.1', 0);
  bind6('bind6 ::ffff:127.0.0.1', '::ffff:127.0.0.1', 0);
  bind6('bind6 scoped', '::1%lo', 0);
  bind6('bind6 bad', ':::1', 0);

  const bindu = (label: string, path: string): SocketObject => {
    const s = socket('AF_UNIX', 'SOCK_STREAM', 0)!;
    const ok = s.bind('unix/', path);
    show(label, ok, s.errno(), ok ? s.name() : null);
    return s;
  };
  const prefix = `${p.tmp}/`;
  bindu('bind unix 107', prefix + 'a'.repeat(107 - prefix.length)).close();
  bindu('bind unix 108', prefix + 'b'.repeat(108 - prefix.length)).close();
  bindu('bind unix missing dir', `${prefix}nodir/x.sock`).close();
  const first = bindu('bind unix', `${prefix}u.sock`);
  bindu('bind unix again', `${prefix}u.sock`).close();
  show('unix name tostring', String(first.name()));
  show('unix tostring', String(first).replace(/^fd \d+/, 'fd N'));
  first.close();
  bindu('bind unix stale file', `${prefix}u.sock`).close();
  const inet = socket('AF_UNIX', 'SOCK_DGRAM', 0)!;
  show('bind inet on unix', inet.bind('127.0.0.1', 0), inet.errno());
  inet.close();

  const [l, port] = listener();
  const s = socket('AF_INET', 'SOCK_STREAM', 'tcp')!;
  show('sysconnect', s.sysconnect('127.0.0.1', port), s.errno());
  await s.writable(5);
  show('sysconnect SO_ERROR', s.getsockopt('SOL_SOCKET', 'SO_ERROR'));
  show('sysconnect again', s.sysconnect('127.0.0.1', port), s.errno());
  show('peer', masked(s.peer()));
  show('peer tostring has port', String(s.peer()) === `127.0.0.1:${port}`);
  show('name tostring is host:port', /^127\.0\.0\.1:\d+$/.test(String(s.name())));
  s.close();
  const s2 = socket('AF_INET', 'SOCK_STREAM', 'tcp')!;
  show('sysconnect localhost', s2.sysconnect('localhost', port), s2.errno());
  show('sysconnect v6 on inet', s2.sysconnect('::1', port), s2.errno());
  s2.close();
  const s3 = socket('AF_INET6', 'SOCK_STREAM', 'tcp')!;
  show('sysconnect v4 on inet6', s3.sysconnect('127.0.0.1', port), s3.errno());
  s3.close();
  l.close();
  const u = socket('AF_UNIX', 'SOCK_STREAM', 0)!;
  show('sysconnect unix missing', u.sysconnect('unix/', `${prefix}missing.sock`), u.errno());
  u.close();
  const ul = socket('AF_UNIX', 'SOCK_STREAM', 0)!;
  ul.bind('unix/', `${prefix}l.sock`);
  ul.listen();
  const uc = socket('AF_UNIX', 'SOCK_STREAM', 0)!;
  show('sysconnect unix', uc.sysconnect('unix/', `${prefix}l.sock`), uc.errno());
  show('unix peer', uc.peer());
  show('unix client tostring', String(uc).replace(/^fd \d+/, 'fd N'));
  await ul.readable(5);
  const [ua, from] = ul.accept();
  show('unix accept from', from);
  show('unix accepted tostring', String(ua).replace(/^fd \d+/, 'fd N'));
  ua!.close();
  uc.close();
  ul.close();

  const l6 = socket('AF_INET6', 'SOCK_STREAM', 'tcp')!;
  l6.bind('::1', 0);
  l6.listen();
  show('v6 name', masked(l6.name()));
  show('v6 tostring', String(l6.name()) === `::1:${l6.name()!.port}`);
  const c6 = await socket.tcp_connect('::1', l6.name()!.port);
  await l6.readable(5);
  const [a6, from6] = l6.accept();
  show('v6 accept from', masked(from6));
  a6!.close();
  c6!.close();
  l6.close();

  const nl = socket('AF_NETLINK', 'SOCK_RAW', 0)!;
  show('netlink name', nl.name(), nl.errno());
  show('netlink peer', nl.peer());
  nl.close();

  const nl2 = socket('AF_NETLINK', 'SOCK_RAW', 0)!;
  errno(5);
  show('netlink name after errno(5)', nl2.name(), nl2.errno());
  nl2.close();
}
