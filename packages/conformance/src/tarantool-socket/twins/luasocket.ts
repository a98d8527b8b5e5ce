// Twin of lua/luasocket.lua: the LuaSocket-compatible layer.
import socket, { SocketObject, type TcpClient, type TcpServer } from '@sockport/tarantool-socket';
import type { Printer } from '../format.js';
import { listener } from './common.js';

type Loose = Record<string, ((...args: unknown[]) => unknown) | undefined>;

export async function run(p: Printer): Promise<void> {
  const show = p.show.bind(p);
  const kind = (o: unknown): string => String(o).replace(/fd=\d+/, 'fd=N');
  const methods = (o: object): string =>
    ['accept', 'bind', 'close', 'connect', 'getpeername', 'getsockname', 'listen', 'receive', 'send', 'setoption', 'settimeout', 'shutdown', 'read', 'write', 'nonblock', 'sysread']
      .filter((m) => (o as Loose)[m] !== undefined)
      .join(',');

  const m = socket.tcp();
  show('tcp()', kind(m));
  show('master methods', methods(m));
  show('master settimeout', m.settimeout(5));
  show('master getpeername', ...m.getpeername());
  show('master bind', ...m.bind('127.0.0.1', 0));
  show('master bind again', ...m.bind('127.0.0.1', 0));
  const [host, port, family] = m.getsockname();
  show('master getsockname', host, typeof port === 'string' ? 'string' : typeof port, family);
  show('master setoption reuseaddr', ...m.setoption('reuseaddr', true));
  show('listen', ...m.listen(8));
  show('after listen', kind(m));
  const server = m as unknown as TcpServer;
  show('server methods', methods(server));
  show('serialize', JSON.stringify(server).replace(/fd=\d+/, 'fd=N'));
  const sport = Number(port);

  const cl = await socket.connect('127.0.0.1', sport);
  show('connect', cl.length, kind(cl[0]));
  const client = cl[0] as TcpClient;
  show('client methods', methods(client));
  const acc = await server.accept();
  show('accept', acc.length, kind(acc[0]));
  const peer = acc[0] as TcpClient;
  const [ph, pp, pf] = client.getpeername();
  show('client getpeername', ph, Number(pp) === sport, pf);
  const timeoutSet = server.settimeout(0);
  const r = await server.accept();
  show('server settimeout 0, accept', timeoutSet, r.length, r[0], r[1]);

  await client.send('HELO lua\r\nsecond\n\nrest');
  show('receive *l', ...(await peer.receive('*l')));
  show('receive default', ...(await peer.receive()));
  show('receive empty line', ...(await peer.receive()));
  show('receive prefix', ...(await peer.receive(2, 'pre-')));
  peer.settimeout(0.05);
  show('receive line timeout', ...(await peer.receive('*l')));
  show('receive count timeout', ...(await peer.receive(10)));
  await client.send('\n');
  show('receive kept bytes', ...(await peer.receive('*l')));
  show('receive(0)', ...(await peer.receive(0)));
  const receive = peer.receive as unknown as (this: TcpClient, ...a: unknown[]) => Promise<unknown[]>;
  await p.try('receive bad pattern', () => receive.call(peer, '*L'));
  await p.try('receive number-like pattern', () => receive.call(peer, 'l'));
  await p.try('receive table pattern', () => receive.call(peer, {}));
  peer.settimeout(null);

  show('send', ...(await client.send('0123456789')));
  show('send i', ...(await client.send('0123456789', 3)));
  show('send i j', ...(await client.send('0123456789', 3, 5)));
  show('send negative i', ...(await client.send('0123456789', -3)));
  show('send past end', ...(await client.send('xyz', 5)));
  show('send empty', ...(await client.send('')));
  show('received', ...(await peer.receive(10 + 8 + 3 + 3)));
  show('send i 0.5', ...(await client.send('0123456789', 0.5)));
  show('send i -3.5', ...(await client.send('0123456789', -3.5)));
  show('send j -2.5', ...(await client.send('0123456789', 1, -2.5)));
  show('send j -0.5', ...(await client.send('0123456789', 1, -0.5)));
  show('send i huge', ...(await client.send('0123456789', Infinity)));
  show('send j nan', ...(await client.send('0123456789', 1, NaN)));
  show('received fractions', ...(await peer.receive(10 + 3 + 9 + 0 + 10 + 0)));
  await client.send('ab');
  show('receive prefix false', ...(await receive.call(peer, 2, false)));

  peer.settimeout(false);
  await client.send('ok');
  show('timeout false receive', ...(await peer.receive(2)));
  show('timeout false send empty', ...(await peer.send('')));
  await p.try('timeout false send', async () => await peer.send('x'));
  peer.settimeout(null);

  await client.send('all of it');
  peer.settimeout(0.1);
  show('receive *a timeout', ...(await peer.receive('*a')));
  peer.settimeout(0.05);
  show('receive *a nothing', ...(await peer.receive('*a')));
  peer.settimeout(null);
  await client.send('the end');
  client.shutdown('send');
  show('receive *a eof', ...(await peer.receive('*a')));
  show('receive *a after eof', ...(await peer.receive('*a', 'p')));
  show('receive count at eof', ...(await peer.receive(5, 'x')));
  show('receive line at eof', ...(await peer.receive('*l')));
  show('receive huge at eof', ...(await peer.receive(Infinity)));

  const setoption = peer.setoption as unknown as (this: TcpClient, ...a: unknown[]) => unknown[];
  await p.try('setoption name true', () => setoption.call(peer, true, 1));
  await p.try('setoption name nil', () => setoption.call(peer, null, 1));
  show('setoption keepalive', ...peer.setoption('keepalive', true));
  show('setoption tcp-nodelay', ...peer.setoption('tcp-nodelay', true));
  show('setoption linger table', ...peer.setoption('linger', { on: true, timeout: 5 }));
  show('setoption linger false', ...peer.setoption('linger', false));
  show('setoption linger on=false', ...peer.setoption('linger', { on: false }));
  await p.try('setoption broadcast', () => peer.setoption('broadcast' as 'linger', true));
  await p.try('setoption nil value', () => peer.setoption('reuseaddr', null));

  show('shutdown recv means both', ...peer.shutdown('recv' as 'R'));
  show('close', ...peer.close());
  await p.try('close again', () => peer.close());
  await p.try('getsockname closed', () => peer.getsockname());
  await p.try('receive closed', () => peer.receive());
  show('client close', ...client.close());
  show('server close', ...server.close());

  const [l2, p2] = listener();
  l2.close();
  show('connect refused', ...(await socket.connect('127.0.0.1', p2)));
  const luaConnect = socket.connect as unknown as (...a: unknown[]) => Promise<unknown[]>;
  await p.try('connect no port', () => luaConnect('127.0.0.1'));
  await p.try('connect no host', () => luaConnect(null, 80));
  const m2 = socket.tcp();
  show('master connect refused', ...(await m2.connect('127.0.0.1', p2)));
  show('master connect v6', ...(await m2.connect('::1', p2)));
  show('master connect bad service', ...(await m2.connect('127.0.0.1', 'nosuchservice')));
  const [l3, p3] = listener();
  show('master connect', ...(await m2.connect('127.0.0.1', p3)));
  show('master stays master', kind(m2));
  show('master connect again', ...(await m2.connect('127.0.0.1', p3)));
  await l3.readable(5);
  const [srv] = l3.accept();
  await srv!.write('to master\n');
  show('master receive', ...(await m2.receive()));
  show('master send', ...(await m2.send('from master\n')));
  show('server got', await srv!.read('\n', 5));
  m2.close();
  srv!.close();
  l3.close();

  const m3 = socket.tcp();
  m3.bind('127.0.0.1', 0);
  m3.listen();
  const s3 = m3 as unknown as TcpServer;
  s3.settimeout(0.05);
  show('accept timeout', ...(await s3.accept()));
  s3.settimeout(-1);
  show('accept negative timeout', ...(await s3.accept()));
  s3.close();

  const b = await socket.bind('127.0.0.1', 0);
  show('bind', b.length, kind(b[0]));
  show('bind reuseaddr', SocketObject.prototype.getsockopt.call(b[0] as unknown as SocketObject, 'SOL_SOCKET', 'SO_REUSEADDR'));
  const bound = b[0] as TcpServer;
  const [bh, bp, bf] = bound.getsockname();
  show('bind getsockname', bh, bf);
  const busy = await socket.bind('127.0.0.1', Number(bp));
  show('bind busy', busy.length, busy[0], busy[1]);
  show('bind unresolvable', ...(await socket.bind('127.0.0.1', 'nosuchservice')));
  const luaBind = socket.bind as unknown as (...a: unknown[]) => Promise<unknown[]>;
  await p.try('bind no port', () => luaBind('127.0.0.1'));
  bound.close();
  const upath = `${p.tmp}/ls.sock`;
  const [ub] = await socket.bind('unix/', upath);
  show('bind unix', kind(ub), ...(ub as TcpServer).getsockname());
  show('bind unix close', ...(ub as TcpServer).close());
  show('bind unix missing dir', ...(await socket.bind('unix/', `${p.tmp}/nodir/x.sock`)));
  show('bind backlog', kind((await socket.bind('127.0.0.1', 0, 3))[0]));
}
