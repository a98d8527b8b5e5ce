// Property-based fuzzing of every face function and socket method (fast-check), on
// every backend: random types, sizes, option names, closed sockets. The contract: a
// result (returned error shapes included) or the face's own raised error; never a
// crash, a hang, an unhandled rejection or an engine error that betrays a bug
// ("Cannot read properties of undefined", ...). Strings are drawn so that nothing can
// reach another machine: hosts are loopback, 'localhost', or contain a NUL byte, and
// connect and sendto refuse what a drawn number makes of a host (loopback-guard.ts).
// FUZZ_RUNS scales the case counts.
import { closeSync, mkdtempSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import lsocket from '@sockport/lsocket';
import socket2 from '@sockport/socket2';
import tarantool from '@sockport/tarantool-socket';
import { loopbackOnly } from '../src/loopback-guard.js';
import { setupScenarios } from '../src/support.js';

setupScenarios();
// Numbers drawn where a host goes are IPv4 addresses ("80" is 0.0.0.80): keep them here.
loopbackOnly();

// Fuzzed names become unix socket files relative to the working directory: keep them
// in a directory of their own.
const home = process.cwd();
const scratch = mkdtempSync(join(tmpdir(), 'sockport-fuzz-'));
beforeAll(() => process.chdir(scratch));
afterAll(() => {
  process.chdir(home);
  rmSync(scratch, { recursive: true, force: true });
});
const RUNS = Number(process.env.FUZZ_RUNS ?? 3000);

const ENGINE_BUG = /Cannot read propert|is not a function|is not iterable|Cannot convert|undefined is not|null is not|Maximum call stack|Invalid array length|out of memory/;

const tokens = [
  '', '\0', 'R', 'W', 'RW', 'rw', 'r', 'w', '*l', '*a', '\n', '\r\n', 'x', 'tcp', 'udp', 'mcast', 'raw', 'ip', 'inet', 'inet6', 'unix',
  'AF_INET', 'AF_INET6', 'AF_UNIX', 'SOCK_STREAM', 'SOCK_DGRAM', 'SOL_SOCKET', 'IPPROTO_TCP', 'SO_REUSEADDR', 'SO_LINGER', 'SO_TYPE',
  'TCP_NODELAY', 'so_reuseaddr', 'tcp_nodelay', 'so_linger', 'peer', 'socket', 'both', 'send', 'receive', 'reuseaddr', 'keepalive', 'linger',
  '127.0.0.1', '::1', 'localhost', 'unix/', '@sockport-fuzz', '/nonexistent/sockport-fuzz.sock', '*', 'http', 'passive', 'numerichost',
];
const str = fc.oneof(fc.constantFrom(...tokens), fc.string({ maxLength: 40 }).map((s) => `${s}\0`));
const num = fc.oneof(
  fc.constantFrom(0, 1, -1, 2, 3, 0.001, 0.5, 80, 65535, 65536, 1e6, 2 ** 31, 2 ** 53, -(2 ** 53), Number.NaN, Infinity, -Infinity, 1.5),
  fc.integer({ min: -10, max: 70000 }),
);
// Timeouts the fuzzer may pass stay short, so that a wait that is allowed to wait ends soon.
const arg = fc.oneof(
  { weight: 3, arbitrary: str },
  { weight: 3, arbitrary: num },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined, true, false, {}, [], () => 0, Symbol('s'), 10n) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)) },
  { weight: 1, arbitrary: fc.array(str, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.record({ chunk: num, delimiter: str, handler: fc.constant(() => 0), on: fc.boolean(), timeout: num }, { requiredKeys: [] }) },
);

type Probe = { problem?: string };

function linkOf(fd: number): string | undefined {
  try {
    return readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return undefined;
  }
}

