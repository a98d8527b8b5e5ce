// The echo servers of `pnpm bench` really echo: each one, started as the benchmark
// starts it, returns every byte of two connections' messages in order, including a
// message larger than one read, and serves on while other connections end. A server
// that dropped, mixed up or held back bytes would make its benchmark figure
// meaningless. The clients of `own-clients-16` count real round trips.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const bench = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'bench');
const servers = join(bench, 'servers');
const running: ChildProcess[] = [];
const echoServers = ['core', 'core-awaited', 'core-fiber-order', 'net', 'lsocket', 'socket2', 'tarantool-socket'];

afterEach(() => {
  for (const p of running.splice(0)) p.kill('SIGKILL');
});

// Starts a server and resolves with its port, from the `listening <port>` line it prints.
function start(name: string): Promise<number> {
  const proc = spawn(process.execPath, [join(servers, `${name}.mjs`), '0', 'echo'], { stdio: ['ignore', 'pipe', 'inherit'] });
  running.push(proc);
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d;
      const m = /listening (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    proc.on('exit', (code) => reject(new Error(`${name} exited ${code} before listening`)));
  });
}

// Sends `messages` one at a time, each after the echo of the one before, and resolves
// with everything that came back.
function exchange(port: number, messages: Buffer[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const c = connect(port, '127.0.0.1');
    const got: Buffer[] = [];
    let have = 0;
    let expected = 0;
    let next = 0;
    const send = (): void => {
      if (next === messages.length) return void c.end();
      expected += messages[next]!.length;
      c.write(messages[next++]!);
    };
    c.on('connect', send);
    c.on('data', (d: Buffer) => {
      got.push(d);
      have += d.length;
      if (have === expected) send();
    });
    c.on('close', () => resolve(Buffer.concat(got)));
    c.on('error', reject);
  });
}

describe('the bench echo servers', () => {
  // Lines, because tarantool-socket's server echoes by line.
  const line = (n: number, fill: string): Buffer => Buffer.from(`${fill.repeat(n - 1)}\n`);
  const messages = (tag: string): Buffer[] => [line(64, tag), line(1, tag), line(200_000, tag), line(64, tag)];

  for (const name of echoServers) {
    it(`${name} echoes every byte of two connections, in order`, async () => {
      const port = await start(name);
      const [a, b] = [messages('a'), messages('b')];
      const [gotA, gotB] = await Promise.all([exchange(port, a), exchange(port, b)]);
      expect(gotA.equals(Buffer.concat(a))).toBe(true);
      expect(gotB.equals(Buffer.concat(b))).toBe(true);
    }, 20_000);
  }
});

// A connection whose handler ends (its peer closed) must not hold up the others woken
// with it: in rounds, four connections close while four others ask, so that both reach
// the server in the same polls.
function endAfter(port: number, message: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const c = connect(port, '127.0.0.1', () => c.end(message));
    c.on('data', () => {});
    c.on('close', () => resolve());
    c.on('error', reject);
  });
}

describe('the bench echo servers, with connections ending', () => {
  const line = Buffer.from(`${'z'.repeat(63)}\n`);
  for (const name of echoServers) {
    it(`${name} serves on while connections woken with others end`, async () => {
      const port = await start(name);
      for (let round = 0; round < 20; round++) {
        const ending = Array.from({ length: 4 }, () => endAfter(port, line));
        const asking = Array.from({ length: 4 }, () => exchange(port, [line, line]));
        const echoes = await Promise.all(asking);
        await Promise.all(ending);
        for (const echo of echoes) expect(echo.length).toBe(2 * line.length);
      }
    }, 20_000);
  }
});

// The clients of `own-clients-16` really make round trips: each, against the core's echo
// server, prints the C client's result line with a count of whole echoes.
describe("the bench's own clients", () => {
  const tarantool = spawnSync('tarantool', ['--version']).status === 0;
  const clients: [string, string[]][] = [
    ['net', [process.execPath, join(bench, 'clients', 'net.mjs')]],
    ['core', [process.execPath, join(bench, 'clients', 'core.mjs')]],
    ['tarantool-socket', [process.execPath, join(bench, 'clients', 'tarantool-socket.mjs')]],
    ['tarantool', ['tarantool', join(bench, 'clients', 'tarantool.lua')]],
  ];
  for (const [name, cmd] of clients) {
    it(`${name} counts the round trips it makes`, async (ctx) => {
      if (name === 'tarantool' && !tarantool) {
        console.log('tarantool is not installed: its client is not run');
        return ctx.skip();
      }
      const port = await start('core');
      const [file, ...args] = cmd;
      const out = await new Promise<string>((resolve, reject) => {
        const c = spawn(file!, [...args, String(port), '4', '0.2'], { stdio: ['ignore', 'pipe', 'inherit'] });
        running.push(c);
        let text = '';
        c.stdout!.on('data', (d: Buffer) => (text += d));
        c.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`${name} client exited ${code}`))));
      });
      const result = JSON.parse(out.trim().split('\n').pop()!) as { roundtrips_per_s: number; total: number };
      expect(result.total).toBeGreaterThan(0);
      expect(result.roundtrips_per_s).toBeGreaterThan(0);
    }, 20_000);
  }
});
