// lsocket's address rules: which text is numeric, which is a unix path or an abstract
// name, and the sockaddr each becomes.
import { AF_INET, AF_INET6, AF_UNIX, SOCK_DGRAM, SOCK_STREAM, EncodedAddress, decodeAddress, errno } from '@sockport/core';
import { describe, expect, it } from 'vitest';
import { needsNoLookup, resolveTarget, type Target } from '../src/address.js';
import './helpers.js';

function target(address: string | Uint8Array, type = SOCK_STREAM, port = 80): Target {
  const t = resolveTarget(address, type, port);
  if (typeof t === 'string') throw new Error(t);
  return t;
}

describe('lsocket addresses', () => {
  it('numeric-looking text skips the name server', () => {
    for (const yes of ['127.0.0.1', '1.2.3.4.5', '', '::1', 'fe80::1', '::ffff:1.2.3.4', 'ABCD::', '12345', '1::2::3'])
      expect(needsNoLookup(yes), yes).toBe(true);
    for (const no of ['localhost', 'ff01::1%lo', 'a.b', '1.2.3.4:80', '.::1', 'x::1', '1.2::3'])
      expect(needsNoLookup(no), no).toBe(false);
  });

  it('IPv4 and IPv6 text chooses the family and protocol', () => {
    const v4 = target('127.0.0.1', SOCK_STREAM, 8000);
    expect([v4.family, v4.protocol, v4.host]).toEqual([AF_INET, 6, '127.0.0.1']);
    expect(decodeAddress((v4.address as EncodedAddress).bytes, (v4.address as EncodedAddress).length)).toEqual({ family: 'inet', host: '127.0.0.1', port: 8000 });
    const v6 = target('::1', SOCK_DGRAM, 53);
    expect([v6.family, v6.protocol, v6.host]).toEqual([AF_INET6, 17, '::1']);
    const zoned = target('ff01::1%lo', SOCK_DGRAM, 9);
    expect(decodeAddress((zoned.address as EncodedAddress).bytes, (zoned.address as EncodedAddress).length)).toMatchObject({ host: 'ff01::1', scopeid: 1 });
  });

  it('a slash anywhere, or a leading @, is a unix address with its NUL counted', () => {
    const path = target('/tmp/x');
    expect(path.family).toBe(AF_UNIX);
    const a = path.address as EncodedAddress;
    expect(a.length).toBe(2 + 6 + 1);
    expect(target('rel/x').family).toBe(AF_UNIX);
    const abstract = target('@name').address as EncodedAddress;
    expect(abstract.length).toBe(2 + 5 + 1);
    expect(Buffer.from(abstract.bytes.subarray(2, abstract.length))).toEqual(Buffer.from('\0name\0'));
    expect(target(new TextEncoder().encode('/tmp/y')).family).toBe(AF_UNIX);
  });

  it('unix texts: 108 bytes make a sockaddr the kernel refuses, more are too long', () => {
    expect(target(`/${'a'.repeat(106)}`).address).toBeInstanceOf(EncodedAddress);
    // As lsocket makes it: 2 + 108 + 1 bytes, one more than a sockaddr_un.
    const full = target(`/${'a'.repeat(107)}`).address as EncodedAddress;
    expect(full).toBeInstanceOf(EncodedAddress);
    expect(full.length).toBe(2 + 108 + 1);
    expect(resolveTarget(`/${'a'.repeat(108)}`, SOCK_STREAM, 0)).toBe('unix domain path too long');
    expect(target('/tmp/a\0b').address).toBe(-errno.EINVAL);
  });

  it('resolution failures are the resolver texts; ports above 65535 are refused', () => {
    expect(resolveTarget('127.0.0.1', SOCK_STREAM, -1)).toBe('Servname not supported for ai_socktype');
    expect(resolveTarget('1.2.3.4.5', SOCK_STREAM, 1)).toBe('Name or service not known');
    expect(resolveTarget('127.0.0.1', -1, 1)).toBe('ai_socktype not supported');
    expect(resolveTarget('127.0.0.1', SOCK_STREAM, 70000)).toBe('Invalid argument');
    expect(resolveTarget('a\0b', SOCK_STREAM, 1)).toBe('Name or service not known');
  });

  it('numeric and unix targets are remembered, names are not', () => {
    expect(target('127.0.0.1', SOCK_DGRAM, 9)).toBe(target('127.0.0.1', SOCK_DGRAM, 9));
    expect(target('/tmp/z')).toBe(target('/tmp/z'));
    expect(target('127.0.0.1', SOCK_DGRAM, 9)).not.toBe(target('127.0.0.1', SOCK_DGRAM, 10));
    expect(target('localhost')).not.toBe(target('localhost'));
  });
});
