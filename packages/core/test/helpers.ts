import {
  AF_INET,
  AF_INET6,
  AF_UNIX,
  errno,
  monotonic,
  READABLE,
  SOCK_STREAM,
  Socket,
  WRITABLE,
  type SockAddr,
} from '../src/index.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach } from 'vitest';

/** Sockets made through these helpers are closed after each test. */
const opened: Socket[] = [];
afterEach(() => {
  for (const s of opened.splice(0)) s.close();
});

export function track<T extends Socket>(s: T | number): T {
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

export function deadline(seconds: number): number {
  return monotonic() + seconds;
}

export function family(domain: number): 'inet' | 'inet6' {
  return domain === AF_INET6 ? 'inet6' : 'inet';
}

export function loopback(domain: number, port = 0): SockAddr {
  return domain === AF_INET6 ? { family: 'inet6', host: '::1', port } : { family: 'inet', host: '127.0.0.1', port };
}

/** A listening TCP socket on loopback and its address. */
export function tcpListener(domain = AF_INET): [Socket, SockAddr] {
  const l = open(domain, SOCK_STREAM);
  ok(l.bind(loopback(domain)));
  ok(l.listen(64));
  return [l, l.getsockname() as SockAddr];
}

/** Connects to addr and waits (bounded) until the connection is established. */
export async function connect(domain: number, addr: SockAddr): Promise<Socket> {
  const c = open(domain, SOCK_STREAM);
  const rc = c.connect(addr);
  if (rc === -errno.EINPROGRESS) {
    const bits = await c.wait(WRITABLE, deadline(5));
    if (!(bits & WRITABLE)) throw new Error('connect did not finish');
    const err = c.getsockopt('SO_ERROR');
    if (!err.ok || err.value !== 0) throw new Error(`connect failed: ${JSON.stringify(err)}`);
  } else ok(rc);
  return c;
}

/** Accepts one connection, waiting (bounded) for it. */
export async function accept(l: Socket): Promise<Socket> {
  for (let i = 0; i < 100; i++) {
    const s = l.accept();
    if (typeof s !== 'number') return track(s);
    if (s !== -errno.EAGAIN) throw new Error(`accept failed: errno ${-s}`);
    await l.wait(READABLE, deadline(5));
  }
  throw new Error('accept: no connection');
}

/** A connected TCP pair over loopback: [client, server side]. */
export async function tcpPair(domain = AF_INET): Promise<[Socket, Socket]> {
  const [l, addr] = tcpListener(domain);
  const c = await connect(domain, addr);
  const s = await accept(l);
  return [c, s];
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A fresh temporary directory for unix socket paths, removed when the file ends. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sockport-'));
  dirs.push(dir);
  return dir;
}

/** Reads (bounded) until n bytes arrived or the stream ended. */
export async function readExactly(s: Socket, n: number, seconds = 5): Promise<Buffer> {
  const out = Buffer.alloc(n);
  let got = 0;
  const end = deadline(seconds);
  while (got < n) {
    const r = s.recv(out, 0, got, n - got);
    if (r > 0) got += r;
    else if (r === 0) break;
    else if (r === -errno.EAGAIN) {
      if ((await s.wait(READABLE, end)) === 0) throw new Error(`timed out after ${got} of ${n} bytes`);
    } else throw new Error(`recv failed: errno ${-r}`);
  }
  return out.subarray(0, got);
}

export { AF_INET, AF_INET6, AF_UNIX };
