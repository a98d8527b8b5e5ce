// The TypeScript shapes: every call that can return several Lua values returns a tuple
// typed as the union of its documented shapes (checked by `tsc`, run here too).
import { describe, expectTypeOf, it } from 'vitest';
import lsocket, { type AddressInfo, type Socket, type SocketInfo } from '../src/index.js';
import { made } from './helpers.js';

describe('result types', () => {
  it('constructors, methods and functions return their unions of tuples', async () => {
    expectTypeOf(lsocket.bind('udp', '127.0.0.1', 0)).toEqualTypeOf<[Socket] | [null, string]>();
    expectTypeOf(lsocket.connect('127.0.0.1', 1)).toEqualTypeOf<[Socket] | [null, string]>();
    const s = made(lsocket.bind('udp', '127.0.0.1', 0));
    expectTypeOf(s.recv()).toEqualTypeOf<[Buffer] | [false] | [null] | [null, string]>();
    expectTypeOf(s.recvfrom()).toEqualTypeOf<[Buffer, string | Buffer, number] | [false] | [null] | [null, string]>();
    expectTypeOf(s.send('x')).toEqualTypeOf<[number] | [false] | [null, string]>();
    expectTypeOf(s.sendto('x', '127.0.0.1', 9)).toEqualTypeOf<[number] | [false] | [null, string]>();
    expectTypeOf(s.accept()).toEqualTypeOf<[Socket, string, number] | [Socket, null, null] | [false] | [null, string]>();
    expectTypeOf(s.info()).toEqualTypeOf<[SocketInfo]>();
    expectTypeOf(s.info('peer')).toEqualTypeOf<[AddressInfo] | [null, string]>();
    expectTypeOf(s.status()).toEqualTypeOf<[true] | [null, string]>();
    expectTypeOf(s.close()).toEqualTypeOf<[true] | [null, string]>();
    expectTypeOf(s.setfd(-1)).toEqualTypeOf<[true] | [null, string]>();
    expectTypeOf(s.getfd()).toEqualTypeOf<number>();
    expectTypeOf(lsocket.select(0)).toEqualTypeOf<Promise<[false] | [null, string]>>();
    expectTypeOf(lsocket.select([s], 0)).toEqualTypeOf<Promise<[Socket[]] | [false] | [null, string]>>();
    expectTypeOf(lsocket.select(null, [s], 0)).toEqualTypeOf<Promise<[readonly Socket[], Socket[]] | [false] | [null, string]>>();
    expectTypeOf(lsocket.selectSync([s], [s], 0)).toEqualTypeOf<[readonly Socket[], Socket[]] | [false] | [null, string]>();
    expectTypeOf(lsocket.resolve('::1')).toEqualTypeOf<Promise<[{ family: 'inet' | 'inet6'; addr: string }[]] | [null, string]>>();
    expectTypeOf(lsocket.getinterfaces()).toEqualTypeOf<[{ name: string | Buffer; family: 'inet' | 'inet6'; addr: string; mask?: string }[]] | [null, string]>();
    await lsocket.select(0);
  });
});
