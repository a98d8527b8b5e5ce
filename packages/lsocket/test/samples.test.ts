// The lsocket distribution's samples, rewritten under examples/lsocket: each server and
// client pair runs as two processes on loopback, over IPv4 and (argument 6) IPv6.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bind } from '../src/index.js';
import './helpers.js';
import { ensureLoopbackMulticast } from '../../../examples/lsocket/loopback-multicast.mjs';

const samples = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'examples', 'lsocket');
const running: ChildProcess[] = [];

interface Run {
  proc: ChildProcess;
  output: () => string;
  /** Resolves with the first match of `pattern` in the output (bounded). */
  waitFor: (pattern: RegExp) => Promise<RegExpExecArray>;
  /** Resolves with the exit code (bounded). */
  exited: () => Promise<number | null>;
}

function run(sample: string, args: (string | number)[], input?: string): Run {
  const proc = spawn(process.execPath, [join(samples, sample), ...args.map(String)], { stdio: ['pipe', 'pipe', 'pipe'] });
  running.push(proc);
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  if (input === undefined) proc.stdin!.end();
  else proc.stdin!.end(input);
  const exit = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return {
    proc,
    output: () => out,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${sample}: no ${pattern} in 15 s; output:\n${out}`)), 15_000);
        const check = (): void => {
          const m = pattern.exec(out);
          if (m === null) return;
          clearTimeout(timer);
          proc.stdout!.off('data', check);
          resolve(m);
        };
        proc.stdout!.on('data', check);
        check();
      }),
    exited: () =>
      Promise.race([
        exit,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${sample} did not exit in 15 s; output:\n${out}`)), 15_000)),
      ]),
  };
}

function freeUdpPort(host: string): number {
  const [probe] = bind('udp', host, 0);
  const [info] = probe!.info('socket');
  probe!.close();
  return (info as { port: number }).port;
}

afterEach(() => {
  for (const p of running.splice(0)) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
});

const families = [
  ['IPv4', [], '127.0.0.1', 'inet'],
  ['IPv6', ['6'], '::1', 'inet6'],
] as const;

describe('the lsocket samples', () => {
  for (const [name, six, host, family] of families) {
    it(`tcp server and client over ${name}`, async () => {
      const server = run('tcp-server.mjs', [...six, 0]);
      const [, port] = await server.waitFor(new RegExp(`Socket: ${family} ${host.replace(/\./g, '\\.')}:(\\d+)\\n`));
      const client = run('tcp-client.mjs', [...six, port!], 'hello\nworld\nquit\n');
      expect(await client.exited()).toBe(0);
      expect(client.output()).toContain(`Peer: ${family} ${host}:${port}`);
      expect(client.output().match(/^reply: .*$/gm)).toEqual(['reply: You sent: hello', 'reply: You sent: world', 'reply: You sent: quit']);
      await server.waitFor(/client .* disconnected/);
      server.proc.kill('SIGTERM');
      expect(await server.exited()).toBe(0);
      expect(server.output()).toMatch(new RegExp(`Connection established from ${host.replace(/\./g, '\\.')}:\\d+`));
      expect(server.output()).toContain("got 'world', answering...");
    });

    it(`udp server and client over ${name}`, async () => {
      const server = run('udp-server.mjs', [...six, 0]);
      const [, port] = await server.waitFor(new RegExp(`Socket: ${family} \\S+:(\\d+)\\n`));
      const client = run('udp-client.mjs', [...six, port!], 'one\ntwo\nquit\n');
      expect(await client.exited()).toBe(0);
      expect(client.output().match(/^reply: .*$/gm)).toEqual(['reply: You sent: one', 'reply: You sent: two', 'reply: You sent: quit']);
      server.proc.kill('SIGTERM');
      expect(await server.exited()).toBe(0);
      expect(server.output()).toMatch(new RegExp(`from ${host.replace(/\./g, '\\.')}:\\d+ got 'two', answering...`));
    });
  }

  describe('mcast server and client', () => {
    let ipv6: string | null = null;
    beforeAll(() => {
      ipv6 = ensureLoopbackMulticast();
      if (ipv6 !== null) console.warn(`IPv6 loopback multicast unavailable: ${ipv6}`);
    });

    for (const [name, six, host] of families) {
      it(`over ${name}`, async (ctx) => {
        if (six.length > 0 && ipv6 !== null) ctx.skip(`IPv6 loopback multicast unavailable: ${ipv6}`);
        const port = freeUdpPort(host);
        const client = run('mcast-client.mjs', [...six, port, 3]);
        await client.waitFor(/Socket: /);
        const server = run('mcast-server.mjs', [...six, port, 3, 0.05]);
        expect(await server.exited()).toBe(0);
        expect(await client.exited()).toBe(0);
        expect(server.output().match(/^sending \d+$/gm)).toEqual(['sending 1', 'sending 2', 'sending 3']);
        const received = client.output().match(/^received from .*$/gm)!;
        expect(received).toHaveLength(3);
        expect(received[2]).toMatch(new RegExp(`^received from ${host.replace(/\./g, '\\.')}:\\d+: Counting: 3$`));
      });
    }
  });

  describe('unix server and client', () => {
    let dir = '';
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'lsocket-samples-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('echo over a unix socket, and the file is removed at the end', async () => {
      const path = join(dir, 'testsocket');
      const server = run('unix-server.mjs', [path]);
      await server.waitFor(/Socket: unix /);
      const client = run('unix-client.mjs', [path], 'hi\nquit\n');
      expect(await client.exited()).toBe(0);
      expect(client.output()).toContain(`Peer: unix ${path}`);
      expect(client.output().match(/^reply: .*$/gm)).toEqual(['reply: You sent: hi', 'reply: You sent: quit']);
      await server.waitFor(/disconnected/);
      server.proc.kill('SIGTERM');
      expect(await server.exited()).toBe(0);
      expect(existsSync(path)).toBe(false);
    });
  });
});
