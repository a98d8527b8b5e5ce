// tcp_server on a unix path removes a dead socket file in its way, as Tarantool does,
// but never a regular file (2.6 deletes that too: its probe connect is refused there
// as well).
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import socket, { errno } from '../src/index.js';

describe('tcp_server on a unix path that is taken', () => {
  it('a regular file stays, and the server fails with EADDRINUSE', async () => {
    const path = join(tmpdir(), `sockport-regular-${process.pid}.sock`);
    writeFileSync(path, 'precious data\n');
    try {
      expect(await socket.tcp_server('unix/', path, () => {})).toEqual([null]);
      expect(errno()).toBe(errno.EADDRINUSE);
      expect(await socket.bind('unix/', path)).toEqual([null, 'Address already in use']);
      expect(readFileSync(path, 'utf8')).toBe('precious data\n');
    } finally {
      rmSync(path, { force: true });
    }
  });

  it('a dead socket file is removed and the server starts', async () => {
    const path = join(tmpdir(), `sockport-dead-${process.pid}.sock`);
    rmSync(path, { force: true });
    const dead = socket('AF_UNIX', 'SOCK_STREAM', 0)!;
    expect(dead.bind('unix/', path)).toBe(true);
    dead.close(); // the file stays behind, nobody listens
    const [server] = await socket.tcp_server('unix/', path, () => {});
    expect(server).not.toBeNull();
    server!.close();
  });
});
