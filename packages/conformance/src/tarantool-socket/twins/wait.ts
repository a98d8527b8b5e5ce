// Twin of lua/wait.lua: readable, writable, wait, iowait, and closing while others wait.
import socket, { errno, type SocketObject } from '@sockport/tarantool-socket';
import { monotonic } from '@sockport/core';
import type { Printer } from '../format.js';
import { listener, pair, sleep } from './common.js';

type Loose = (...args: unknown[]) => Promise<unknown>;

export async function run(p: Printer): Promise<void> {
  const show = p.show.bind(p);
  const [a, b] = await pair();
  show('wait idle connected', await a.wait(0.1));
  show('readable idle', await b.readable(0.05), b.errno(), b.error());
  show('readable errno cleared', (await b.readable(0)) || b.errno());
  show('writable', await a.writable(1), a.errno());
  await a.write('x');
  show('wait with data', await b.wait(1));
  show('readable with data', await b.readable(0));
  show('readable negative timeout', await b.readable(-1));
  show('wait timeout number', await b.wait('0.5' as unknown as number));
  await b.read(1);
  const r = await b.wait(0.05);
  show('wait timeout errno', r, (await b.wait(0)) && b.errno());
  const fresh = socket('AF_INET', 'SOCK_STREAM', 'tcp')!;
  show('wait fresh socket', await fresh.wait(0.1));
  const [l] = listener();
  show('wait idle listener', await l.wait(0.05), l.errno());
  const udp = socket('AF_INET', 'SOCK_DGRAM', 'udp')!;
  show('wait udp', await udp.wait(0.05));
  await p.try('readable bad timeout', async () => [await b.readable('abc' as unknown as number)]);

  let t0 = monotonic();
  await b.readable(0.2);
  let took = monotonic() - t0;
  show('readable 0.2 took', took >= 0.19 && took < 3);

  const fd = a.fd();
  show('iowait W', await socket.iowait(fd, 'W', 0));
  show('iowait w lower', await socket.iowait(fd, 'w', 0));
  show('iowait 2', await socket.iowait(fd, 2, 0));
  show('iowait 3', await socket.iowait(fd, 3, 0));
  show('iowait rw', await socket.iowait(fd, 'rw', 0));
  show('iowait RRW', await socket.iowait(fd, 'RRW', 0));
  show('iowait R idle', await socket.iowait(fd, 'R', 0.05));
  show('iowait 1 idle', await socket.iowait(fd, 1, 0.05));
  show('iowait 1.5', await socket.iowait(fd, 1.5, 0));
  show('iowait 2.5', await socket.iowait(fd, 2.5, 0));
  show('iowait string fd', await socket.iowait(String(fd), 'W', 0));
  show('iowait string timeout', await socket.iowait(fd, 'W', '0'));
  show('iowait nil timeout ready', await socket.iowait(fd, 'W'));
  await b.write('ping');
  await a.readable(5);
  show('iowait R ready', await socket.iowait(fd, 'R', 1));
  show('iowait RW ready', await socket.iowait(fd, 'RW', 1));
  const none = (v: unknown): unknown[] => (v === undefined ? [] : [v]);
  show('iowait sleep', ...none(await socket.iowait(null, null, 0.01)));
  show('iowait sleep negative fd', ...none(await socket.iowait(-1, null, 0.01)));
  t0 = monotonic();
  await socket.iowait(null, null, 0.1);
  took = monotonic() - t0;
  show('iowait sleep took', took >= 0.09 && took < 3);
  show('iowait closed fd', await socket.iowait(9999, 'R', 0.1));
  show('iowait closed fd number', await socket.iowait(9999, 1, 0.1));
  const iowait = socket.iowait as unknown as Loose;
  const cases: [string, unknown, unknown, unknown][] = [
    ['iowait fd nil mask', fd, null, 0],
    ['iowait nil fd mask', null, 'r', 0],
    ['iowait negative fd mask', -5, 'r', 0],
    ['iowait 0 mask', fd, 0, 0],
    ['iowait 4 mask', fd, 4, 0],
    ['iowait empty mask', fd, '', 0],
    ['iowait X mask', fd, 'X', 0],
    ['iowait 1 string mask', fd, '1', 0],
    ['iowait table mask', fd, {}, 0],
  ];
  for (const [label, f, m, t] of cases) await p.try(label, async () => [await iowait(f, m, t)]);
  await p.try('iowait one argument', async () => [await iowait(fd)]);
  await p.try('iowait no arguments', async () => [await iowait()]);
  await p.try('iowait bad timeout', async () => [await iowait(fd, 'W', 'abc')]);
  await p.try('iowait bad fd', async () => [await iowait('x', 'W', 0)]);

  const [x, y] = await pair();
  const readable = y.readable(5);
  const read = y.read(10, 5).then(
    (v) => [true, v] as const,
    (e: Error) => [false, e.message] as const,
  );
  await sleep(50);
  show('close while waiting', y.close());
  show('woken readable', await readable);
  show('woken read', ...(await read));
  x.close();

  const [pp, q] = await pair();
  const pending = q.read('\n', 5);
  await sleep(20);
  await pp.write('later\n');
  show('pending read gets data', await pending);
  const order: [string, Buffer | null][] = [];
  const first = q.read('\n', 0.3).then((v) => void order.push(['first', v]));
  const second = q.read('\n', 0.3).then((v) => void order.push(['second', v]));
  await sleep(20);
  await pp.write('one\ntwo\n');
  await Promise.all([first, second]);
  show('two readers', order[0]![0], order[0]![1], order[1]![0], order[1]![1]);
  show('buffered line still there', await q.read('\n', 1));
  for (const s of [pp, q, a, b, l, udp, fresh] as SocketObject[]) s.close();

  const [f1, f2] = await pair();
  await f1.write('ab');
  show('readable false', await f2.readable(false as unknown as number));
  show('read false', await f2.read(1, false as unknown as number));
  show('getaddrinfo false', ((await socket.getaddrinfo('127.0.0.1', 80, false as unknown as number, { type: 'SOCK_STREAM' })) ?? []).length > 0);
  const [fl, fport] = listener();
  fl.close();
  show('tcp_connect false refused', await socket.tcp_connect('127.0.0.1', fport, false as unknown as number), errno());
  show('recv nothing', f2.recv(), f2.errno() !== 0);
  await p.try('send bad flags', () => [f2.send('x', 'BAD' as never)]);
  show('errno after raise', f2.errno());
  f1.close();
  f2.close();

  const [s1, s2] = await pair();
  for (let i = 1; i <= 3; i++) {
    show(`stale readable timeout ${i}`, await s2.readable(0.02));
    await s1.write('B');
    show(`stale recv ${i}`, s2.recv());
    show(`stale readable ${i}`, await s2.readable(0.05), s2.errno());
    await s1.write('C');
    show(`stale recv bis ${i}`, s2.recv());
    show(`stale iowait ${i}`, await socket.iowait(s2.fd(), 'R', 0.05));
  }
  s1.close();
  s2.close();

  const [r1, r2] = await pair();
  const waitingRead = r2.read('\n', 0.3);
  await r1.write('x\n');
  const tr = monotonic();
  show('read beside a waiting reader', await r2.read(1, 0.2), r2.errno(), monotonic() - tr < 0.1);
  show('the waiting reader then', await waitingRead);
  r1.close();
  r2.close();

  const [w1, w2] = await pair();
  const woken: unknown[][] = [];
  let tw = 0;
  const waiters = [
    (async () => woken.push(['read', await w2.read(1, 1)]))(),
    (async () => woken.push(['readable', await w2.readable(0.5), w2.errno(), monotonic() - tw < 0.2]))(),
    (async () => woken.push(['iowait', await socket.iowait(w2.fd(), 'R', 0.5), monotonic() - tw < 0.2]))(),
  ];
  await sleep(20);
  tw = monotonic();
  await w1.write('z');
  await Promise.all(waiters);
  for (const [name, ...rest] of woken) show(`one event: ${name as string}`, ...rest);
  w1.close();
  w2.close();

  const [y1, y2] = await pair();
  const [z1, z2] = await pair();
  await y1.write('r');
  await sleep(20);
  const yorder: string[] = [];
  void (async () => {
    yorder.push('F start');
    const d = await z2.read(1, 1);
    yorder.push(`F got ${d === null ? 'nil' : d.toString('latin1')}`);
  })();
  await z1.write('x');
  yorder.push(`main readable ${await y2.readable(1)}`);
  await sleep(50);
  show('readable yields', yorder.join(', '));
  for (const s of [y1, y2, z1, z2]) s.close();

  const [k1, k2] = await pair();
  const shortReads: unknown[][] = [];
  const readers = [
    (async () => {
      const d = await k2.read(10, 1);
      shortReads.push(['K1', d, k2.errno()]);
    })(),
    (async () => {
      const d = await k2.read(5, 1);
      shortReads.push(['K2', d, k2.errno()]);
    })(),
  ];
  await sleep(20);
  await k1.write('abc');
  k1.linger(true, 0);
  k1.close();
  await Promise.all(readers);
  for (const [name, ...rest] of shortReads) show(`short read then reset: ${name as string}`, ...rest);
  show('short read then reset: after', await k2.read(10, 0.1), k2.errno());
  k2.close();

  const [e1, e2] = await pair();
  const resetReads: unknown[][] = [];
  const resetReaders = [
    (async () => {
      const d = await e2.read(10, 1);
      resetReads.push(['E1', d, e2.errno()]);
    })(),
    (async () => {
      const d = await e2.read(5, 1);
      resetReads.push(['E2', d, e2.errno()]);
    })(),
  ];
  await sleep(20);
  e1.linger(true, 0);
  e1.close();
  await Promise.all(resetReaders);
  for (const [name, ...rest] of resetReads) show(`reset, two readers: ${name as string}`, ...rest);
  e2.close();

  const [o1, o2] = await pair();
  const orderO: string[] = [];
  void (async () => orderO.push(`readable ${await o2.readable(1)}`))();
  void (async () => orderO.push(`wait ${await o2.wait(1)}`))();
  await o1.write('x');
  await sleep(50);
  show('oldest waiter first', orderO.join(', '));
  o1.close();
  o2.close();

  const qs: [SocketObject, SocketObject][] = [];
  for (let k = 0; k < 3; k++) qs.push(await pair());
  const orderQ: string[] = [];
  qs.forEach(([, r], k) => {
    void (async () => {
      for (let round = 0; round < 3; round++) orderQ.push(`F${k + 1} ${await r.readable(1)}`);
    })();
  });
  for (const [w] of qs) await w.write('x');
  await sleep(100);
  const rounds = [0, 1, 2].map((r) => orderQ.slice(3 * r, 3 * r + 3).join(','));
  show('still ready: rounds', orderQ.length, rounds[0] === rounds[1] && rounds[1] === rounds[2]);
  for (const [w, r] of qs) {
    w.close();
    r.close();
  }

  {
    const [za, zs] = await pair();
    await zs.readable(0.01);
    const closing: string[] = [];
    void zs.readable(1).then((r) => closing.push(`readable ${r}`));
    void zs.read(5, 1).then(
      () => closing.push('read raised false'),
      () => closing.push('read raised true'),
    );
    void zs.wait(1).then((r) => closing.push(`wait ${r}`));
    void socket.iowait(zs.fd(), 'R', 1).then((r) => closing.push(`iowait R "${String(r)}"`));
    void socket.iowait(zs.fd(), 1, 1).then((r) => closing.push(`iowait 1 ${String(r)}`));
    await sleep(50);
    zs.close();
    await sleep(100);
    show('close wakes in order', closing.join(', '));
    za.close();
  }

  {
    const [ia, is] = await pair();
    const io: Record<string, unknown> = {};
    const t1 = monotonic();
    void socket.iowait(is.fd(), 'R', 0.3).then((r) => {
      io.R = r;
      io.tR = monotonic() - t1;
    });
    void socket.iowait(is.fd(), 1, 0.3).then((r) => (io.n = r));
    void is.readable(0.3).then((r) => (io.readable = r));
    await sleep(500);
    show('iowait then readable', io.R, io.n, io.readable, (io.tR as number) > 0.2);
    ia.close();
    is.close();
  }

  {
    const busy = (t: number): void => {
      const end = monotonic() + t;
      while (monotonic() < end);
    };
    const pairs: [SocketObject, SocketObject][] = [];
    for (let k = 0; k < 3; k++) pairs.push(await pair());
    const timeouts: string[] = [];
    pairs.forEach(([tp], k) => void tp.readable(0.05).then((r) => timeouts.push(`equal${k + 1} ${r}`)));
    await sleep(150);
    const spans = [0.05, 0.03, 0.04];
    pairs.forEach(([tp], k) => void tp.readable(spans[k]).then((r) => timeouts.push(`span${spans[k]} ${r}`)));
    await sleep(10);
    busy(0.1);
    await sleep(50);
    show('timeouts in order', timeouts.join(', '));
    let raced: boolean | undefined;
    void pairs[0]![0].readable(0.05).then((r) => (raced = r));
    await sleep(10);
    await pairs[0]![1].write('abc');
    busy(0.1);
    await sleep(50);
    show('ready as the deadline passes', raced);
    for (const [tp, tk] of pairs) {
      tp.close();
      tk.close();
    }
  }

  {
    const busy = (t: number): void => {
      const end = monotonic() + t;
      while (monotonic() < end);
    };
    const [ma, mb] = await pair();
    const mixed: string[] = [];
    void ma.readable(0.05).then((r) => mixed.push(`A ${r}`));
    void ma.readable().then((r) => mixed.push(`B ${r}`));
    await sleep(10);
    await mb.write('abc');
    busy(0.1);
    await sleep(50);
    show('deadline and data in one turn', mixed.join(', '));
    ma.close();
    mb.close();
  }

  {
    // Waits begun on a socket that is ready already run with the next poll, behind its
    // older waiters (an iowait on its descriptor is one of them), with what that poll
    // finds, not with what is left when their turn comes.
    const [ra, rb] = await pair();
    const order: string[] = [];
    void socket.iowait(rb.fd(), 'W', 1).then((r) => order.push(`I1 ${r}`));
    void socket.iowait(rb.fd(), 'W', 1).then((r) => order.push(`I2 ${r}`));
    await sleep(50);
    void rb.writable(1).then((r) => order.push(`S1 ${r}`));
    void socket.iowait(rb.fd(), 'W', 1).then((r) => order.push(`I3 ${r}`));
    await sleep(50);
    show('ready waiters in the order they began', order.join(', '));
    const seen: string[] = [];
    await ra.write('abc');
    await rb.readable(1);
    void (async () => {
      seen.push(`F1 ${await rb.readable(1)}`);
      seen.push(`F1 recv ${rb.recv(10)}`);
    })();
    void (async () => {
      const t = monotonic();
      const r = await rb.readable(0.3);
      seen.push(`F2 ${r} quick ${monotonic() - t < 0.2}`);
    })();
    await sleep(500);
    show('readiness as the poll found it', seen.join(', '));
    const waited: string[] = [];
    void rb.read(5, 1).then((r) => waited.push(`R ${r}`));
    void rb.wait(1).then((r) => waited.push(`W ${r}`));
    await ra.write('defgh');
    await sleep(200);
    show('directions of the poll that woke it', waited.join(', '));
    ra.close();
    rb.close();
  }

  {
    // Two readers: the first leaves the buffer holding the second's whole limit.
    const [xa, xb] = await pair();
    const reads: string[] = [];
    void xb.read(3, 0.3).then((r) => reads.push(`F1 ${r}`));
    void Promise.resolve(xb.read({ chunk: 4 }, 0.3)).then(
      (r) => reads.push(`F2 ${r}`),
      (e: Error) => reads.push(`F2 raise ${e.message}`),
    );
    await xa.write('abcdefg');
    await sleep(500);
    show('second reader with its limit buffered', reads.join(', '));
    xa.close();
    xb.close();
  }

  {
    // A close before the next poll ends the waits that found the socket ready as it ends
    // the others: iowait's at once, the rest one loop iteration later.
    const [ca, cb] = await pair();
    const closing: string[] = [];
    void cb.wait(1).then((r) => closing.push(`wait ${r}`));
    void socket.iowait(cb.fd(), 'W', 1).then((r) => closing.push(`iowait "${r}"`));
    cb.close();
    await sleep(200);
    show('ready waits of a socket closed before the poll', closing.join(', '));
    ca.close();

    // An iowait on the number of a socket that then waits itself, data arriving in the
    // same turn: the poll wakes both, the older first.
    const [la, lb] = await pair();
    const both: string[] = [];
    void socket.iowait(lb.fd(), 'R', 1).then((r) => both.push(`I1 "${r}"`));
    void Promise.resolve(lb.read(10, 0.2)).then((r) => both.push(`S ${r ?? 'nil'}`));
    void la.write('12345');
    await sleep(500);
    show('iowait before the socket waits itself', both.join(', '));
    la.close();
    lb.close();

    // A name lookup's answer comes through a later poll than a socket that was ready
    // when its caller yielded: the fiber waiting on the socket goes first.
    const [ga, gb] = await pair();
    await ga.write('z');
    await gb.readable(1);
    const lookups: string[] = [];
    for (const op of ['getaddrinfo', 'tcp_connect'] as const) {
      void gb.readable(1).then((r) => lookups.push(`X ${r}`));
      if (op === 'getaddrinfo') await socket.getaddrinfo('127.0.0.1', 80);
      else await socket.tcp_connect('127.0.0.1', 1, 1);
      lookups.push(op);
      await sleep(50);
    }
    show('a lookup resumes after ready sockets', lookups.join(', '));
    ga.close();
    gb.close();
    // ... and after the waits that a close ended.
    const afterClose: string[] = [];
    for (const op of ['getaddrinfo', 'tcp_connect'] as const) {
      const [qa, qb] = await pair();
      void qb.readable(1).then((r) => afterClose.push(`X ${r}`));
      qb.close();
      if (op === 'getaddrinfo') await socket.getaddrinfo('127.0.0.1', 80);
      else await socket.tcp_connect('127.0.0.1', 1, 1);
      afterClose.push(op);
      await sleep(50);
      qa.close();
    }
    show('a lookup resumes after waits a close ended', afterClose.join(', '));

    // The fibers one poll wakes run one at a time, each until it yields, however deep
    // in helper functions its wait was.
    const [da, db] = await pair();
    const [ea, eb] = await pair();
    const turns: string[] = [];
    const deep = async (s: typeof db): Promise<boolean> => await s.readable(1);
    void db.readable(1).then((r) => turns.push(`flat ${r}`));
    void (async () => turns.push(`deep ${await deep(eb)}`))();
    await da.write('x');
    await ea.write('y');
    await sleep(200);
    show('fibers of one poll run in turn', turns.join(', '));
    for (const s of [da, db, ea, eb]) s.close();

    // A socket the last poll reported keeps its place on the level-triggered ready
    // list, drained and refilled since: its fiber runs after one whose socket turned
    // ready later.
    const [x1, x2] = await pair();
    const [y1, y2] = await pair();
    const [z1, z2] = await pair();
    const places: string[] = [];
    void (async () => {
      await y2.readable(1);
      places.push('FY');
    })();
    void (async () => {
      await x2.readable(1);
      x2.sysread(1);
      await x2.readable(1);
      places.push('FX');
    })();
    void (async () => {
      await z2.readable(1);
      z2.sysread(1);
      y1.send('y');
      x1.send('x');
    })();
    await sleep(50);
    z1.send('z');
    x1.send('x');
    await sleep(300);
    show('a socket keeps its place on the ready list', places.join(', '));
    for (const s of [x1, x2, y1, y2, z1, z2]) s.close();
  }

  {
    const [ta, tb] = await pair();
    const zero: string[] = [];
    void tb.read(1, 0).then(
      () => zero.push('read raised false'),
      () => zero.push('read raised true'),
    );
    void tb.readable(0).then((r) => zero.push(`readable ${r}`));
    void tb.wait(0).then((r) => zero.push(`wait ${r}`));
    tb.close();
    await sleep(100);
    show('a close beats a zero timeout', zero.join(', '));
    ta.close();
  }
}