/** Runs a call: a throw or rejection is fine unless it is not an Error or shows an engine bug. */
function check(call: () => unknown, pending: Promise<unknown>[], probe: Probe): void {
  const judge = (e: unknown) => {
    if (!(e instanceof Error)) probe.problem ??= `threw a non-Error: ${String(e)}`;
    else if (ENGINE_BUG.test(e.message)) probe.problem ??= `engine error: ${e.stack}`;
  };
  try {
    const r = call();
    if (r && typeof (r as Promise<unknown>).then === 'function') pending.push((r as Promise<unknown>).then(() => undefined, judge));
  } catch (e) {
    judge(e);
  }
}

/** Settles what can settle in a moment; closing the sockets afterwards wakes the rest. */
async function settle(pending: Promise<unknown>[], close: () => void): Promise<void> {
  await new Promise((r) => setTimeout(r, 2));
  close();
  await Promise.race([Promise.all(pending), new Promise((r) => setTimeout(r, 3000))]);
}

type Closable = { close(): unknown };

/**
 * What a case made that can be closed: closed when the case ends, and at once when a
 * call settles later than that (a socket that came after the closing would leak).
 */
class Made {
  #items: Closable[] = [];
  #ended = false;

  /** Keeps a call's result (or the first of its results) when it can be closed. */
  keep = <R>(r: R): R => {
    const first: unknown = Array.isArray(r) ? r[0] : r;
    if (first && typeof (first as { close?: unknown }).close === 'function') this.add(first as Closable);
    return r;
  };

  add(c: Closable): void {
    if (this.#ended) closeQuietly(c);
    else this.#items.push(c);
  }

  closeAll(): void {
    this.#ended = true;
    this.#items.splice(0).forEach(closeQuietly);
  }
}

function closeQuietly(c: Closable): void {
  try {
    c.close();
  } catch {
    // closed by the call itself
  }
}

function methodNames(obj: object): string[] {
  const names = new Set<string>();
  for (let p = Object.getPrototypeOf(obj); p && p !== Object.prototype; p = Object.getPrototypeOf(p))
    for (const n of Object.getOwnPropertyNames(p)) if (n !== 'constructor' && typeof (obj as Record<string, unknown>)[n] === 'function') names.add(n);
  return [...names];
}

function call(obj: unknown, name: string, args: unknown[]): unknown {
  return (obj as Record<string, (...a: unknown[]) => unknown>)[name]!(...args);
}

const socket2Methods = ['type', 'family', 'protocol', 'close', 'closed', 'bind', 'setopt', 'getopt', 'addr', 'getsockname', 'getpeername', 'listen', 'connect', 'accept', 'send', 'recv', 'shutdown', 'toString'];

// Generous: three backends fuzz at once on a loaded CI machine.
describe(`fuzzing the faces on ${process.env.SOCKPORT_POLLER}`, { timeout: 180_000 }, () => {
  it('tarantool-socket: the module functions and every socket method', async () => {
    const mod = tarantool as unknown as Record<string, unknown>;
    const moduleFns = ['tcp_connect', 'getaddrinfo', 'iowait', 'tcp_server', 'bind', 'connect', 'tcp'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('module', 'tcp', 'udp', 'closed', 'luasocket'), fc.nat(64), fc.array(arg, { maxLength: 5 }), async (target, pick, args) => {
        const probe: Probe = {};
        const pending: Promise<unknown>[] = [];
        const made = new Made();
        const keep = made.keep;
        if (target === 'module') {
          const name = moduleFns[pick % moduleFns.length]!;
          check(() => {
            const r = name === 'tcp' ? call(mod, name, args) : call(mod, name, args);
            if (r && typeof (r as Promise<unknown>).then === 'function')
              return (r as Promise<unknown>).then((v) => (Array.isArray(v) ? v.forEach(keep) : keep(v)));
            return keep(r);
          }, pending, probe);
          check(() => keep(tarantool(args[0] as never, args[1] as never, args[2] as never)), pending, probe);
        } else {
          const s = target === 'luasocket' ? tarantool.tcp() : tarantool(target === 'udp' ? 'AF_INET' : 'AF_INET', target === 'udp' ? 'SOCK_DGRAM' : 'SOCK_STREAM', 0);
          if (s) {
            if (target !== 'luasocket') (s as { bind(h: string, p: number): unknown }).bind('127.0.0.1', 0);
            if (target === 'closed') (s as { close(): unknown }).close();
            else made.add(s as Closable);
            const names = methodNames(s);
            check(() => call(s, names[pick % names.length]!, args), pending, probe);
          }
        }
        await settle(pending, () => made.closeAll());
        if (probe.problem) throw new Error(probe.problem);
      }),
      { numRuns: RUNS },
    );
  });

  it('lsocket: the module functions and every socket method', async () => {
    const moduleFns = ['bind', 'connect', 'select', 'resolve', 'getinterfaces'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('module', 'tcp', 'udp', 'closed', 'thread'), fc.nat(64), fc.array(arg, { maxLength: 5 }), async (target, pick, args) => {
        const probe: Probe = {};
        const pending: Promise<unknown>[] = [];
        const made = new Made();
        const keep = made.keep;
        if (target === 'module') {
          const name = moduleFns[pick % moduleFns.length]!;
          // select with no socket waits its whole timeout by design (for ever without one):
          // keep it short, so that 3000 cases take seconds, not hours.
          const a = name === 'select' ? [...args.map((x) => (typeof x === 'number' && x > 0.01 ? 0.001 : x)), 0.001] : args;
          check(() => keep(call(lsocket, name, a)), pending, probe);
        } else {
          const [s] = lsocket.bind(target === 'udp' ? 'udp' : 'tcp', '127.0.0.1', 0);
          if (s) {
            if (target === 'closed') s.close();
            else made.add(s);
            const fd = s.getfd();
            const link = fd >= 0 ? linkOf(fd) : undefined;
            const names = methodNames(s);
            check(() => keep(call(s, names[pick % names.length]!, args)), pending, probe);
            // setfd(-1) detaches the descriptor on purpose (the socket stays open): close it.
            if (link !== undefined && s.getfd() === -1 && linkOf(fd) === link) made.add({ close: () => closeSync(fd) });
          }
        }
        await settle(pending, () => made.closeAll());
        if (probe.problem) throw new Error(probe.problem);
      }),
      { numRuns: RUNS },
    );
  });

