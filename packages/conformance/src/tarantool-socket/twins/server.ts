// Twin of lua/server.lua: tcp_server handler forms, prepare, errors, unix paths.
import { existsSync, writeFileSync } from 'node:fs';
import socket, { errno, type FromAddress, type SocketObject } from '@sockport/tarantool-socket';
import { masked, type Printer } from '../format.js';
import { sleep } from './common.js';

// Fiber channels become a queue of promises.
class Channel<T> {
  #items: T[] = [];
  #waiting: ((v: T) => void)[] = [];
  put(v: T): void {
    const w = this.#waiting.shift();
    if (w) w(v);
    else this.#items.push(v);
  }
  get(seconds: number): Promise<T | undefined> {
    if (this.#items.length > 0) return Promise.resolve(this.#items.shift());
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(undefined), seconds * 1000);
      this.#waiting.push((v) => {
        clearTimeout(timer);
        resolve(v);
      });
    });
  }
}

export async function run(p: Printer): Promise<void> {
  const show = p.show.bind(p);
  const events = new Channel<unknown[]>();

  const echo = async (s: SocketObject, from: FromAddress, ...rest: unknown[]): Promise<void> => {
    events.put(['handler', 2 + rest.length, masked(from), s.nonblock()]);
    for (;;) {
      const line = await s.read('\n', 5);
      if (line === null || line.length === 0) break;
      await s.write(line);
    }
  };
  const results = await socket.tcp_server('127.0.0.1', 0, echo);
  const [server, addr] = results;
  show('tcp_server', results.length, server !== null, addr);
  show('server name', masked(server!.name()));
  show('server reuseaddr', server!.getsockopt('SOL_SOCKET', 'SO_REUSEADDR'));
  show('server nonblock', server!.nonblock());
  const port = server!.name()!.port as number;
  const cl = (await socket.tcp_connect('127.0.0.1', port))!;
  const h = (await events.get(5))!;
  show('handler args', h[1], h[2], h[3]);
  await cl.write('hello\n');
  show('echo', await cl.read('\n', 5));
  cl.shutdown('W');
  show('eof after handler returns', await cl.read(10, 5));
  cl.close();
  show('close server', server!.close());
  show('connect after close', await socket.tcp_connect('127.0.0.1', port), errno());

  const prepared: unknown[][] = [];
  const [s2, addr2] = await socket.tcp_server('127.0.0.1', 0, {
    handler: async (s) => void (await s.write('hi\n')),
    prepare: (...args: unknown[]) => {
      const sock = args[0] as SocketObject;
      prepared.push([args.length, sock.getsockopt('SOL_SOCKET', 'SO_REUSEADDR'), masked(sock.name())]);
      return 5;
    },
    name: 'named',
  });
  show('prepare calls', prepared.length, prepared[0]![0], prepared[0]![1], prepared[0]![2]);
  show('with prepare reuseaddr', s2!.getsockopt('SOL_SOCKET', 'SO_REUSEADDR'));
  show('with prepare addr', addr2);
  const c2 = (await socket.tcp_connect('127.0.0.1', s2!.name()!.port))!;
  show('table form handler', await c2.read('\n', 5));
  show('table form eof', await c2.read(10, 5));
  c2.close();
  s2!.close();
  show('prepare calls after connect', prepared.length);

  const [s3] = await socket.tcp_server('127.0.0.1', 0, {
    handler: () => {
      throw new Error('handler failed');
    },
    prepare: () => undefined,
  });
  const c3 = (await socket.tcp_connect('127.0.0.1', s3!.name()!.port))!;
  show('raising handler closes', await c3.read(10, 5));
  c3.close();
  s3!.close();
  const [s4] = await socket.tcp_server('127.0.0.1', 0, (s) => void s.close());
  const c4 = (await socket.tcp_connect('127.0.0.1', s4!.name()!.port))!;
  show('handler closed socket', await c4.read(10, 5));
  c4.close();
  s4!.close();
  const [s5] = await socket.tcp_server('127.0.0.1', 0, echo);
  const clients: SocketObject[] = [];
  for (let i = 0; i < 3; i++) clients.push((await socket.tcp_connect('127.0.0.1', s5!.name()!.port))!);
  for (let i = 0; i < 3; i++) await events.get(5);
  for (let i = 2; i >= 0; i--) await clients[i]!.write(`n${i + 1}\n`);
  const answers: unknown[] = [];
  for (let i = 0; i < 3; i++) answers.push(await clients[i]!.read('\n', 5));
  show('concurrent handlers', ...answers);
  for (const cc of clients) cc.close();
  s5!.close();

  const busy = socket('AF_INET', 'SOCK_STREAM', 'tcp')!;
  busy.bind('127.0.0.1', 0);
  busy.listen();
  errno(0);
  let r: unknown[] = await socket.tcp_server('127.0.0.1', busy.name()!.port, echo);
  show('busy port', r.length, r[0], errno());
  busy.close();
  errno(0);
  r = await socket.tcp_server('127.0.0.1', 'nosuchservice', echo);
  show('unresolvable', r.length, r[0], errno());
  const tcpServer = socket.tcp_server as unknown as (...a: unknown[]) => Promise<unknown[]>;
  await p.try('usage number', () => tcpServer('127.0.0.1', 0, 5));
  await p.try('usage nil', () => tcpServer('127.0.0.1', 0));
  await p.try('usage handler not function', () => tcpServer('127.0.0.1', 0, { handler: 5 }));
  await p.try('usage prepare not function', () => tcpServer('127.0.0.1', 0, { handler: echo, prepare: 5 }));
  // What prepare raises, or listen raises on its result, leaves the socket open.
  let kept: SocketObject | undefined;
  const keep = (s: SocketObject): never => {
    kept = s;
    throw 'boom';
  };
  await p.try('prepare raises', () => tcpServer('127.0.0.1', 0, { handler: echo, prepare: keep }));
  await p.try('kept after prepare raised', () => [kept!.nonblock()]);
  kept!.close();
  const kpath = `${p.tmp}/kept.sock`;
  const badBacklog = (s: SocketObject): unknown => {
    kept = s;
    return 'x';
  };
  show('listen raises', await tcpServer('unix/', kpath, { handler: echo, prepare: badBacklog }).then(() => true, () => false));
  show('kept after listen raised', kept!.name());
  show('kept close', kept!.close(), existsSync(kpath));

  const path = `${p.tmp}/srv.sock`;
  writeFileSync(path, 'stale');
  const [us, uaddr] = await socket.tcp_server('unix/', path, echo);
  show('unix over stale file', us !== null, uaddr);
  show('unix name', us!.name());
  show('unix file exists', existsSync(path));
  errno(0);
  r = await socket.tcp_server('unix/', path, echo);
  show('unix live path', r.length, r[0], errno());
  const uc = (await socket.tcp_connect('unix/', path))!;
  await events.get(5);
  await uc.write('u\n');
  show('unix echo', await uc.read('\n', 5));
  uc.close();
  show('unix close', us!.close());
  show('unix file removed', existsSync(path));
  await p.try('unix close again', () => [us!.close()]);
  const dead = socket('AF_UNIX', 'SOCK_STREAM', 0)!;
  dead.bind('unix/', path);
  dead.close();
  const [us2] = await socket.tcp_server('unix/', path, echo);
  show('unix over dead socket file', us2 !== null);
  us2!.close();

  const order: string[] = [];
  let n = 0;
  const [queued] = await socket.tcp_server('127.0.0.1', 0, async (s) => {
    const me = ++n;
    order.push(`H${me} start`);
    const line = await s.read('\n', 2);
    order.push(`H${me} got ${line === null ? 'nil' : line.toString('latin1')}`);
    await s.write(`r${me}`);
    order.push(`H${me} end`);
  });
  const cls = [1, 2, 3].map(() => socket('AF_INET', 'SOCK_STREAM', 'tcp')!);
  for (const cl of cls) cl.sysconnect('127.0.0.1', queued!.name()!.port);
  cls.forEach((cl, i) => cl.send(`m${i + 1}\n`));
  for (const [i, cl] of cls.entries()) {
    show(`pending connection reply ${i + 1}`, await cl.read(2, 2));
    cl.close();
  }
  show('pending connections, handler order', order.join(', '));
  queued!.close();

  const eorder: string[] = [];
  const [es] = await socket.tcp_server('127.0.0.1', 0, async (s) => {
    eorder.push('H start');
    const line = await s.read('\n', 1);
    eorder.push(`H got ${line === null ? 'nil' : line.toString('latin1', 0, 1)}`);
  });
  for (let i = 1; i <= 2; i++) {
    const cl = (await socket.tcp_connect('127.0.0.1', es!.name()!.port))!;
    eorder.push(`C${i} connected`);
    await cl.write('x\n');
    await sleep(20);
    cl.close();
  }
  show('client beside its handler', eorder.join(', '));
  es!.close();
}
