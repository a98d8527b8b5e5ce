// lsocket: the module table, its constants, the socket methods and their receiver checks.
import * as named from '@sockport/lsocket';
import lsocket, { Socket } from '@sockport/lsocket';
import { describe, expect, it } from 'vitest';
import { made, setupLsocket } from '../src/lsocket/support.js';

setupLsocket();

describe(`lsocket module on ${process.env.SOCKPORT_POLLER}`, () => {
  it('the module table has the original fields, plus the Sync twins', () => {
    expect(Object.keys(lsocket).sort()).toEqual(
      ['IN6ADDR_ANY', 'INADDR_ANY', '_VERSION', 'bind', 'connect', 'getinterfaces', 'resolve', 'resolveSync', 'select', 'selectSync'].sort(),
    );
    expect(lsocket.INADDR_ANY).toBe('0.0.0.0');
    expect(lsocket.IN6ADDR_ANY).toBe('::0');
    expect(lsocket._VERSION).toBe('1.4.1');
  });

  it('every member is also a named export', () => {
    for (const [key, value] of Object.entries(lsocket)) expect(named[key as keyof typeof named]).toBe(value);
  });

  it('sockets have exactly the ten methods of the original (and toString)', () => {
    const methods = Object.getOwnPropertyNames(Socket.prototype).filter((n) => n !== 'constructor');
    expect(methods.sort()).toEqual(['accept', 'close', 'getfd', 'info', 'recv', 'recvfrom', 'send', 'sendto', 'setfd', 'status', 'toString'].sort());
  });

  it("tostring gives 'socket: 0x…', distinct for each socket", () => {
    const a = made(lsocket.bind('udp', '127.0.0.1', 0));
    const b = made(lsocket.bind('udp', '127.0.0.1', 0));
    expect(String(a)).toMatch(/^socket: 0x[0-9a-f]+$/);
    expect(String(a)).not.toBe(String(b));
  });

  it('a method called on something that is not a socket raises the usage error', () => {
    const s = made(lsocket.bind('udp', '127.0.0.1', 0));
    expect(() => s.recv.call({})).toThrow(new TypeError("bad argument #1 to 'recv' (socket expected, got table)"));
    expect(() => s.info.call(undefined)).toThrow(new TypeError("bad argument #1 to 'info' (socket expected, got no value)"));
    expect(() => s.toString.call({})).toThrow(new TypeError("bad argument #1 to 'tostring' (socket expected, got table)"));
    expect(() => (s.close as (this: unknown) => unknown).call(42)).toThrow(new TypeError("bad argument #1 to 'close' (socket expected, got number)"));
    expect(() => (s.send as (this: unknown, d: string) => unknown).call('x', 'y')).toThrow(/^bad argument #1 to 'send' \(socket expected, got string\)$/);
    expect(() => new (Socket as unknown as new () => unknown)()).toThrow(TypeError);
  });
});
