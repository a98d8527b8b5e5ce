// Twin of lua/stream.lua: TCP streams, the read-ahead buffer, end of stream, timeouts,
// errno, shutdown and reset.
import socket, { type SocketObject } from '@sockport/tarantool-socket';
import type { Printer } from '../format.js';
import { pair, rle, sleep, smallPair } from './common.js';

type Loose = Record<string, (...args: unknown[]) => unknown>;

export async function run(p: Printer): Promise<void> {
  const show = p.show.bind(p);
  let [a, b] = await pair();

  show('write empty, false timeout', await a.write('', false as never));
  show('write', await a.write('hello\nworld\n'));
  show('read line', await b.read('\n', 5));
  show('read limit', await b.read(3, 5));
  show('read rest of line', await b.read('\n', 5));
  show('errno after read', b.errno(), b.error());
  show('read(0)', await b.read(0));
  show('read timeout', await b.read(1, 0.05));
  show('errno after timeout', b.errno(), b.error());
  await a.write('abc');
  show('read 5 timeout keeps', await b.read(5, 0.1));
  await a.write('de');
  show('read 5 after', await b.read(5, 5));
  await a.write('xx5yy');
  show('read numeric string delimiter', await b.read('5', 5));
  show('read chunk 1', await b.read({ chunk: 1 }, 5));
  show('read size 1', await b.read({ size: 1 }, 5));
  await a.write('aXYZb');
  show('delimiters XYZ,Y', await b.read({ delimiter: ['XYZ', 'Y'] }, 5));
  show('rest Zb', await b.read(2, 5));
  await a.write('ab12cd');
  show('delimiters cd,12', await b.read({ delimiter: ['cd', '12'] }, 5));
  show('rest cd', await b.read(2, 5));
  await a.write('a 10\nb 15\nabc');
  show('gh-658 1', await b.read({ size: 13, delimiter: '\n' }, 5));
  show('gh-658 2', await b.read({ size: 13, delimiter: '\n' }, 5));
  show('gh-658 3', await b.read({ size: 3, delimiter: '\n' }, 5));
  await a.write('line\r\n');
  show('read line key', await b.read({ line: '\r\n' }, 5));
  await a.write('12345678');
  show('chunk within delimiter', await b.read({ chunk: 4, delimiter: '7' }, 5));
  show('chunk 0', await b.read({ chunk: 0, delimiter: '7' }, 5));
  show('rest 5678', await b.read({ delimiter: '8' }, 5));
  await a.write('xyz');
  show('empty delimiter', await b.read('', 5));
  show('empty delimiter buffered', await b.read('', 5));
  show('empty delimiter list', await b.read({ delimiter: [], chunk: 2 }, 5));
  show('drain', await b.read(1, 5));
  await a.write('split');
  await sleep(20);
  await a.write('-del');
  await sleep(20);
  await a.write('im!');
  show('delimiter across writes', await b.read('-delim!', 5));
  show('delimiter timeout', await b.read('\n', 0.05), b.errno());
  await a.write('more\n');
  show('after delimiter timeout', await b.read('\n', 5));

  const rb = b as unknown as Loose;
  await p.try('read nil', async () => [await rb.read!.call(b)]);
  await p.try('read true', async () => [await rb.read!.call(b, true)]);
  await p.try('read negative', async () => [await b.read(-1)]);
  await p.try('read chunk negative', async () => [await b.read({ chunk: -1 })]);
  await p.try('read delimiter number', async () => [await rb.read!.call(b, { delimiter: 5 })]);
  await p.try('read line false', async () => [await rb.read!.call(b, { line: false, chunk: 2 })]);
  await p.try('read delimiter and line false', async () => [await rb.read!.call(b, { delimiter: false, line: false })]);
  await p.try('read no receiver', async () => [await rb.read!.call(null, 1)]);

  await a.write('ABCDEFGH');
  show('read 2', await b.read(2, 5));
  show('recv after read', b.recv(), b.errno());
  show('read rest from buffer', await b.read(6, 5));
  await a.write('ijkl');
  await b.readable(5);
  show('recv 2', b.recv(2));
  show('recv peek', b.recv(10, 'MSG_PEEK'));
  show('recv flags table', b.recv(10, ['MSG_PEEK', 'MSG_DONTWAIT']));
  show('sysread', b.sysread());
  show('sysread empty', b.sysread(), b.errno(), b.error());
  show('recv empty', b.recv(), b.errno());
  show('recv(0) empty', b.recv(0), b.errno());
  show('recv bad flag', b.recv(10, 'MSG_BOGUS'), b.errno());
  show('recv number flag', b.recv(10, 64 as unknown as string), b.errno());
  await p.try('sysread negative', () => [b.sysread(-1)]);
  show('sysread 0', b.sysread(0));

  show('send', a.send('12'));
  show('send flags', a.send('34', 'MSG_DONTWAIT'));
  show('send empty', a.send(''));
  await p.try('send bad flag', () => [a.send('x', 'MSG_BOGUS')]);
  await p.try('send number flag', () => [a.send('x', 64 as unknown as string)]);
  await p.try('send number', () => [a.send(5 as unknown as string)]);
  show('syswrite', a.syswrite('56'));
  show('syswrite empty', a.syswrite(''));
  await p.try('syswrite table', () => [a.syswrite({} as unknown as string)]);
  show('write empty', await a.write(''));
  await p.try('write number', async () => [await a.write(5 as unknown as string)]);
  await p.try('write nil', async () => [await (a as unknown as Loose).write!.call(a)]);
  show('read sent', await b.read(6, 5));
  show('write with timeout 0', await a.write('t0', 0));
  show('read t0', await b.read(2, 5));

  a.setsockopt('SOL_SOCKET', 'SO_SNDBUF', 4096);
  b.setsockopt('SOL_SOCKET', 'SO_RCVBUF', 4096);
  const big = Buffer.alloc(65536, 'z');
  for (let i = 0; i < 200; i++) if (a.syswrite(big) === null) break;
  show('syswrite full', a.syswrite(big), a.errno(), a.error());
  show('send full', a.send(big), a.errno());
  show('write full times out', await a.write(big, 0.1), a.errno(), a.error());
  show('writable full', await a.writable(0.05), a.errno());
  let room = false;
  for (let i = 0; i < 4000; i++) {
    b.sysread(65536);
    room = await a.writable(0);
    if (room) break;
    await b.readable(0.05);
  }
  show('writable after drain', room);
  a.close();
  b.close();
  [a, b] = await pair();

  await a.write('tail');
  a.shutdown('W');
  show('read at eof', await b.read(10, 5));
  show('read after eof', await b.read(10, 5), b.errno());
  show('read delimiter after eof', await b.read('\n', 5));
  show('recv at eof', b.recv());
  show('sysread at eof', b.sysread());
  show('write after shutdown W', await a.write('x'), a.errno());
  show('send after shutdown W', a.send('x'), a.errno());
  show('reverse direction works', await b.write('back'), await a.read(4, 5));
  b.close();
  a.close();

  const u = socket('AF_INET', 'SOCK_STREAM', 'tcp')!;
  show('shutdown unconnected', u.shutdown(), u.errno());
  show('shutdown R unconnected', u.shutdown('R'), u.errno());
  u.close();
  let a2: SocketObject, b2: SocketObject;
  [a2, b2] = await pair();
  show('shutdown R', b2.shutdown('R'));
  show('read after shutdown R', await b2.read(1, 5));
  show('shutdown 1', a2.shutdown(1));
  show('shutdown both', a2.shutdown('both'));
  a2.close();
  b2.close();
  [a2, b2] = await pair();
  show('shutdown recv', b2.shutdown('recv' as 'R'), b2.errno());
  show('shutdown xyz', b2.shutdown('xyz' as 'R'), b2.errno());
  show('shutdown 5', b2.shutdown(5 as 1), b2.errno());
  a2.close();
  b2.close();

  [a, b] = await pair();
  show('linger on', ...a.linger(true, 0));
  a.close();
  await b.readable(5);
  show('read after reset', await b.read(1, 5), b.errno(), b.error());
  show('read after reset again', await b.read(1, 5), b.errno());
  b.close();

  [a, b] = await pair();
  await a.write('last');
  a.close();
  show('readable after peer close', await b.readable(5));
  show('read remainder', await b.read(100, 5));
  show('read eof', await b.read(100, 5), b.errno());
  const w = await b.write('x', 1);
  show('write to closed peer', w !== null || b.errno() === 32 || b.errno() === 104);
  b.close();

  {
    const [wa, wb] = await smallPair(4096, 4096);
    const done: unknown[][] = [];
    const writers = ['A', 'B'].map(async (name) => {
      const r = await wa.write(name.repeat(20000), 2);
      done.push([name, r, wa.errno()]);
    });
    await sleep(20);
    const parts: Buffer[] = [];
    for (let i = 0; i < 200; i++) {
      const d = wb.sysread(100000);
      if (d === null) {
        if (!(await wb.readable(0.2))) break;
      } else if (d.length === 0) break;
      else parts.push(d);
    }
    await Promise.all(writers);
    for (const [name, ...rest] of done) show(`two writers: ${name as string}`, ...rest);
    show('two writers: interleaving', rle(Buffer.concat(parts)));
    wa.close();
    wb.close();
  }

  {
    const [ra, rb] = await smallPair(4096, 4096);
    const done: unknown[][] = [];
    const big = 'x'.repeat(1000000);
    const writers = ['WA', 'WB'].map(async (name) => {
      const r = await ra.write(big, 2);
      done.push([name, r, ra.errno()]);
    });
    await sleep(50);
    rb.linger(true, 0);
    rb.close();
    await Promise.all(writers);
    for (const [name, ...rest] of done) show(`reset under two writers: ${name as string}`, ...rest);
    ra.close();
  }

  {
    const [pa, pb] = await pair();
    await pa.write('a'.repeat(20000) + 'b'.repeat(20000));
    await pb.readable(5);
    show('read pulls ahead', (await pb.read(1, 5))!.length);
    const after = pb.recv(60000);
    show('recv after read-ahead', after?.length ?? null, after ? rle(after) : null);
    pa.close();
    pb.close();
  }
}
