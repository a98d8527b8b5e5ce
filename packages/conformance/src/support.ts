// Helpers shared by the scenarios: loopback sockets that are closed after each
// scenario, bounded waits, and a check that the backend under test is the one asked for.
import {
  AF_INET,
  AF_INET6,
  errno,
  monotonic,
  poller,
  READABLE,
  SOCK_STREAM,
  Socket,
  WRITABLE,
  type SockAddr,
} from '@sockport/core';
import { afterEach, beforeAll, expect } from 'vitest';

const opened: Socket[] = [];

/** Call once per scenario file: checks the backend and closes tracked sockets after each test. */
export function setupScenarios(): void {
  beforeAll(() => {
    expect(poller()).toBe(process.env.SOCKPORT_POLLER);
  });
  afterEach(() => {
    for (const s of opened.splice(0)) s.close();
  });
}

export function track(s: Socket | number): Socket {
  if (typeof s === 'number') throw new Error(`socket call failed: errno ${-s}`);
  opened.push(s);
  return s;
}

export function open(domain: number, type: number, protocol = 0): Socket {
  return track(Socket.open(domain, type, protocol));
}

export function ok(rc: number): void {
  if (rc < 0) throw new Error(`syscall failed: errno ${-rc}`);
}

export function after(seconds: number): number {
  return monotonic() + seconds;
}

export function loopback(domain: number, port = 0): SockAddr {
  return domain === AF_INET6 ? { family: 'inet6', host: '::1', port } : { family: 'inet', host: '127.0.0.1', port };
}

export function tcpListener(domain = AF_INET, backlog = 64): [Socket, SockAddr] {
  const l = open(domain, SOCK_STREAM);
  ok(l.bind(loopback(domain)));
  ok(l.listen(backlog));
  return [l, l.getsockname() as SockAddr];
}

export async function connect(domain: number, addr: SockAddr): Promise<Socket> {
  const c = open(domain, SOCK_STREAM);
  const rc = c.connect(addr);
  if (rc === -errno.EINPROGRESS) {
    expect(await c.wait(WRITABLE, after(5))).toBe(WRITABLE);
    expect(c.getsockopt('SO_ERROR')).toEqual({ ok: true, value: 0 });
  } else ok(rc);
  return c;
}

export async function accept(l: Socket): Promise<Socket> {
  for (let i = 0; i < 100; i++) {
    const s = l.accept();
    if (typeof s !== 'number') return track(s);
    expect(s).toBe(-errno.EAGAIN);
    await l.wait(READABLE, after(5));
  }
  throw new Error('accept: no connection arrived');
}

export async function tcpPair(domain = AF_INET): Promise<[Socket, Socket]> {
  const [l, addr] = tcpListener(domain);
  const c = await connect(domain, addr);
  return [c, await accept(l)];
}

/** Resolves after ms milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
