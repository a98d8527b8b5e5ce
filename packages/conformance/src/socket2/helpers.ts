// Helpers for the socket2 scenarios: sockets closed after each scenario (and the
// threads parked on them drained), loopback listeners, and bounded scheduler runs.
import socket, { type Failure, type Socket, type TCP, type UDP } from '@sockport/socket2';
import { afterEach, expect } from 'vitest';
import { setupScenarios } from '../support.js';

const opened: Socket[] = [];

/** Call once per scenario file: checks the backend, closes sockets and drains threads after each scenario. */
export function setupSocket2(): void {
  setupScenarios();
  afterEach(async () => {
    for (const s of opened.splice(0)) s.close();
    // Threads parked on those sockets wake with 'closed' and finish here, so that no
    // scenario leaves work for the next one.
    expect(await socket.start(2)).toEqual([true]);
  });
}

/** Unwraps a constructor's `[sock]` (failing on an error triple) and closes it after the scenario. */
export function made<T extends Socket>(r: [T] | Failure): T {
  if (r[0] === null) throw new Error(`socket: ${r[1]}`);
  opened.push(r[0]);
  return r[0];
}

/** Closes a socket made elsewhere (an accepted one) after the scenario. */
export function track<T extends Socket | null>(s: T): T {
  if (s !== null) opened.push(s);
  return s;
}

/** The port a socket is bound to. */
export function portOf(s: Socket): number {
  const [a] = s.getsockname();
  if (a === null) throw new Error('getsockname failed');
  return a.port();
}

/** A listening TCP socket on loopback and its port. */
export async function listener(family: 'inet' | 'inet6' = 'inet', backlog?: number): Promise<[TCP, number]> {
  const l = made(socket.tcp(family));
  const host = family === 'inet6' ? '::1' : '127.0.0.1';
  expect(backlog === undefined ? await l.listen(host, 0) : await l.listen(backlog, host, 0)).toEqual([true]);
  return [l, portOf(l)];
}

/** A connected pair [client, server] on loopback, made inside a thread. */
export async function tcpPair(family: 'inet' | 'inet6' = 'inet'): Promise<[TCP, TCP]> {
  const [l, port] = await listener(family);
  let pair: [TCP, TCP] | undefined;
  await socket.newthread(async () => {
    const c = made(socket.tcp(family));
    expect(await c.connect(family === 'inet6' ? '::1' : '127.0.0.1', port, after(5))).toEqual([true]);
    const [s] = await l.accept(after(5));
    pair = [c, track(s as TCP)];
  });
  await run();
  l.close();
  if (pair === undefined) throw new Error('no connection');
  return pair;
}

/** A UDP socket bound on loopback and its port. */
export async function udpBound(family: 'inet' | 'inet6' = 'inet'): Promise<[UDP, number]> {
  const u = made(socket.udp(family));
  expect(await u.bind(family === 'inet6' ? '::1' : '127.0.0.1', 0)).toEqual([true]);
  return [u, portOf(u)];
}

/** An `expires` value `s` seconds from now. */
export function after(s: number): number {
  return socket.clock() + s;
}

/** start() with an idle limit (a scenario that goes wrong ends instead of hanging), expected to end normally. */
export async function run(idleLimit = 10): Promise<void> {
  expect(await socket.start(idleLimit)).toEqual([true]);
}

/** Runs `body` as a thread, drives the scheduler until every thread is done, and returns what body returned. */
export async function inThread<T>(body: () => Promise<T>): Promise<T> {
  let out: { value: T } | undefined;
  await socket.newthread(async () => {
    out = { value: await body() };
  });
  await run();
  if (out === undefined) throw new Error('the thread did not finish');
  return out.value;
}

/** A unique unix socket path under the temp directory. */
let serial = 0;
export function unixPath(): string {
  return `/tmp/socket2-conf-${process.pid}-${process.env.SOCKPORT_POLLER}-${serial++}.sock`;
}
