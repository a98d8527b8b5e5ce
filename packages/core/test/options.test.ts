// The typed option table over real sockets: every option reads, writable ones round-trip.
import { describe, expect, it } from 'vitest';
import {
  AF_INET,
  AF_INET6,
  AF_UNIX,
  constants,
  errno,
  if_nametoindex,
  SOCK_DGRAM,
  SOCK_STREAM,
  Socket,
  socketOptions,
  type OptionName,
} from '../src/index.js';
import { open, track } from './helpers.js';

function socketFor(name: OptionName): Socket {
  if (name === 'SO_PASSCRED' || name === 'SO_PEERCRED') return open(AF_UNIX, SOCK_STREAM);
  const level = socketOptions[name].level;
  if (level === 'IPPROTO_IP') return open(AF_INET, SOCK_DGRAM);
  if (level === 'IPPROTO_IPV6') return open(AF_INET6, SOCK_DGRAM);
  return open(AF_INET, SOCK_STREAM);
}

describe('socket options', () => {
  it('every readable option reads on a fitting socket', () => {
    for (const name of Object.keys(socketOptions) as OptionName[]) {
      const spec = socketOptions[name];
      if ('writeonly' in spec && spec.writeonly) {
        expect(() => socketFor(name).getsockopt(name), name).toThrow(TypeError);
        continue;
      }
      if (!(name in constants.options)) {
        expect(socketFor(name).getsockopt(name), name).toEqual({ ok: false, errno: errno.ENOPROTOOPT });
        continue;
      }
      const got = socketFor(name).getsockopt(name);
      expect(got.ok, `${name}: ${JSON.stringify(got)}`).toBe(true);
    }
  });

  it('flags round-trip as booleans and numbers as numbers', () => {
    const s = open(AF_INET, SOCK_STREAM);
    for (const name of ['SO_REUSEADDR', 'SO_KEEPALIVE', 'SO_OOBINLINE', 'SO_BROADCAST', 'SO_DONTROUTE', 'TCP_NODELAY', 'TCP_CORK'] as const) {
      expect(s.setsockopt(name, true), name).toBe(0);
      expect(s.getsockopt(name), name).toEqual({ ok: true, value: true });
      expect(s.setsockopt(name, false), name).toBe(0);
      expect(s.getsockopt(name), name).toEqual({ ok: true, value: false });
    }
    expect(s.setsockopt('SO_RCVBUF', 65536)).toBe(0);
    expect(s.getsockopt('SO_RCVBUF')).toEqual({ ok: true, value: 131072 });
    for (const [name, value] of [['TCP_KEEPIDLE', 30], ['TCP_KEEPINTVL', 7], ['TCP_KEEPCNT', 4], ['TCP_USER_TIMEOUT', 1500]] as const) {
      expect(s.setsockopt(name, value), name).toBe(0);
      expect(s.getsockopt(name), name).toEqual({ ok: true, value });
    }
    expect(s.setsockopt('TCP_KEEPIDLE', 0)).toBe(-errno.EINVAL);
    expect(s.getsockopt('SO_TYPE')).toEqual({ ok: true, value: SOCK_STREAM });
    expect(s.getsockopt('SO_DOMAIN')).toEqual({ ok: true, value: AF_INET });
    expect(s.getsockopt('SO_PROTOCOL')).toEqual({ ok: true, value: 6 });
    expect(s.getsockopt('SO_ACCEPTCONN')).toEqual({ ok: true, value: false });
    const info = s.getsockopt('TCP_INFO');
    expect(info.ok && Buffer.isBuffer(info.value) && info.value.length > 100).toBe(true);
    const cc = s.getsockopt('TCP_CONGESTION');
    expect(cc.ok && typeof cc.value === 'string' && cc.value.length > 0).toBe(true);
  });

  it('SO_LINGER takes { on, seconds } and timeouts take seconds', () => {
    const s = open(AF_INET, SOCK_STREAM);
    expect(s.getsockopt('SO_LINGER')).toEqual({ ok: true, value: { on: false, seconds: 0 } });
    expect(s.setsockopt('SO_LINGER', { on: true, seconds: 5 })).toBe(0);
    expect(s.getsockopt('SO_LINGER')).toEqual({ ok: true, value: { on: true, seconds: 5 } });
    expect(s.setsockopt('SO_RCVTIMEO', 1.5)).toBe(0);
    expect(s.getsockopt('SO_RCVTIMEO')).toEqual({ ok: true, value: 1.5 });
    // The kernel keeps timeouts in jiffies: whole half-seconds survive any HZ exactly.
    expect(s.setsockopt('SO_SNDTIMEO', 0.5)).toBe(0);
    expect(s.getsockopt('SO_SNDTIMEO')).toEqual({ ok: true, value: 0.5 });
  });

  it('SO_BINDTODEVICE takes and gives an interface name', () => {
    const s = open(AF_INET, SOCK_DGRAM);
    expect(s.getsockopt('SO_BINDTODEVICE')).toEqual({ ok: true, value: '' });
    expect(s.setsockopt('SO_BINDTODEVICE', 'lo')).toBe(0);
    expect(s.getsockopt('SO_BINDTODEVICE')).toEqual({ ok: true, value: 'lo' });
    expect(s.setsockopt('SO_BINDTODEVICE', 'no-such-if0')).toBe(-errno.ENODEV!);
  });

  it('IP and IPv6 options, multicast membership included', () => {
    const u4 = open(AF_INET, SOCK_DGRAM);
    expect(u4.setsockopt('IP_TTL', 33)).toBe(0);
    expect(u4.getsockopt('IP_TTL')).toEqual({ ok: true, value: 33 });
    expect(u4.setsockopt('IP_MULTICAST_TTL', 3)).toBe(0);
    expect(u4.getsockopt('IP_MULTICAST_TTL')).toEqual({ ok: true, value: 3 });
    expect(u4.setsockopt('IP_MULTICAST_LOOP', false)).toBe(0);
    expect(u4.getsockopt('IP_MULTICAST_LOOP')).toEqual({ ok: true, value: false });
    expect(u4.setsockopt('IP_MULTICAST_IF', '127.0.0.1')).toBe(0);
    expect(u4.getsockopt('IP_MULTICAST_IF')).toEqual({ ok: true, value: '127.0.0.1' });
    expect(u4.setsockopt('IP_ADD_MEMBERSHIP', { group: '239.1.2.3', interface: '127.0.0.1' })).toBe(0);
    expect(u4.setsockopt('IP_DROP_MEMBERSHIP', { group: '239.1.2.3', interface: '127.0.0.1' })).toBe(0);
    expect(u4.setsockopt('IP_DROP_MEMBERSHIP', { group: '239.1.2.3', interface: '127.0.0.1' })).toBe(-errno.EADDRNOTAVAIL);
    expect(u4.setsockopt('IP_ADD_MEMBERSHIP', { group: 'not an address' })).toBe(-errno.EINVAL);

    const u6 = open(AF_INET6, SOCK_DGRAM);
    const lo = if_nametoindex('lo');
    expect(u6.setsockopt('IPV6_V6ONLY', true)).toBe(0);
    expect(u6.getsockopt('IPV6_V6ONLY')).toEqual({ ok: true, value: true });
    expect(u6.setsockopt('IPV6_MULTICAST_HOPS', 5)).toBe(0);
    expect(u6.getsockopt('IPV6_MULTICAST_HOPS')).toEqual({ ok: true, value: 5 });
    expect(u6.setsockopt('IPV6_MULTICAST_LOOP', true)).toBe(0);
    expect(u6.getsockopt('IPV6_MULTICAST_LOOP')).toEqual({ ok: true, value: true });
    expect(u6.setsockopt('IPV6_MULTICAST_IF', lo)).toBe(0);
    expect(u6.getsockopt('IPV6_MULTICAST_IF')).toEqual({ ok: true, value: lo });
    expect(u6.setsockopt('IPV6_JOIN_GROUP', { group: 'ff12::1234', index: lo })).toBe(0);
    expect(u6.setsockopt('IPV6_LEAVE_GROUP', { group: 'ff12::1234', index: lo })).toBe(0);
  });

  it('SO_PEERCRED names the peer process of a unix socket', () => {
    const pair = Socket.pair(AF_UNIX, SOCK_STREAM);
    if (typeof pair === 'number') throw new Error('socketpair failed');
    const [a] = pair.map((s) => track(s));
    expect(a!.getsockopt('SO_PEERCRED')).toEqual({ ok: true, value: { pid: process.pid, uid: process.getuid!(), gid: process.getgid!() } });
  });

  it('a raw bytes read with a capacity gets the value cut to it, as a small C buffer does', () => {
    const pair = Socket.pair(AF_UNIX, SOCK_STREAM);
    if (typeof pair === 'number') throw new Error('socketpair failed');
    const [a] = pair.map((s) => track(s));
    const SOL_SOCKET = constants.levels.SOL_SOCKET!;
    const SO_PEERCRED = constants.options.SO_PEERCRED!;
    const whole = a!.getsockoptRaw(SOL_SOCKET, SO_PEERCRED, 'bytes');
    expect(whole.ok && (whole.value as Buffer).length).toBe(12);
    const cut = a!.getsockoptRaw(SOL_SOCKET, SO_PEERCRED, 'bytes', 4);
    if (!cut.ok) throw new Error(`getsockopt: errno ${cut.errno}`);
    expect((cut.value as Buffer).length).toBe(4);
    expect(new Int32Array(Uint8Array.from(cut.value as Buffer).buffer)[0]).toBe(process.pid);
    expect(a!.getsockoptRaw(SOL_SOCKET, SO_PEERCRED, 'bytes', 0)).toEqual({ ok: true, value: Buffer.alloc(0) });
    for (const bad of [-1, 1025, 2.5, Number.NaN, Infinity])
      expect(() => a!.getsockoptRaw(SOL_SOCKET, SO_PEERCRED, 'bytes', bad)).toThrow(TypeError);
    expect(() => a!.getsockoptRaw(SOL_SOCKET, SO_PEERCRED, 'int', 4)).toThrow(TypeError);
  });

  it('a TCP option on a UDP socket fails with the kernel errno', () => {
    const u = open(AF_INET, SOCK_DGRAM);
    expect(u.setsockopt('TCP_NODELAY', true)).toBe(-errno.ENOPROTOOPT);
    expect(u.getsockopt('TCP_NODELAY')).toEqual({ ok: false, errno: errno.EOPNOTSUPP });
  });

  it('raw access reaches any option by number with an explicit shape', () => {
    const s = open(AF_INET, SOCK_STREAM);
    const SOL_SOCKET = constants.levels.SOL_SOCKET!;
    const SO_REUSEADDR = constants.options.SO_REUSEADDR!;
    expect(s.setsockoptRaw(SOL_SOCKET, SO_REUSEADDR, 'int', 1)).toBe(0);
    expect(s.getsockoptRaw(SOL_SOCKET, SO_REUSEADDR, 'int')).toEqual({ ok: true, value: 1 });
    expect(s.getsockoptRaw(SOL_SOCKET, 9999, 'int')).toEqual({ ok: false, errno: errno.ENOPROTOOPT });
  });

  it('refuses unknown names, read-only options and values of the wrong shape', () => {
    const s = open(AF_INET, SOCK_STREAM);
    const any = s as unknown as { setsockopt(n: string, v: unknown): number; getsockopt(n: string): unknown };
    expect(() => any.setsockopt('SO_NOPE', 1)).toThrow(TypeError);
    expect(() => any.getsockopt('SO_NOPE')).toThrow(TypeError);
    expect(() => any.setsockopt('toString', 1)).toThrow(TypeError);
    for (const ro of ['SO_TYPE', 'SO_ERROR', 'SO_ACCEPTCONN', 'SO_DOMAIN', 'SO_PROTOCOL', 'SO_PEERCRED', 'TCP_INFO']) {
      expect(() => any.setsockopt(ro, 1), ro).toThrow(/read-only/);
    }
    expect(() => any.setsockopt('SO_RCVBUF', 'big')).toThrow(TypeError);
    expect(() => any.setsockopt('SO_RCVBUF', 1.5)).toThrow(TypeError);
    expect(() => any.setsockopt('SO_RCVBUF', Number.NaN)).toThrow(TypeError);
    expect(() => any.setsockopt('SO_RCVBUF', 2 ** 40)).toThrow(TypeError);
    expect(() => any.setsockopt('SO_RCVBUF', Buffer.alloc(3))).toThrow(TypeError);
    expect(() => any.setsockopt('SO_LINGER', true)).toThrow(TypeError);
    expect(() => any.setsockopt('SO_RCVTIMEO', -1)).toThrow(TypeError);
    expect(() => any.setsockopt('SO_BINDTODEVICE', 5)).toThrow(TypeError);
    expect(() => any.setsockopt('SO_BINDTODEVICE', 'lo\0x')).toThrow(TypeError);
    expect(() => any.setsockopt('SO_BINDTODEVICE', 'x'.repeat(5000))).toThrow(TypeError);
    expect(() => any.setsockopt('IP_ADD_MEMBERSHIP', '239.1.1.1')).toThrow(TypeError);
  });
});
