// Twin of lua/datagram.lua: datagrams, sizes, truncation, flags, unnamed senders.
import socket from '@sockport/tarantool-socket';
import { masked, type Printer } from '../format.js';
import { pair } from './common.js';

export async function run(p: Printer): Promise<void> {
  const show = p.show.bind(p);
  const r = socket('AF_INET', 'SOCK_DGRAM', 'udp')!;
  show('bind', r.bind('127.0.0.1'));
  const port = r.name()!.port as number;
  const s = socket('AF_INET', 'SOCK_DGRAM', 'udp')!;
  show('recvfrom nothing', ...r.recvfrom());
  show('recvfrom nothing errno', r.errno(), r.error());
  show('recv nothing', r.recv(), r.errno());
  show('sendto', s.sendto('127.0.0.1', port, 'X'));
  await r.readable(5);
  const [data, from] = r.recvfrom(512);
  show('recvfrom', data, masked(from));
  show('from keys are host/family/port', !('type' in from!) && !('protocol' in from!));
  show('sendto empty', s.sendto('127.0.0.1', port, ''));
  show('sendto nil', s.sendto('127.0.0.1', port, null));
  show('sendto empty bad host', s.sendto('nohost', port, ''));
  show('sendto number', s.sendto('127.0.0.1', port, 12345));
  await r.readable(5);
  show('recv number text', r.recv());
  show('sendto bad flag', s.sendto('127.0.0.1', port, 'x', 'MSG_BOGUS'), s.errno());
  show('sendto number flag', s.sendto('127.0.0.1', port, 'x', 4 as unknown as string), s.errno());
  show('sendto flag', s.sendto('127.0.0.1', port, 'flagged', 'MSG_DONTWAIT'));
  await r.readable(5);
  show('recv flagged', r.recv());
  show('sendto bad host', s.sendto('localhost', port, 'x'), s.errno());
  show('sendto v6 on inet', s.sendto('::1', port, 'x'), s.errno());
  show('recvfrom bad flag', ...r.recvfrom(10, 'MSG_BOGUS'), r.errno());

  const big = 'd'.repeat(2000);
  s.sendto('127.0.0.1', port, big);
  await r.readable(5);
  show('recv default size', r.recv()!.length);
  s.sendto('127.0.0.1', port, big);
  await r.readable(5);
  const [d2, f2] = r.recvfrom();
  show('recvfrom default size', d2!.length, masked(f2));
  s.sendto('127.0.0.1', port, 'truncate-me');
  await r.readable(5);
  show('recv truncates', r.recv(4));
  show('rest discarded', r.recv(), r.errno());
  s.sendto('127.0.0.1', port, 'peek');
  await r.readable(5);
  show('recv peek', r.recv(10, 'MSG_PEEK'));
  show('recv after peek', r.recv());

  show('send unconnected', s.send('x'), s.errno());
  show('sysconnect udp', s.sysconnect('127.0.0.1', port));
  show('send connected', s.send('conn'));
  await r.readable(5);
  show('recv connected', r.recv());
  show('send empty datagram', s.send(''));
  await r.readable(5);
  show('recv empty datagram', r.recv(), r.errno());
  show('write udp', await s.write('w'));
  await r.readable(5);
  show('recvfrom write', r.recvfrom()[0]);
  show('syswrite udp', s.syswrite('sw'));
  await r.readable(5);
  show('sysread udp', r.sysread());
  show('peer udp', masked(s.peer()));
  show('listen udp', s.listen(), s.errno());
  show('accept udp', ...s.accept());
  show('accept udp errno', s.errno());
  show('wait udp', await s.wait(0));
  s.close();
  r.close();

  const r6 = socket('AF_INET6', 'SOCK_DGRAM', 'udp')!;
  r6.bind('::1', 0);
  const s6 = socket('AF_INET6', 'SOCK_DGRAM', 'udp')!;
  show('sendto v6', s6.sendto('::1', r6.name()!.port, 'six'));
  await r6.readable(5);
  const [d6, f6] = r6.recvfrom();
  show('recvfrom v6', d6, masked(f6));
  show('sendto v4 on inet6', s6.sendto('127.0.0.1', r6.name()!.port, 'x'), s6.errno());
  s6.close();
  r6.close();

  const path = `${p.tmp}/d.sock`;
  const ur = socket('AF_UNIX', 'SOCK_DGRAM', 0)!;
  show('bind unix dgram', ur.bind('unix/', path));
  const us = socket('AF_UNIX', 'SOCK_DGRAM', 0)!;
  show('sendto unix', us.sendto('unix/', path, 'abc'));
  await ur.readable(5);
  show('recvfrom unbound sender', ...ur.recvfrom());
  const named = socket('AF_UNIX', 'SOCK_DGRAM', 0)!;
  named.bind('unix/', `${p.tmp}/n.sock`);
  named.sendto('unix/', path, 'named');
  await ur.readable(5);
  show('recvfrom named sender', ...ur.recvfrom());
  show('sendto unix missing', us.sendto('unix/', `${p.tmp}/missing.sock`, 'x'), us.errno());
  named.close();
  us.close();
  ur.close();

  const [a, b] = await pair();
  await a.write('tcp');
  await b.readable(5);
  show('recvfrom tcp', ...b.recvfrom());
  show('sendto unconnected tcp', socket('AF_INET', 'SOCK_STREAM', 'tcp')!.sendto('127.0.0.1', port, 'x'));
  a.close();
  b.close();

  const sr = socket('AF_INET', 'SOCK_DGRAM', 'udp')!;
  sr.bind('127.0.0.1', 0);
  const ss = socket('AF_INET', 'SOCK_DGRAM', 'udp')!;
  for (const size of ['3', ' 4 ', '0x3']) {
    ss.sendto('127.0.0.1', sr.name()!.port as number, 'abcdefgh');
    await sr.readable(5);
    show(`recvfrom size "${size}"`, sr.recvfrom(size as never)[0]);
  }
  sr.close();
  ss.close();

  const rr = socket('AF_INET', 'SOCK_DGRAM', 'udp')!;
  rr.bind('127.0.0.1', 0);
  const rs = socket('AF_INET', 'SOCK_DGRAM', 'udp')!;
  for (const n of [100, 16320, 16337, 20000, 40000, 30000]) {
    rs.sendto('127.0.0.1', rr.name()!.port as number, 'x'.repeat(n));
    rs.sendto('127.0.0.1', rr.name()!.port as number, 'END\n');
    const first = await rr.read(1, 5);
    const rest = await rr.read('\n', 5);
    show(`read datagram ${n}`, first?.length ?? null, rest?.length ?? null);
  }
  rr.close();
  rs.close();
}
