// Arguments Lua would take as text: a numeric string for errno.strerror (Tarantool
// calls tonumber on it), and 'unix/' given as bytes to the resolver-based calls.
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import socket, { errno } from '../src/index.js';

describe('text arguments', () => {
  it('errno.strerror takes a numeric string, and refuses other text', () => {
    expect(errno.strerror('111')).toBe(errno.strerror(111));
    expect(errno.strerror(' 0x6f ')).toBe(errno.strerror(111));
    expect(() => errno.strerror('abc')).toThrow(TypeError);
  });

  it("tcp_server and tcp_connect take 'unix/' as bytes too", async () => {
    const path = join(tmpdir(), `sockport-unix-bytes-${process.pid}.sock`);
    rmSync(path, { force: true });
    const unix = Buffer.from('unix/');
    const [server] = await socket.tcp_server(unix, path, async (s) => {
      await s.write('hi');
    });
    expect(server).not.toBeNull();
    expect(server!.name()!.family).toBe('AF_UNIX');
    const c = await socket.tcp_connect(unix, path, 5);
    expect(c).not.toBeNull();
    expect(String(await c!.read(2, 5))).toBe('hi');
    c!.close();
    server!.close();
  });
});
