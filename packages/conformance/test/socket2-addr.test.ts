// socket2 address lookup on every backend: socket.addr() and the ai and sockaddr objects.
import socket, { AddrInfo, type AddrResult } from '@sockport/socket2';
import { describe, expect, it } from 'vitest';
import { made, setupSocket2 } from '../src/socket2/helpers.js';

setupSocket2();

async function ai(r: Promise<AddrResult>): Promise<AddrInfo> {
  const [a, err] = await r;
  if (a === null) throw new Error(`addr: ${err}`);
  return a;
}

describe(`socket2 addr on ${process.env.SOCKPORT_POLLER}`, () => {
  it('numeric IPv4 and IPv6 hosts, with tostring, type, family, protocol and name', async () => {
    const v4 = await ai(socket.addr('127.0.0.1', 8080, 'tcp'));
    expect([v4.tostring(), v4.type(), v4.family(), v4.protocol(), v4.name(), v4.next()]).toEqual(['127.0.0.1:8080', 'tcp', 'inet', 'tcp', null, null]);
    const v6 = await ai(socket.addr('::1', 53, 'udp', 'inet6'));
    expect([v6.tostring(), v6.type(), v6.family(), v6.protocol()]).toEqual(['[::1]:53', 'udp', 'inet6', 'udp']);
    expect([v6.addr.family(), v6.addr.port(), v6.addr.addr().tostring(), v6.addr.tostring()]).toEqual(['inet6', 53, '::1', '[::1]:53']);
  });

  it("defaults: '*' and nil are all interfaces, false the loopback, port 0, family inet", async () => {
    expect((await ai(socket.addr(null, null, 'tcp'))).tostring()).toBe('0.0.0.0');
    expect((await ai(socket.addr('*', 0, 'tcp', 'inet6'))).tostring()).toBe('::');
    expect((await ai(socket.addr(false, 9, 'tcp'))).tostring()).toBe('127.0.0.1:9');
    expect((await ai(socket.addr(false, 9, 'tcp', 'inet6'))).tostring()).toBe('[::1]:9');
  });

  it('a name and a service name go through the resolver; cannonname gives the canonical name', async () => {
    const a = await ai(socket.addr('localhost', 'http', 'tcp', 'inet', null, 'cannonname'));
    expect([a.tostring(), a.name()]).toEqual(['127.0.0.1:80', 'localhost']);
  });

  it('no socket type: one entry per type, walked by next() and addrs()', async () => {
    const head = await ai(socket.addr('127.0.0.1', 7));
    const all = [...head.addrs()];
    expect(all.map((e) => `${e.type()}/${e.protocol()}`)).toEqual(['tcp/tcp', 'udp/udp', 'raw/ip']);
    expect(head.next()).toBe(all[1]);
    expect(head.next(all[2])).toBeNull();
    expect(head.free()).toBeUndefined();
  });

  it('pass-through of an ai object gives [ai, true]', async () => {
    const a = await ai(socket.addr('127.0.0.1', 1, 'tcp'));
    expect(await socket.addr(a)).toEqual([a, true]);
  });

  it('a host or port given as bytes is that text (a C string in the original)', async () => {
    const [ai] = await socket.addr(Buffer.from('127.0.0.1'), 80, 'tcp');
    expect(String(ai)).toBe('127.0.0.1:80');
    const [bytePort] = await socket.addr('127.0.0.1', new TextEncoder().encode('8080'), 'tcp');
    expect(bytePort!.addr.port()).toBe(8080);
    const [table] = await socket.addr({ host: Buffer.from('::1'), port: 5, socket_type: 'tcp', family: 'inet6' });
    expect(String(table)).toBe('[::1]:5');
  });

  it('the raw struct fields: flags as asked, the numbers behind family/type/protocol, addrlen', async () => {
    const [v4] = await socket.addr('127.0.0.1', 80, 'tcp');
    expect([v4!.flags, v4!.family_num, v4!.socktype_num, v4!.protocol_num, v4!.addrlen]).toEqual([0, 2, 1, 6, 16]);
    const [v6] = await socket.addr('::1', 80, 'udp', 'inet6');
    expect([v6!.family_num, v6!.socktype_num, v6!.protocol_num, v6!.addrlen]).toEqual([10, 2, 17, 28]);
    // getaddrinfo copies the flags asked for into every entry.
    const [flagged] = await socket.addr('127.0.0.1', 80, 'tcp', null, null, { passive: true, numerichost: true });
    expect(flagged!.flags).toBe(1 | 4);
  });

  it('the table form', async () => {
    const a = await ai(socket.addr({ host: '127.0.0.1', port: 25, socket_type: 'tcp' }));
    expect(a.tostring()).toBe('127.0.0.1:25');
  });

  it('getaddrinfo errors: -2, -6, -7, -8, -9 with glibc texts', async () => {
    expect(await socket.addr('no-such-host.invalid', 80, 'tcp')).toEqual([null, 'Name or service not known', -2]);
    expect(await socket.addr('127.0.0.1', 80, 'tcp', 99)).toEqual([null, 'ai_family not supported', -6]);
    expect(await socket.addr('127.0.0.1', 80, 'udp', 'inet', 'tcp')).toEqual([null, 'ai_socktype not supported', -7]);
    expect(await socket.addr('127.0.0.1', 'nope', 'tcp')).toEqual([null, 'Servname not supported for ai_socktype', -8]);
    expect(await socket.addr('127.0.0.1', 70000, 'tcp')).toEqual([null, 'Servname not supported for ai_socktype', -8]);
    expect(await socket.addr('::1', 80, 'tcp', 'inet')).toEqual([null, 'Address family for hostname not supported', -9]);
    expect(await socket.addr('127.0.0.1', 80, 'tcp', 'inet6')).toEqual([null, 'Address family for hostname not supported', -9]);
  });

  it('flags: names, lists, tables, numbers; unknown names raise', async () => {
    expect((await ai(socket.addr(false, 80, 'tcp', 'inet', null, 'passive'))).tostring()).toBe('0.0.0.0:80');
    expect((await ai(socket.addr(false, 80, 'tcp', 'inet', null, ['passive']))).tostring()).toBe('0.0.0.0:80');
    expect((await ai(socket.addr(false, 80, 'tcp', 'inet', null, { passive: true }))).tostring()).toBe('0.0.0.0:80');
    expect((await ai(socket.addr(false, 80, 'tcp', 'inet', null, 1))).tostring()).toBe('0.0.0.0:80');
    expect(await socket.addr('localhost', 80, 'tcp', 'inet', null, 'numerichost')).toEqual([null, 'Name or service not known', -2]);
    expect(() => socket.addr('x', 1, 'tcp', 'inet', null, 'nope' as never)).toThrow('invalid bit nope');
  });

  it('flags as a number the C int cannot hold are INT_MIN, as LuaJIT stores them, which getaddrinfo refuses', async () => {
    for (const flags of [2 ** 31, 2 ** 32 + 1, -(2 ** 32) + 1, 2 ** 53, Infinity, Number.NaN])
      expect(await socket.addr('127.0.0.1', 80, 'tcp', 'inet', null, flags)).toEqual([null, 'Bad value for ai_flags', -1]);
    expect((await ai(socket.addr(false, 80, 'tcp', 'inet', null, 1.9))).tostring()).toBe('0.0.0.0:80');
  });

  it('flags as glue.bor reads them: every name must be known, false or not; a list takes only names', async () => {
    expect((await ai(socket.addr(false, 80, 'tcp', 'inet', null, { passive: true, numericserv: false }))).tostring()).toBe('0.0.0.0:80');
    expect(() => socket.addr('127.0.0.1', 80, 'tcp', 'inet', null, { bogus: false } as never)).toThrow(new TypeError('invalid bit bogus'));
    expect(() => socket.addr('127.0.0.1', 80, 'tcp', 'inet', null, [5] as never)).toThrow(new TypeError('invalid bit 5'));
    expect(() => socket.addr('127.0.0.1', 80, 'tcp', 'inet', null, ['passive', 7] as never)).toThrow(new TypeError('invalid bit 7'));
    // glue.bor names a false entry by its index, and says what else it was given.
    expect(() => socket.addr('127.0.0.1', 80, 'tcp', 'inet', null, ['passive', false] as never)).toThrow(new TypeError('invalid bit 2'));
    expect(() => socket.addr('127.0.0.1', 80, 'tcp', 'inet', null, (() => 0) as never)).toThrow(new TypeError('flags expected but function given'));
    expect(() => socket.addr('127.0.0.1', 80, 'tcp', 'inet', null, true as never)).toThrow(new TypeError('flags expected but boolean given'));
    // false type, family and protocol are the defaults: every type, inet, each type's protocol.
    const all = await ai(socket.addr('127.0.0.1', 80, false, false, false));
    expect([...all.addrs()].map((a) => `${a.type()}/${a.family()}/${a.protocol()}`)).toEqual(['tcp/inet/tcp', 'udp/inet/udp', 'raw/inet/ip']);
    expect(all.next(false)).toBe(all.next());
  });

  it('unix paths', async () => {
    const a = await ai(socket.addr('/tmp/x.sock', null, 'tcp', 'unix'));
    expect([a.family(), a.tostring(), a.addr.port()]).toEqual(['unix', '/tmp/x.sock', 0]);
  });

  it('numbers for the socket type, family and protocol reach getaddrinfo as C ints, as the FFI makes them', async () => {
    expect(await socket.addr('127.0.0.1', 80, 2 ** 31, 'inet')).toEqual([null, 'ai_socktype not supported', -7]);
    expect(await socket.addr('127.0.0.1', 80, 'tcp', 2 ** 32 + 2)).toEqual([null, 'ai_family not supported', -6]);
    expect(await socket.addr('127.0.0.1', 80, 'tcp', 'inet', 1e10)).toEqual([null, 'ai_socktype not supported', -7]);
    expect(await socket.addr('127.0.0.1', 80, Infinity, 'inet')).toEqual([null, 'ai_socktype not supported', -7]);
    expect((await ai(socket.addr('127.0.0.1', 80, 1.5, 'inet'))).type()).toBe('tcp');
    expect((await ai(socket.addr({ host: '127.0.0.1', port: 80, socket_type: 2.5 }))).type()).toBe('udp');
  });

  it('with numericserv, a port that is no number (2.5, NaN, true, a table) is no name: -2, as glibc says', async () => {
    for (const port of [2.5, Number.NaN, Infinity, 2 ** 53, true, {}, 'xyz'])
      expect(await socket.addr('127.0.0.1', port as never, 'tcp', 'inet', null, 'numericserv')).toEqual([null, 'Name or service not known', -2]);
    expect(await socket.addr('127.0.0.1', 2.5, 'tcp', 'inet', null, 0)).toEqual([null, 'Servname not supported for ai_socktype', -8]);
    expect(await socket.addr('127.0.0.1', -1, 'tcp', 'inet', null, 'numericserv')).toEqual([null, 'Servname not supported for ai_socktype', -8]);
  });

  it('a port that is no number reaches getaddrinfo as Lua\'s text, so its checks of flags, family and type come first', async () => {
    expect(await socket.addr('127.0.0.1', 2.5, 99 as never)).toEqual([null, 'ai_socktype not supported', -7]);
    expect(await socket.addr('127.0.0.1', Number.NaN, 'tcp', 99 as never)).toEqual([null, 'ai_family not supported', -6]);
    expect(await socket.addr('127.0.0.1', true as never, 'tcp', 'inet', null, 0x10000)).toEqual([null, 'Bad value for ai_flags', -1]);
    // A port past 65535 (which glibc would wrap) is refused only once getaddrinfo's checks pass.
    expect(await socket.addr('127.0.0.1', 70000, 'tcp', 99 as never)).toEqual([null, 'ai_family not supported', -6]);
    expect(await socket.addr('127.0.0.1', 70000, 'tcp')).toEqual([null, 'Servname not supported for ai_socktype', -8]);
  });

  it('true for a socket type or protocol is the FFI\'s int 1', async () => {
    expect((await ai(socket.addr('127.0.0.1', 80, true as never, 'inet'))).type()).toBe('tcp');
    expect(await socket.addr('127.0.0.1', 80, 'tcp', 'inet', true as never)).toEqual([null, 'ai_socktype not supported', -7]);
  });

  it('bad argument types raise TypeErrors', () => {
    expect(() => socket.addr(5 as never, 1, 'tcp')).toThrow(TypeError);
    expect(() => socket.addr('x', 1, 'sctp' as never)).toThrow(TypeError);
    // A false port cannot cross the original's ffi (it raises); other values become
    // Lua's tostring text, which names no service.
    expect(() => socket.addr('127.0.0.1', false as never, 'tcp')).toThrow(TypeError);
  });

  it('a port that is neither a number nor a string names no service', async () => {
    const noService = [null, 'Servname not supported for ai_socktype', -8];
    expect(await socket.addr('127.0.0.1', true as never, 'tcp', 'inet')).toEqual(noService);
    expect(await socket.addr('127.0.0.1', {} as never, 'tcp', 'inet')).toEqual(noService);
    const t = made(socket.tcp());
    expect(await t.bind('127.0.0.1', true as never)).toEqual(noService);
    t.close();
  });

  it('addrSync answers the same, blocking', () => {
    expect(socket.addrSync('127.0.0.1', 1, 'tcp')[0]?.tostring()).toBe('127.0.0.1:1');
    expect(socket.addrSync('127.0.0.1', 'nope', 'tcp')).toEqual([null, 'Servname not supported for ai_socktype', -8]);
  });
});
