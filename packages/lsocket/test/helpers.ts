// Shared by the unit tests: sockets made through `made` are closed after each test,
// and (with the core's check) every test file must end with the sockets it began
// with, garbage collected sockets included, so a leaked descriptor fails it.
import { readFileSync } from 'node:fs';
import { afterEach } from 'vitest';
import lsocket, { type Socket } from '../src/index.js';

const opened: Socket[] = [];

afterEach(() => {
  for (const s of opened.splice(0)) s.close();
});

/** The socket of a `[sock]` result, closed after the test; throws for `[nil, err]`. */
export function made(result: [Socket] | [null, string]): Socket {
  if (result[0] === null) throw new Error(`expected a socket, got nil, ${result[1]}`);
  opened.push(result[0]);
  return result[0];
}

/** The local port of a bound socket. */
export function portOf(s: Socket): number {
  return (s.info('socket')[0] as { port: number }).port;
}

/** Waits (bounded) until select reports `s` readable. */
export async function readable(s: Socket, seconds = 5): Promise<void> {
  const [ready] = await lsocket.select([s], seconds);
  if (!Array.isArray(ready) || !ready.includes(s)) throw new Error(`not readable within ${seconds} s`);
}

/** A connected TCP pair on loopback (client, accepted), with its listener closed after the test. */
export async function tcpPair(host = '127.0.0.1'): Promise<[Socket, Socket]> {
  const server = made(lsocket.bind(host, 0));
  const client = made(lsocket.connect(host, portOf(server)));
  await readable(server);
  const [peer] = server.accept();
  if (!peer) throw new Error('no connection to accept');
  opened.push(peer);
  return [client, peer];
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
 * the test). lsocket sets SO_REUSEADDR before bind, so Linux may give a socket bound to
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

/** Resolves after ms milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
