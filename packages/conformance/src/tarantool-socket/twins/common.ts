// Helpers the twins share, as lua/common.lua's.
import socket, { type SocketObject } from '@sockport/tarantool-socket';

/** A listening TCP socket on 127.0.0.1 and its port. */
export function listener(): [SocketObject, number] {
  const l = socket('AF_INET', 'SOCK_STREAM', 'tcp')!;
  if (!l.bind('127.0.0.1', 0) || !l.listen(16)) throw new Error(`listener: ${l.error()}`);
  return [l, l.name()!.port as number];
}

/** A connected TCP pair: client, server side. */
export async function pair(): Promise<[SocketObject, SocketObject]> {
  const [l, port] = listener();
  const c = await socket.tcp_connect('127.0.0.1', port);
  if (c === null) throw new Error('pair: connect failed');
  await l.readable(5);
  const [s] = l.accept();
  l.close();
  if (s === null) throw new Error('pair: accept failed');
  return [c, s];
}

/** Resolves after ms milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
