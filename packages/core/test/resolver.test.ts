// getaddrinfo (thread pool and blocking), protocols and interfaces, on this machine.
import { describe, expect, it } from 'vitest';
import {
  AF_INET,
  AF_INET6,
  constants,
  getaddrinfo,
  getaddrinfoSync,
  getifaddrs,
  getprotobyname,
  getprotobynumber,
  if_indextoname,
  if_nametoindex,
  SOCK_STREAM,
} from '../src/index.js';

const AI = constants.addrinfo;

describe('getaddrinfo', () => {
  it('resolves localhost and a service name on the thread pool', async () => {
    const r = await getaddrinfo('localhost', 'http', { family: AF_INET, socktype: SOCK_STREAM });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.entries[0]).toMatchObject({ family: AF_INET, socktype: SOCK_STREAM, protocol: 6, host: '127.0.0.1', port: 80 });
  });

  it('numeric hosts, passive wildcards and v4-mapped answers', () => {
    const numeric = getaddrinfoSync('::1', 443, { socktype: SOCK_STREAM, flags: AI.AI_NUMERICHOST! });
    expect(numeric.ok && numeric.entries.map((e) => [e.family, e.host, e.port])).toEqual([[AF_INET6, '::1', 443]]);
    const passive = getaddrinfoSync(null, '0', { family: AF_INET, socktype: SOCK_STREAM, flags: AI.AI_PASSIVE! });
    expect(passive.ok && passive.entries[0]!.host).toBe('0.0.0.0');
    const mapped = getaddrinfoSync('127.0.0.1', null, { family: AF_INET6, socktype: SOCK_STREAM, flags: AI.AI_V4MAPPED! });
    expect(mapped.ok && mapped.entries[0]!.host).toBe('::ffff:127.0.0.1');
    const canon = getaddrinfoSync('localhost', null, { family: AF_INET, socktype: SOCK_STREAM, flags: AI.AI_CANONNAME! });
    expect(canon.ok && canon.entries[0]!.canonname).toBe('localhost');
  });

  it('takes names as bytes too, passed as they are', async () => {
    const sync = getaddrinfoSync(Buffer.from('127.0.0.1'), new Uint8Array(Buffer.from('80')), { socktype: SOCK_STREAM });
    expect(sync).toMatchObject({ ok: true, entries: [{ host: '127.0.0.1', port: 80 }] });
    expect(await getaddrinfo(new Uint8Array(0), 'http', { socktype: SOCK_STREAM, flags: constants.addrinfo.AI_NUMERICHOST })).toMatchObject({ ok: false });
    expect(await getaddrinfo(Buffer.from([0x63, 0x61, 0x66, 0xe9]), null)).toMatchObject({ ok: false });
  });

  it('failures carry the EAI code and the resolver message', async () => {
    expect(getaddrinfoSync('localhost', null, { flags: AI.AI_NUMERICHOST! })).toEqual({
      ok: false, code: AI.EAI_NONAME, errno: 0, message: 'Name or service not known',
    });
    const service = await getaddrinfo('127.0.0.1', 'no-such-service', { socktype: SOCK_STREAM });
    expect(service).toMatchObject({ ok: false, code: AI.EAI_SERVICE, errno: 0, message: 'Servname not supported for ai_socktype' });
    // The errno is the one behind EAI_SYSTEM only, not what the resolver's internals left.
    const huge = getaddrinfoSync('h'.repeat(300), null); // too long a label: fails before any query
    expect(huge).toMatchObject({ ok: false, errno: 0 });
    expect(getaddrinfoSync('127.0.0.1', 'http', { socktype: SOCK_STREAM, flags: AI.AI_NUMERICSERV! })).toMatchObject({ ok: false, code: AI.EAI_NONAME });
  });
});

describe('protocols and interfaces', () => {
  it('reads the protocol database', () => {
    expect(getprotobyname('tcp')).toBe(6);
    expect(getprotobyname('udp')).toBe(17);
    expect(getprotobyname('no-such-proto')).toBe(-1);
    expect(getprotobynumber(6)).toBe('tcp');
    expect(getprotobynumber(9999)).toBeNull();
  });

  it('lists loopback addresses and maps interface names to indexes', () => {
    const list = getifaddrs();
    if (typeof list === 'number') throw new Error(`getifaddrs: errno ${-list}`);
    expect(list).toContainEqual(expect.objectContaining({ name: 'lo', family: AF_INET, address: '127.0.0.1', netmask: '255.0.0.0' }));
    expect(list).toContainEqual(expect.objectContaining({ name: 'lo', family: AF_INET6, address: '::1' }));
    const lo = if_nametoindex('lo');
    expect(lo).toBeGreaterThan(0);
    expect(if_indextoname(lo)).toBe('lo');
    expect(if_nametoindex('no-such-if')).toBe(0);
  });
});
