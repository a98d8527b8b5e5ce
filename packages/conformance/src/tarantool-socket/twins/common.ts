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

/** A connected TCP pair with small kernel buffers (client send, server receive), so that writes fill it. */
export async function smallPair(snd: number, rcv: number): Promise<[SocketObject, SocketObject]> {
  const l = socket('AF_INET', 'SOCK_STREAM', 'tcp')!;
  l.setsockopt('SOL_SOCKET', 'SO_RCVBUF', rcv);
  if (!l.bind('127.0.0.1', 0) || !l.listen(16)) throw new Error(`smallPair: ${l.error()}`);
  const a = socket('AF_INET', 'SOCK_STREAM', 'tcp')!;
  a.setsockopt('SOL_SOCKET', 'SO_SNDBUF', snd);
  a.sysconnect('127.0.0.1', l.name()!.port as number);
  await a.writable(5);
  await l.readable(5);
  const [b] = l.accept();
  l.close();
  if (b === null) throw new Error('smallPair: accept failed');
  return [a, b];
}

/** Run-length text of bytes: 'A3 B2' for 'AAABB'. */
export function rle(bytes: Uint8Array): string {
  const out: string[] = [];
  for (let i = 0; i < bytes.length; ) {
    let j = i;
    while (j + 1 < bytes.length && bytes[j + 1] === bytes[i]) j++;
    out.push(`${String.fromCharCode(bytes[i]!)}${j - i + 1}`);
    i = j + 1;
  }
  return out.join(' ');
}

/** Resolves after ms milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
