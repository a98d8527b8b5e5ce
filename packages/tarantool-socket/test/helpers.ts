// Helpers for the tarantool-socket tests.
import { expect } from 'vitest';
import socket, { type SocketObject } from '../src/index.js';

/** A connected TCP pair on loopback: the client from tcp_connect, and the accepted socket. */
export async function tcpPair(): Promise<[SocketObject, SocketObject]> {
  const l = socket('AF_INET', 'SOCK_STREAM', 'tcp')!;
  expect(l.bind('127.0.0.1', 0)).toBe(true);
  expect(l.listen(8)).toBe(true);
  const c = await socket.tcp_connect('127.0.0.1', l.name()!.port);
  expect(await l.readable(5)).toBe(true);
  const [s] = l.accept();
  l.close();
  if (c === null || s === null) throw new Error('no connection');
  return [c, s];
}
