// Helpers for the socket2 tests: sockets closed after each test, a listening socket on
// loopback and its port, and a bounded run of the scheduler.
import { afterEach, expect } from 'vitest';
import socket, { type Failure, type Socket, type TCP, type UDP } from '../src/index.js';

const opened: Socket[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) s.close();
  // Threads still parked on those sockets wake with 'closed': let them finish, so that
  // no test leaves work for the next one's scheduler.
  await socket.start(1);
});

/** Unwraps a constructor's `[sock]`, failing on `[null, err, code]`; closed after the test. */
export function made<T extends Socket>(r: [T] | Failure): T {
  if (r[0] === null) throw new Error(`socket: ${r[1]}`);
  opened.push(r[0]);
  return r[0];
}

/** Tracks a socket made elsewhere (an accepted one) for closing after the test. */
export function track<T extends Socket>(s: T): T {
  opened.push(s);
  return s;
}

/** A listening TCP socket on loopback (IPv4 or IPv6) and its port. */
export async function listener(family: 'inet' | 'inet6' = 'inet'): Promise<[TCP, number]> {
  const l = made(socket.tcp(family));
  expect(await l.listen(family === 'inet6' ? '::1' : '127.0.0.1', 0)).toEqual([true]);
  const [a] = l.getsockname();
  return [l, (a as { port(): number }).port()];
}

/** A bound UDP socket on 127.0.0.1 and its port. */
export async function udpPeer(): Promise<[UDP, number]> {
  const u = made(socket.udp());
  expect(await u.bind('127.0.0.1', 0)).toEqual([true]);
  const [a] = u.getsockname();
  return [u, (a as { port(): number }).port()];
}

/** clock() + s: an `expires` value s seconds from now. */
export function after(s: number): number {
  return socket.clock() + s;
}

/**
 * Runs start() with an idle limit, so that a scenario that goes wrong ends instead of
 * hanging, and checks that it ended normally.
 */
export async function run(idleLimit = 10): Promise<void> {
  expect(await socket.start(idleLimit)).toEqual([true]);
}

/** Resolves after ms milliseconds of Node's loop. */
export function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
