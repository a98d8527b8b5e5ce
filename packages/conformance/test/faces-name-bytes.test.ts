// Names are bytes in Lua: a host name or a unix path given as a Uint8Array reaches the
// resolver or the kernel as it is, UTF-8 or not, and a path handed back that is not
// UTF-8 comes as a Buffer of its bytes, which names the same socket when given back.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lsocket from '@sockport/lsocket';
import socket2 from '@sockport/socket2';
import tarantool from '@sockport/tarantool-socket';
import { afterAll, describe, expect, it } from 'vitest';
import { setupScenarios } from '../src/support.js';

setupScenarios();

const dir = mkdtempSync(join(tmpdir(), 'sockport-names-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let paths = 0;
// A fresh unix path under `dir` whose last byte is not UTF-8.
const latin1Path = (): Buffer => Buffer.concat([Buffer.from(join(dir, `s${++paths}`)), Buffer.from([0xe9])]);

describe(`names as bytes on ${process.env.SOCKPORT_POLLER}`, () => {
  it('a host name that is not UTF-8 reaches the resolver as it is, in every face', (ctx) => {
    // A hosts file that names 127.0.0.1 in Latin-1, seen only by a child in its own mount
    // namespace (root and unshare needed).
    const hosts = join(dir, 'hosts');
    writeFileSync(hosts, Buffer.concat([Buffer.from('127.0.0.1 localhost caf'), Buffer.from([0xe9, 0x0a])]));
    const child = join(import.meta.dirname, '../src/host-bytes.mjs');
    // Exit status 97: the mount could not be made (the child never ran).
    const run = spawnSync('unshare', ['-m', 'sh', '-c', '{ mount --bind "$1" /etc/hosts || exit 97; } && exec "$2" "$3"', 'sh', hosts, process.execPath, child], { encoding: 'utf8', timeout: 20_000 });
    if (run.status === 97 || run.error !== undefined || run.stderr.startsWith('unshare:')) {
      console.log(`skipped: a private /etc/hosts needs root and unshare (${(run.stderr || String(run.error)).trim().split('\n')[0]})`);
      ctx.skip();
    }
    expect(run.stderr).toBe('');
    const loop = [[{ family: 'inet', addr: '127.0.0.1' }]];
    expect(JSON.parse(run.stdout)).toEqual({
      lsocketResolve: loop,
      lsocketResolveSync: loop,
      lsocketBind: '127.0.0.1',
      lsocketAsText: [null, 'Name or service not known'],
      socket2: '127.0.0.1:80',
      tarantool: ['127.0.0.1'],
    });
  });

  it('lsocket: an interface name that is not UTF-8 comes back as its bytes, which scope an address', (ctx) => {
    // A bridge interface named "d\xe9v" (Latin-1), seen only by a child in its own network
    // namespace (root, unshare and ip needed).
    const lsocketPath = import.meta.resolve('@sockport/lsocket');
    const child = `
      import lsocket from ${JSON.stringify(lsocketPath)};
      const [list] = lsocket.getinterfaces();
      const entry = list.find((e) => Buffer.isBuffer(e.name) && e.family === 'inet6');
      const [s, err] = lsocket.bind('udp', Buffer.concat([Buffer.from('fe80::a%'), entry.name]), 0);
      console.log(JSON.stringify({ name: entry.name.toString('hex'), bound: s ? s.info('socket')[0].addr : err }));
    `;
    // Exit status 97: the namespace could not be set up (the child never ran).
    const setup = '{ n=$(printf "d\\351v") && ip link add name "$n" type bridge && ip link set "$n" up && ip addr add fe80::a/64 dev "$n" nodad; } || exit 97; exec "$0" --input-type=module -e "$1"';
    const run = spawnSync('unshare', ['-n', 'sh', '-c', setup, process.execPath, child], { encoding: 'utf8', timeout: 20_000 });
    if (run.status === 97 || run.error !== undefined || run.stderr.startsWith('unshare:')) {
      console.log(`skipped: a private network namespace with a bridge interface needs root, unshare and ip (${(run.stderr || String(run.error)).trim().split('\n')[0]})`);
      ctx.skip();
    }
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ name: '64e976', bound: 'fe80::a' });
  });

  it('lsocket: a unix path that is not UTF-8 comes back as its bytes', async () => {
    const serverPath = latin1Path();
    const clientPath = latin1Path();
    const [server] = lsocket.bind('udp', serverPath);
    const [client] = lsocket.bind('udp', clientPath);
    try {
      expect(server!.info('socket')).toEqual([{ family: 'unix', addr: serverPath }]);
      expect(client!.sendto('ping', serverPath, 0)).toEqual([4]);
      await lsocket.select([server!], 5);
      const [data, from] = server!.recvfrom();
      expect([data, from]).toEqual([Buffer.from('ping'), clientPath]);
      expect(server!.sendto('pong', from as Buffer, 0)).toEqual([4]);
      await lsocket.select([client!], 5);
      expect(client!.recv()).toEqual([Buffer.from('pong')]);
    } finally {
      server?.close();
      client?.close();
    }
  });

  it('tarantool-socket: name() and recvfrom give such a path as its bytes', async () => {
    const serverPath = latin1Path();
    const clientPath = latin1Path();
    const server = tarantool('AF_UNIX', 'SOCK_DGRAM', 0)!;
    const client = tarantool('AF_UNIX', 'SOCK_DGRAM', 0)!;
    try {
      expect(server.bind('unix/', serverPath)).toBe(true);
      expect(client.bind('unix/', clientPath)).toBe(true);
      expect(server.name()).toMatchObject({ host: 'unix/', family: 'AF_UNIX', port: serverPath });
      expect(client.sendto('unix/', server.name()!.port, 'ping')).toBe(4);
      await server.readable(5);
      const [data, from] = server.recvfrom();
      expect([String(data), from?.port]).toEqual(['ping', clientPath]);
      expect(server.sendto('unix/', from!.port, 'pong')).toBe(4);
      await client.readable(5);
      expect(String(client.recv())).toBe('pong');
    } finally {
      server.close();
      client.close();
    }
  });

  it('socket2: a unix path given as bytes names that file', async () => {
    const path = latin1Path();
    const [ai] = await socket2.addr(path, null, 'udp', 'unix');
    expect(ai?.family()).toBe('unix');
    const [u] = socket2.udp('unix');
    try {
      expect(await u!.bind(path)).toEqual([true]);
      expect(existsSync(path)).toBe(true);
      const [peer] = socket2.udp('unix');
      expect(await peer!.send('hi', null, path, null)).toEqual([2]);
      peer!.close();
    } finally {
      u?.close();
    }
  });
});
