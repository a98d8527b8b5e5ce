// A socket that becomes garbage closes its descriptor (run with --expose-gc).
import { spawnSync } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AF_INET, errno, READABLE, SOCK_DGRAM, SOCK_STREAM, Socket, WRITABLE } from '../src/index.js';

function target(fd: number): string | undefined {
  try {
    return readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return undefined;
  }
}

async function collect(fd: number, link: string): Promise<boolean> {
  for (let i = 0; i < 20; i++) {
    globalThis.gc!();
    await new Promise((r) => setTimeout(r, 5));
    if (target(fd) !== link) return true;
  }
  return false;
}

describe('garbage collection', () => {
  it('needs --expose-gc', () => {
    expect(typeof globalThis.gc).toBe('function');
  });

  it('closes the descriptor of an unreachable socket', async () => {
    const [fd, link] = (() => {
      const s = Socket.open(AF_INET, SOCK_DGRAM) as Socket;
      return [s.fd, target(s.fd)!];
    })();
    expect(link).toMatch(/^socket:/);
    expect(await collect(fd, link)).toBe(true);
  });

  it('closes a socket the reactor has watched, and forgets its registration', async () => {
    const [fd, link] = await (async () => {
      const s = Socket.open(AF_INET, SOCK_STREAM) as Socket;
      expect(await s.wait(WRITABLE)).toBe(WRITABLE);
      return [s.fd, target(s.fd)!];
    })();
    expect(await collect(fd, link)).toBe(true);
    // The number is free for the next socket, which the reactor watches normally.
    const next = Socket.open(AF_INET, SOCK_STREAM) as Socket;
    expect(await next.wait(WRITABLE)).toBe(WRITABLE);
    next.close();
  });

  it('closes collected sockets without a turn of the event loop: before a blocking wait, and when descriptors run out', () => {
    // Node runs finalizers when its loop turns; a script of blocking calls never lets it.
    const child = join(import.meta.dirname, 'fixtures/gc-without-loop.mjs');
    const run = spawnSync('prlimit', ['--nofile=64', process.execPath, '--expose-gc', child], { encoding: 'utf8', timeout: 20_000 });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ peerClosed: [READABLE, 0], ranOut: -errno.EMFILE, afterGc: 'socket' });
  });
});