  it('socket2: the module functions and every socket method, inside and outside threads', async () => {
    const mod = socket2 as unknown as Record<string, unknown>;
    const moduleFns = ['addr', 'tcp', 'udp', 'raw', 'newthread', 'poll', 'sleep', 'sleep_until', 'clock', 'epoll_fd', 'iocp', 'thread', 'from_fd', 'suspend', 'resume'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('module', 'tcp', 'udp', 'closed', 'thread'), fc.nat(64), fc.array(arg, { maxLength: 5 }), async (target, pick, args) => {
        const probe: Probe = {};
        const pending: Promise<unknown>[] = [];
        const made = new Made();
        const keep = made.keep;
        if (target === 'module') {
          const name = moduleFns[pick % moduleFns.length]!;
          // poll() with nothing to do returns at once; with a timeout it may wait: keep it short.
          const a = name === 'poll' ? [0.001] : name === 'epoll_fd' ? [] : args;
          check(() => keep(call(mod, name, a)), pending, probe);
        } else {
          const [s] = target === 'udp' ? socket2.udp() : socket2.tcp();
          if (s) {
            await s.bind('127.0.0.1', 0);
            if (target === 'closed') s.close();
            else made.add(s);
            // The documented methods (the classes also carry @internal helpers).
            const names = socket2Methods.filter((n) => typeof (s as unknown as Record<string, unknown>)[n] === 'function');
            const name = names[pick % names.length]!;
            if (target === 'thread') {
              // I/O inside a thread, with a near deadline, driven by poll().
              check(() => socket2.newthread(async () => void (await (call(s, name, args) as Promise<unknown>))), pending, probe);
              check(() => socket2.poll(0.01), pending, probe);
            } else check(() => keep(call(s, name, args)), pending, probe);
          }
        }
        await settle(pending, () => made.closeAll());
        if (probe.problem) throw new Error(probe.problem);
      }),
      { numRuns: RUNS },
    );
  });
});
