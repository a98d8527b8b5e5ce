// Faults, on every backend: resets in the middle of reads and writes, half-closes,
// descriptor exhaustion, signals during a blocking wait, closes during waits. Each
// ends in the documented error and loses no byte the kernel acknowledged.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  AF_INET,
  CLOSED,
  errno,
  monotonic,
  READABLE,
  ReadBuffer,
  SHUT_RD,
  SHUT_WR,
  SOCK_STREAM,
  WRITABLE,
  writeAll,
} from '@sockport/core';
import { after, open, setupScenarios, sleep, tcpPair } from '../src/support.js';

setupScenarios();

describe(`faults on ${process.env.SOCKPORT_POLLER}`, () => {
  it('a reset in the middle of a read: the bytes before it arrive, then ECONNRESET', async () => {
    const [c, s] = await tcpPair();
    c.send('partial line without end');
    await sleep(20);
    c.setsockopt('SO_LINGER', { on: true, seconds: 0 });
    c.close(); // RST
    const rb = new ReadBuffer();
    const r = await rb.read(s, { limit: 1000, delimiters: [Buffer.from('\n')] }, after(5));
    // The data sent before the reset was delivered or dropped by the kernel as a whole;
    // what arrived is kept buffered and the read reports the reset.
    expect(r).toEqual({ status: 'error', errno: errno.ECONNRESET });
    expect(rb.length === 0 || rb.view().toString() === 'partial line without end').toBe(true);
    expect(await rb.read(s, { limit: 1000 }, after(5))).toMatchObject({ status: 'eof' });
  });

  it('a reset in the middle of a write: writeAll reports EPIPE or ECONNRESET and how much was taken', async () => {
    const [c, s] = await tcpPair();
    c.setsockopt('SO_SNDBUF', 16384);
    const pending = writeAll(c, Buffer.alloc(8 << 20, 1), after(10));
    await sleep(30);
    s.setsockopt('SO_LINGER', { on: true, seconds: 0 });
    s.close();
    const out = await pending;
    expect(out.status).toBe('error');
    expect([errno.EPIPE, errno.ECONNRESET]).toContain((out as { errno: number }).errno);
    expect(out.sent).toBeGreaterThan(0);
    expect(out.sent).toBeLessThan(8 << 20);
  });

  it('half-close: each direction keeps working after the other is shut', async () => {
    const [c, s] = await tcpPair();
    expect(c.shutdown(SHUT_WR)).toBe(0);
    const rb = new ReadBuffer();
    expect(await rb.read(s, { limit: 10 }, after(5))).toEqual({ status: 'eof', data: Buffer.alloc(0) });
    expect(s.send('still here')).toBe(10);
    const back = new ReadBuffer();
    expect(await back.read(c, { limit: 10 }, after(5))).toEqual({ status: 'ok', data: Buffer.from('still here') });
    expect(c.send('x')).toBe(-errno.EPIPE);

    const [c2, s2] = await tcpPair();
    expect(s2.shutdown(SHUT_RD)).toBe(0);
    expect(s2.recv(Buffer.alloc(4))).toBe(0); // nothing queued: end of stream at once
    expect(s2.send('out')).toBe(3);
    expect(await new ReadBuffer().read(c2, { limit: 3 }, after(5))).toEqual({ status: 'ok', data: Buffer.from('out') });
  });

  it('a socket closed while another call waits on it: every wait settles with CLOSED', async () => {
    const [, s] = await tcpPair();
    const [c] = await tcpPair();
    c.setsockopt('SO_SNDBUF', 16384);
    const reading = new ReadBuffer().read(s, { limit: 10 }, after(10));
    const writing = writeAll(c, Buffer.alloc(16 << 20), after(10));
    await sleep(20);
    s.close();
    c.close();
    expect(await reading).toEqual({ status: 'closed' });
    expect((await writing).status).toBe('closed');
    expect(await s.wait(READABLE, after(1))).toBe(CLOSED);
  });

  it('no byte acknowledged as sent is lost: a 64 MiB stream arrives whole and in order', async () => {
    const [c, s] = await tcpPair();
    const size = 64 << 20;
    const data = Buffer.allocUnsafe(size);
    for (let i = 0; i < size; i += 4) data.writeUInt32LE(i, i);
    const sending = Promise.resolve(writeAll(c, data, after(60))).then((o) => (c.shutdown(SHUT_WR), o));
    const rb = new ReadBuffer(1 << 16);
    const got: Buffer[] = [];
    let total = 0;
    for (let i = 0; i < 100_000; i++) {
      const r = await rb.read(s, { limit: 1 << 20 }, after(60));
      if (r.status !== 'ok' && r.status !== 'eof') throw new Error(JSON.stringify(r));
      got.push(r.data);
      total += r.data.length;
      if (r.status === 'eof') break;
    }
    expect(await sending).toEqual({ status: 'ok', sent: size });
    expect(total).toBe(size);
    expect(Buffer.concat(got).equals(data)).toBe(true);
  });

  it('a listener that hits EMFILE keeps serving once descriptors free up', async () => {
    const script = fileURLToPath(new URL('../src/core/emfile-server.mjs', import.meta.url));
    const server = spawn('bash', ['-c', `ulimit -n 64 && exec "${process.execPath}" "${script}"`], { stdio: ['pipe', 'pipe', 'inherit'], env: process.env });
    try {
      let out = '';
      server.stdout.on('data', (d) => (out += d));
      const until = async (re: RegExp, seconds: number) => {
        const end = monotonic() + seconds;
        while (!re.test(out) && monotonic() < end) await sleep(10);
        return re.exec(out);
      };
      const port = Number((await until(/listening (\d+)/, 10))![1]);
      // More connections than the server has descriptors for.
      const clients = await Promise.all(Array.from({ length: 80 }, async () => {
        const c = open(AF_INET, SOCK_STREAM);
        const rc = c.connect({ family: 'inet', host: '127.0.0.1', port });
        if (rc === -errno.EINPROGRESS) await c.wait(WRITABLE, after(5));
        c.send('hello');
        return c;
      }));
      expect(await until(/emfile/, 10)).not.toBeNull();
      server.stdin.write('release\n');
      // Everyone is served in the end, the ones that waited in the backlog included.
      expect(await until(/served 80\b/, 20)).not.toBeNull();
      const echoes = await Promise.all(clients.map((c) => new ReadBuffer().read(c, { limit: 5 }, after(10))));
      expect(echoes.every((e) => e.status === 'ok' && e.data.toString() === 'hello')).toBe(true);
    } finally {
      server.kill('SIGKILL');
    }
  });

  it('a signal during a blocking waitSync returns EINTR, not a hang', async () => {
    const core = fileURLToPath(import.meta.resolve('@sockport/core'));
    const child = spawn(process.execPath, ['--input-type=module', '-e', `
      import * as c from ${JSON.stringify(core)};
      process.on('SIGUSR2', () => {});
      const s = c.Socket.open(c.AF_INET, c.SOCK_DGRAM);
      s.bind({ family: 'inet', host: '127.0.0.1', port: 0 });
      console.log('waiting');
      const t = c.monotonic();
      const r = c.waitSync([[s, c.READABLE]], 20);
      console.log(r === -c.errno.EINTR ? 'EINTR' : 'other ' + r, (c.monotonic() - t) < 10);
    `], { stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const exited = new Promise((r) => child.on('exit', r));
    for (let i = 0; i < 500 && !out.includes('waiting'); i++) await sleep(10);
    // A signal that lands before the child is inside waitSync (a loaded machine can hold
    // it back past any fixed pause) interrupts nothing: signal again until it is over.
    for (let i = 0; i < 50 && child.exitCode === null; i++) {
      await sleep(100);
      if (child.exitCode === null) child.kill('SIGUSR2');
    }
    const code = await exited;
    expect(code).toBe(0);
    expect(out).toContain('EINTR true');
  });
});
