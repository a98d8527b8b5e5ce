// Twin of lua/numbers.lua: LuaJIT's string-to-number rules where the module takes a
// number, recvfrom's C int size, sizes past 4 GiB, and the errno a unix tcp_server's
// file removal leaves.
import { rmSync } from 'node:fs';
import socket, { errno, type AddrInfoEntry } from '@sockport/tarantool-socket';
import type { Printer } from '../format.js';
import { listener, pair } from './common.js';

// Arguments of the wrong type on purpose, as the Lua side passes them.
type Loose = (...args: unknown[]) => unknown;
const loose = (f: unknown): Loose => f as Loose;

export async function run(p: Printer): Promise<void> {
  const show = p.show.bind(p);
  const [a, b] = await pair();
  const nbsp = '\u00a0';

  // Timeouts.
  await p.try('readable -0x1, idle', async () => [await loose(b.readable).call(b, '-0x1')]);
  await p.try('readable 0x1p-5, idle', async () => [await loose(b.readable).call(b, '0x1p-5')]);
  await p.try('readable nbsp 0, idle', async () => [await loose(b.readable).call(b, `${nbsp}0`)]);
  await a.write('abcdef');
  await b.readable(5);
  await p.try('readable inf, ready', async () => [await loose(b.readable).call(b, 'inf')]);
  await p.try('read Infinity', async () => [await loose(b.read).call(b, 1, 'Infinity')]);
  await p.try('read 0b1', async () => [await loose(b.read).call(b, 1, '0b1')]);
  await p.try('write 0b1', async () => [await loose(a.write).call(a, 'q', '0b1')]);
  await p.try('read +0x1p0', async () => [await loose(b.read).call(b, 4, '+0x1p0')]);
  await p.try('read nbsp', async () => [await loose(b.read).call(b, 1, `${nbsp}1`)]);

  // errno numbers.
  await p.try('strerror +0x3', () => [loose(errno.strerror)('+0x3')]);
  await p.try('strerror 0x1p1', () => [loose(errno.strerror)('0x1p1')]);
  await p.try('strerror nbsp 3', () => [loose(errno.strerror)(`${nbsp}3`)]);

  // Ports with white space other than C's.
  const [l, port] = listener();
  await p.try('tcp_connect nbsp port', async () => {
    const s = await loose(socket.tcp_connect)('127.0.0.1', `${nbsp}${port}`) as { close(): unknown } | null;
    s?.close();
    return [s !== null, errno()];
  });
  const lookup = loose(socket.getaddrinfo) as (...args: unknown[]) => Promise<AddrInfoEntry[] | null>;
  await p.try('getaddrinfo nbsp service', async () => {
    const r = await lookup('127.0.0.1', `${nbsp}80`, { type: 'SOCK_STREAM' });
    return [r && r.length, errno()];
  });
  await p.try('getaddrinfo tab service', async () => {
    const r = await lookup('127.0.0.1', '\t80', { type: 'SOCK_STREAM' });
    return [r && r[0]!.port, errno()];
  });
  l.close();

  // recvfrom takes its size into a C int with lua_tointeger.
  const u = socket('AF_INET', 'SOCK_DGRAM', 'udp')!;
  u.bind('127.0.0.1', 0);
  const sizes: unknown[] = [3, 2 ** 31, -1, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 2, 2 ** 33 + 3, -(2 ** 32) + 5, -0.5, 3.9,
    'abc', {}, true, ' 3 ', `${nbsp}3`, '0x1p1', '1e400'];
  for (const v of sizes) {
    u.sendto('127.0.0.1', u.name()!.port as number, 'abcdef');
    await u.readable(1);
    await p.try(`recvfrom ${p.fmt(v)}`, () => [(loose(u.recvfrom).call(u, v) as unknown[])[0], u.errno()]);
    while (u.recv()) {
      // drain
    }
  }
  // false for a size is LuaJIT's 0: the datagram goes, unread.
  u.sendto('127.0.0.1', u.name()!.port as number, 'abcdef');
  await u.readable(1);
  await p.try('udp recv false', () => [loose(u.recv).call(u, false), u.errno()]);
  await p.try('udp recv after false', () => [u.recv(), u.errno()]);
  u.close();

  // Sizes past what one read(2) gives, and past what can be allocated.
  await a.write('abcdef');
  await b.readable(5);
  await p.try('sysread 2^32+2', () => [b.sysread(2 ** 32 + 2), b.errno()]);
  await a.write('abcdef');
  await b.readable(5);
  await p.try('recv 2^31', () => [b.recv(2 ** 31)]);
  await p.try('recv 2^32+2', () => [b.recv(2 ** 32 + 2)]);
  await p.try('sysread 2^53', () => [b.sysread(2 ** 53)]);
  // false for a size: recv's 0 (the data stays), sysread's `size or READAHEAD`.
  await p.try('recv false', () => [loose(b.recv).call(b, false), b.errno()]);
  await p.try('sysread false', () => [loose(b.sysread).call(b, false)]);
  a.close();
  b.close();

  // A unix tcp_server removes a dead socket file in its way: fio.unlink leaves errno 0,
  // and so does the removal when the server closes.
  const path = `${p.tmp}/numbers-stale.sock`;
  rmSync(path, { force: true });
  const dead = socket('AF_UNIX', 'SOCK_STREAM', 0)!;
  dead.bind('unix/', path);
  dead.close();
  errno(0);
  const [srv] = await socket.tcp_server('unix/', path, () => undefined);
  show('server over a dead file', srv !== null, errno());
  errno(5);
  show('close unix server', srv!.close(), errno());
  errno(5);
  const [inet] = await socket.tcp_server('127.0.0.1', 0, () => undefined);
  show('close inet server', inet!.close(), errno());
  rmSync(path, { force: true });

  // Numbers for socket()'s domain, type and protocol go through the FFI as C ints: NaN,
  // the infinities and what an int cannot hold are INT_MIN, which socket(2) refuses (no
  // value). The object keeps the type as given: 2.5 is then no datagram socket, so a
  // recv() without a size reads 512 bytes.
  const open = loose(socket) as (...args: unknown[]) => unknown;
  for (const [name, v] of [['nan', Number.NaN], ['inf', Infinity], ['2^31', 2 ** 31], ['2^32+1', 2 ** 32 + 1]] as const) {
    const counted = (r: unknown): unknown[] => [r === undefined ? 0 : 1, r == null, errno()];
    errno(0);
    await p.try(`socket domain ${name}`, () => counted(open(v, 'SOCK_STREAM', 'tcp')));
    errno(0);
    await p.try(`socket type ${name}`, () => counted(open('AF_INET', v, 'tcp')));
    errno(0);
    await p.try(`socket protocol ${name}`, () => counted(open('AF_INET', 'SOCK_STREAM', v)));
  }
  const half = socket('AF_INET', 2.5, 0)!;
  half.bind('127.0.0.1', 0);
  const sender = socket('AF_INET', 'SOCK_DGRAM', 'udp')!;
  sender.sendto('127.0.0.1', half.name()!.port as number, 'x'.repeat(600));
  await half.readable(5);
  show('type 2.5: recv()', (half.recv() as Uint8Array | string).length);
  half.close();
  sender.close();

  // getaddrinfo's type, family and protocol reach C through lua_tointeger into an int:
  // the low 32 bits, 0 (any) for NaN, the infinities and 2^53. Options that Lua cannot
  // index raise.
  const kinds = (list: AddrInfoEntry[] | null): unknown =>
    list === null ? null : list.map((e) => `${e.type}/${e.protocol}`).join(',');
  for (const f of ['type', 'family', 'protocol']) {
    for (const [name, v] of [['nan', Number.NaN], ['inf', Infinity], ['2^32+1', 2 ** 32 + 1], ['2^53', 2 ** 53]] as const) {
      errno(0);
      await p.try(`getaddrinfo ${f} ${name}`, async () => [kinds(await lookup('127.0.0.1', 80, 1, { [f]: v })), errno()]);
    }
  }
  await p.try('getaddrinfo opts 5', async () => [kinds(await lookup('127.0.0.1', 80, 1, 5))]);
  await p.try('getaddrinfo opts true', async () => [kinds(await lookup('127.0.0.1', 80, 1, true))]);
  await p.try('getaddrinfo opts string', async () => [kinds(await lookup('127.0.0.1', 80, 1, 'x'))]);

  // iowait's events number is read as an int the same way: its low 32 bits.
  const [ia, ib] = await pair();
  const iowait = loose(socket.iowait) as (...args: unknown[]) => Promise<unknown>;
  await p.try('iowait events 2^32+1', async () => [await iowait(ia.fd(), 2 ** 32 + 1, 0)]);
  await p.try('iowait events 2^32+2', async () => [await iowait(ia.fd(), 2 ** 32 + 2, 0)]);
  await p.try('iowait events 2^31+2', async () => [await iowait(ia.fd(), 2 ** 31 + 2, 0)]);
  ia.close();
  ib.close();
}
