// Helpers for the lsocket scenarios: sockets made through them are closed after each
// scenario, unix paths live in a directory removed afterwards, and every wait is bounded.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { poller } from '@sockport/core';
import lsocket, { type Socket } from '@sockport/lsocket';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

const opened: Socket[] = [];
let dir: string | undefined;
let names = 0;

/** Call once per scenario file: checks the backend, closes tracked sockets, removes paths. */
export function setupLsocket(): void {
  beforeAll(() => {
    expect(poller()).toBe(process.env.SOCKPORT_POLLER);
  });
  afterEach(() => {
    for (const s of opened.splice(0)) s.close();
  });
  afterAll(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });
}

/** The socket of a `[sock]` result (tracked for closing), or a thrown error for `[nil, err]`. */
export function made(result: [Socket] | [null, string]): Socket {
  if (result[0] === null) throw new Error(`expected a socket, got nil, ${result[1]}`);
  opened.push(result[0]);
  return result[0];
}

/** The socket, peer address and port of an accept that must succeed (the socket is tracked). */
export function accepted(server: Socket): [Socket, string | null, number | null] {
  const result = server.accept();
  if (result[0] === false || result[0] === null) throw new Error(`accept: ${String(result[1] ?? 'nothing pending')}`);
  opened.push(result[0]);
  return [result[0], result[1], result[2]];
}

// How many UDP sockets of the whole system are bound to this local port.
function boundTo(port: number): number {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  let count = 0;
  for (const table of ['/proc/net/udp', '/proc/net/udp6'])
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) if (line.trim().split(/\s+/)[1]?.endsWith(`:${hex}`)) count++;
  return count;
}

/**
 * `count` UDP sockets bound to `host`, each on a port no other socket has (closed after
 * the scenario). lsocket sets SO_REUSEADDR before bind, so Linux may give a socket bound to
 * port 0 a port that another such socket already holds, in this process or another (as
 * with the original); a socket that got a shared port is closed and another one tried.
 */
export function udpSockets(count: number, host = '127.0.0.1'): Socket[] {
  const out: Socket[] = [];
  for (let i = 0; out.length < count && i < count * 4; i++) {
    const s = made(lsocket.bind('udp', host, 0));
    if (boundTo(portOf(s)) === 1) out.push(s);
    else s.close();
  }
  return out;
}

/** A fresh unix socket path in this file's temporary directory. */
export function unixPath(): string {
  dir ??= mkdtempSync(join(tmpdir(), 'lsocket-conf-'));
  return join(dir, `s${++names}`);
}

/** A fresh Linux abstract name, lsocket style (`@name`). */
export function abstractName(): string {
  return `@lsocket-conf-${process.pid}-${++names}`;
}

/** The loopback address of a family. */
export function loopback(family: 'inet' | 'inet6'): string {
  return family === 'inet6' ? '::1' : '127.0.0.1';
}

/** The local port of a bound socket. */
export function portOf(s: Socket): number {
  const [info] = s.info('socket');
  if (info === null || !('port' in info)) throw new Error('socket has no port');
  return info.port;
}

/** Waits (bounded) until select reports `s` readable. */
export async function readable(s: Socket, seconds = 5): Promise<void> {
  const [ready] = await lsocket.select([s], seconds);
  if (!Array.isArray(ready) || !ready.includes(s)) throw new Error(`not readable within ${seconds} s`);
}

/** Waits (bounded) until select reports `s` writable. */
export async function writable(s: Socket, seconds = 5): Promise<void> {
  const [, ready] = await lsocket.select(null, [s], seconds);
  if (!Array.isArray(ready) || !ready.includes(s)) throw new Error(`not writable within ${seconds} s`);
}

/** A listening TCP socket on loopback, a client connected to it, and the accepted end. */
export async function tcpTrio(family: 'inet' | 'inet6' = 'inet'): Promise<[Socket, Socket, Socket]> {
  const server = made(lsocket.bind(loopback(family), 0));
  const client = made(lsocket.connect(loopback(family), portOf(server)));
  await writable(client);
  expect(client.status()).toEqual([true]);
  await readable(server);
  return [server, client, accepted(server)[0]];
}

/** A connected pair of unix stream sockets through a listener at a fresh path. */
export async function unixTrio(address = unixPath()): Promise<[Socket, Socket, Socket]> {
  const server = made(lsocket.bind(address));
  const client = made(lsocket.connect(address));
  await readable(server);
  return [server, client, accepted(server)[0]];
}

/** Calls `read` until it returns something other than `false`, for at most `seconds`. */
export async function until<T extends unknown[]>(read: () => T, seconds = 5): Promise<T> {
  const end = Date.now() + seconds * 1000;
  for (;;) {
    const result = read();
    if (result[0] !== false || Date.now() > end) return result;
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Resolves after ms milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
