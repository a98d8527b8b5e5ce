// socket.addr(): the argument forms, the ai object and address formatting.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import socket, { Addr, AddrInfo, addr, addrSync } from '../src/index.js';

async function one(...args: Parameters<typeof addrSync>): Promise<AddrInfo> {
  const r = await (addr as (...a: unknown[]) => Promise<[AddrInfo] | [null, string, number]>)(...args);
  if (r[0] === null) throw new Error(`addr: ${r[1]}`);
  return r[0];
}

describe('addr()', () => {
  it('looks up a numeric IPv4 address with its port, type, family and protocol', async () => {
    const ai = await one('127.0.0.1', 8080, 'tcp');
    expect(ai.tostring()).toBe('127.0.0.1:8080');
    expect(ai.type()).toBe('tcp');
    expect(ai.family()).toBe('inet');
    expect(ai.protocol()).toBe('tcp');
    expect(ai.name()).toBeNull();
    expect(ai.next()).toBeNull();
    expect(ai.addr).toBeInstanceOf(Addr);
    expect(ai.addr.port()).toBe(8080);
    expect(ai.addr.family()).toBe('inet');
    expect(ai.addr.addr().tostring()).toBe('127.0.0.1');
    expect(String(ai)).toBe('127.0.0.1:8080');
  });

  it("defaults: host '*' is the wildcard, port 0 is left out of tostring, family is inet", async () => {
    expect((await one(undefined, undefined, 'tcp')).tostring()).toBe('0.0.0.0');
    expect((await one('*', 0, 'udp')).tostring()).toBe('0.0.0.0');
    expect((await one('*', 0, 'udp')).protocol()).toBe('udp');
    expect((await one('*', 0, 'tcp', 'inet6')).tostring()).toBe('::');
  });

  it('false is the loopback address, for each family', async () => {
    expect((await one(false, 80, 'tcp')).tostring()).toBe('127.0.0.1:80');
    expect((await one(false, 80, 'tcp', 'inet6')).tostring()).toBe('[::1]:80');
    // With 'passive', getaddrinfo gives the wildcard for a missing host.
    expect((await one(false, 80, 'tcp', 'inet', null, 'passive')).tostring()).toBe('0.0.0.0:80');
  });

  it('prints IPv6 addresses compressed, in brackets when there is a port', async () => {
    expect((await one('::1', 8080, 'tcp', 'inet6')).tostring()).toBe('[::1]:8080');
    expect((await one('::1', 0, 'tcp', 'inet6')).tostring()).toBe('::1');
    expect((await one('2001:db8:0:0:0:0:0:1', 443, 'tcp', 'inet6')).tostring()).toBe('[2001:db8::1]:443');
    expect((await one('::1', 8080, 'tcp', 'inet6')).addr.addr().tostring()).toBe('::1');
  });

  it('takes service names and numeric strings as ports', async () => {
    expect((await one('127.0.0.1', 'http', 'tcp')).addr.port()).toBe(80);
    expect((await one('127.0.0.1', '8080', 'tcp')).addr.port()).toBe(8080);
  });

  it("resolves names ('localhost') and gives the canonical name with 'cannonname'", async () => {
    const ai = await one('localhost', 80, 'tcp', 'inet', null, 'cannonname');
    expect(ai.tostring()).toBe('127.0.0.1:80');
    expect(ai.name()).toBe('localhost');
  });

  it('finds a raw socket the loopback address for false and the wildcard for passive lookups', async () => {
    expect((await one(false, null, 'raw', 'inet')).tostring()).toBe('127.0.0.1');
    expect((await one(false, 0, 'raw', 'inet6', 'icmpv6')).tostring()).toBe('::1');
    expect((await one(false, null, 'raw', 'inet', null, 'passive')).tostring()).toBe('0.0.0.0');
    expect((await one('*', null, 'raw', 'inet6')).tostring()).toBe('::');
  });

  it('gives one entry per socket type when none is asked for, walked by next() and addrs()', async () => {
    const ai = await one('127.0.0.1', 80);
    const all = [...ai.addrs()];
    expect(all.map((a) => a.type())).toEqual(['tcp', 'udp', 'raw']);
    expect(all.map((a) => a.protocol())).toEqual(['tcp', 'udp', 'ip']);
    expect(ai.next()).toBe(all[1]);
    expect(ai.next(all[1])).toBe(all[2]);
    expect(ai.next(all[2])).toBeNull();
    expect(() => ai.next({} as AddrInfo)).toThrow(TypeError);
    ai.free();
  });

  it('fails with getaddrinfo codes and texts', async () => {
    expect(await addr('127.0.0.1', 'no-such-service', 'tcp')).toEqual([null, 'Servname not supported for ai_socktype', -8]);
    expect(await addr('127.0.0.1', -1, 'tcp')).toEqual([null, 'Servname not supported for ai_socktype', -8]);
    expect(await addr('127.0.0.1', 80.5, 'tcp')).toEqual([null, 'Servname not supported for ai_socktype', -8]);
    expect(await addr('::1', 80, 'tcp', 'inet')).toEqual([null, 'Address family for hostname not supported', -9]);
    expect(await addr('127.0.0.1', 80, 'udp', 'inet', 'tcp')).toEqual([null, 'ai_socktype not supported', -7]);
    expect(await addr('no-such-host.invalid', 80, 'tcp')).toEqual([null, 'Name or service not known', -2]);
  });

  it("gives glibc's 'System error' for EAI_SYSTEM, not the errno's text (descriptors used up)", () => {
    const script = `
      import('${new URL('../dist/index.js', import.meta.url).href}').then(async ({ default: socket }) => {
        const fs = require('node:fs');
        const held = [];
        try { for (;;) held.push(fs.openSync('/dev/null', 'r')); } catch {}
        const sync = socket.addrSync('localhost', 80, 'tcp', 'inet');
        const awaited = await socket.addr('localhost', 80, 'tcp', 'inet');
        console.log(JSON.stringify([sync, awaited]));
        process.exit(0);
      });`;
    const r = spawnSync('sh', ['-c', `ulimit -n 64 && exec "${process.execPath}" -e "$0"`, script], { encoding: 'utf8', timeout: 15_000 });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual([[null, 'System error', -11], [null, 'System error', -11]]);
  });

  it('refuses ports outside 0..65535 rather than wrapping them around', async () => {
    expect(await addr('127.0.0.1', 70000, 'tcp')).toEqual([null, 'Servname not supported for ai_socktype', -8]);
    expect(await addr('127.0.0.1', '70000', 'tcp')).toEqual([null, 'Servname not supported for ai_socktype', -8]);
    expect((await one('127.0.0.1', 65535, 'tcp')).addr.port()).toBe(65535);
  });

  it('passes an ai object through, with the "not owned" flag', async () => {
    const ai = await one('127.0.0.1', 1, 'tcp');
    expect(await addr(ai)).toEqual([ai, true]);
    expect(addrSync(ai)).toEqual([ai, true]);
  });

  it('takes the table form', async () => {
    const ai = await one({ host: '::1', port: 7, socket_type: 'udp', family: 'inet6' } as never);
    expect(ai.tostring()).toBe('[::1]:7');
    expect(ai.type()).toBe('udp');
  });

  it("takes flags as names, arrays, tables and numbers, and raises 'invalid bit' for unknown ones", async () => {
    for (const flags of ['passive numericserv', ['passive', 'numericserv'], { passive: true, numericserv: true }, 0x401]) {
      const ai = await one(false, '80', 'tcp', 'inet', null, flags as never);
      expect(ai.tostring()).toBe('0.0.0.0:80');
    }
    // A false entry in the table form does not set the flag (Lua truth).
    expect((await one(false, 80, 'tcp', 'inet', null, { passive: false })).tostring()).toBe('127.0.0.1:80');
    expect(() => addr('127.0.0.1', 80, 'tcp', 'inet', null, 'passive bogus' as never)).toThrow(new TypeError('invalid bit bogus'));
  });

  it('raises TypeErrors that name the bad argument', () => {
    expect(() => addr(1 as never, 80, 'tcp')).toThrow(/bad argument #1 to 'addr' \(host: expected a string/);
    expect(() => addr('127.0.0.1', false as never, 'tcp')).toThrow(/bad argument #2 to 'addr' \(port/);
    expect(() => addr('127.0.0.1', 80, 'stream' as never)).toThrow(/bad argument #3 to 'addr' \(socket type: expected one of tcp, udp, raw/);
    expect(() => addr('127.0.0.1', 80, 'tcp', 'ipx' as never)).toThrow(/bad argument #4 to 'addr' \(family/);
    expect(() => addr('127.0.0.1', 80, 'tcp', 'inet', 'sctp' as never)).toThrow(/bad argument #5 to 'addr' \(protocol/);
  });

  it("makes unix addresses from paths, abstract ones from a leading '\\0'", async () => {
    const ai = await one('/tmp/socket2-test.sock', null, 'tcp', 'unix');
    expect(ai.family()).toBe('unix');
    expect(ai.tostring()).toBe('/tmp/socket2-test.sock');
    expect(ai.addr.port()).toBe(0);
    expect((await one('\0socket2-abstract', null, 'udp', 'unix')).tostring()).toBe('@socket2-abstract');
    expect(await addr('/x', 80, 'tcp', 'unix')).toEqual([null, 'Servname not supported for ai_socktype', -8]);
    expect(await addr('*', 0, 'tcp', 'unix')).toEqual([null, 'Name or service not known', -2]);
    expect(await addr(`/${'x'.repeat(200)}`, 0, 'tcp', 'unix')).toEqual([null, 'File name too long', 36]);
  });

  it('addrSync blocks for the same answers', () => {
    const [ai] = addrSync('localhost', 80, 'tcp');
    expect(ai?.tostring()).toBe('127.0.0.1:80');
    expect(addrSync('127.0.0.1', 'nope', 'tcp')).toEqual([null, 'Servname not supported for ai_socktype', -8]);
  });

  it('is also the method s:addr(), in the socket\'s type and family', async () => {
    const [s] = socket.udp('inet6');
    const r = await s!.addr('::1', 53);
    expect(r[0]?.tostring()).toBe('[::1]:53');
    expect(r[0]?.type()).toBe('udp');
    s!.close();
  });
});
