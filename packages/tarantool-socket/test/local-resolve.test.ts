// Local resolution: what bind/sysconnect/sendto accept as an address.
import * as core from '@sockport/core';
import { describe, expect, it } from 'vitest';
import { localResolve } from '../src/local-resolve.js';

function family(host: unknown, port?: unknown): string | number {
  const a = localResolve(host, port);
  if (typeof a === 'number') return a;
  return core.decodeAddress(a.bytes, a.length).family;
}

const EINVAL = -core.errno.EINVAL;

describe('localResolve', () => {
  it('takes numeric IPv4 (loose forms too), IPv6, and unix paths', () => {
    expect(family('127.0.0.1', 80)).toBe('inet');
    expect(family('127.1', '80')).toBe('inet');
    expect(family(0, 0)).toBe('inet');
    expect(family('::1', 80)).toBe('inet6');
    expect(family('::ffff:127.0.0.1', 80)).toBe('inet6');
    expect(family('unix/', '/tmp/x.sock')).toBe('unix');
    expect(family('unix/', Buffer.from('/tmp/x.sock'))).toBe('unix');
  });

  it('keeps the port, and takes an omitted one as 0', () => {
    const a = localResolve('127.0.0.1', 8080) as core.EncodedAddress;
    expect(core.decodeAddress(a.bytes, a.length)).toEqual({ family: 'inet', host: '127.0.0.1', port: 8080 });
    const b = localResolve('127.0.0.1', undefined) as core.EncodedAddress;
    expect(core.decodeAddress(b.bytes, b.length)).toEqual({ family: 'inet', host: '127.0.0.1', port: 0 });
  });

  it('refuses names, bad ports and odd values with EINVAL', () => {
    for (const [host, port] of [
      ['localhost', 80], ['', 80], [null, 80], ['255.255.255.255', 80], ['::1%lo', 80], ['127.0.0.1\0x', 80],
      ['127.0.0.1', -1], ['127.0.0.1', 65536], ['127.0.0.1', 1.5], ['127.0.0.1', 'http'], ['127.0.0.1', '80x'],
      [{}, 80], [() => 1, 80], ['unix/', null], ['unix/', {}],
    ] as [unknown, unknown][])
      expect(localResolve(host, port), `${String(host)} ${String(port)}`).toBe(EINVAL);
  });

  it('refuses unix paths that do not fit sun_path with ENOBUFS', () => {
    expect(family('unix/', `/${'a'.repeat(106)}`)).toBe('unix');
    expect(localResolve('unix/', `/${'a'.repeat(107)}`)).toBe(-core.errno.ENOBUFS);
  });

  it('refuses unix paths holding a NUL byte, which 2.6 cuts there, with EINVAL after its length check', () => {
    for (const path of ['\0abstract', '/tmp/x\0', '/tmp/x\0junk', Buffer.from('\0a')])
      expect(localResolve('unix/', path), JSON.stringify(String(path))).toBe(EINVAL);
    // 2.6 measures up to the NUL: a long tail after it is no ENOBUFS, a long head is.
    expect(localResolve('unix/', `/x\0${'a'.repeat(200)}`)).toBe(EINVAL);
    expect(localResolve('unix/', `/${'a'.repeat(107)}\0`)).toBe(-core.errno.ENOBUFS);
    // The empty path stays the all-zero name, as in 2.6.
    expect(family('unix/', '')).toBe('unix');
  });
});
