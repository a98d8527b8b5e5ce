// The public types: every call that can return several Lua values gives a tuple typed
// as the union of its shapes, and the module table matches the named exports.
import { describe, expect, expectTypeOf, it } from 'vitest';
import socket, * as named from '../src/index.js';
import type { Addr, AddrInfo, Failure, PollResult, StartResult, TCP, Thread, UDP } from '../src/index.js';

describe('types', () => {
  it('constructors and lookups', () => {
    expectTypeOf(socket.tcp).returns.toEqualTypeOf<[TCP] | Failure>();
    expectTypeOf(socket.udp).returns.toEqualTypeOf<[UDP] | Failure>();
    expectTypeOf(socket.epoll_fd).returns.toEqualTypeOf<number | Failure>();
    expectTypeOf<named.LookupResult>().toEqualTypeOf<[AddrInfo] | Failure>();
  });

  it('socket calls', () => {
    type R<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;
    expectTypeOf<R<TCP['recv']>>().toEqualTypeOf<[number] | Failure | [null, 'timeout'] | [null, 'closed']>();
    expectTypeOf<R<TCP['send']>>().toEqualTypeOf<[number] | Failure | [null, 'timeout'] | [null, 'closed']>();
    expectTypeOf<R<TCP['accept']>>().toEqualTypeOf<[TCP, Addr, Addr] | [null, 'timeout' | 'closed', null] | Failure>();
    expectTypeOf<R<TCP['connect']>>().toEqualTypeOf<[true] | Failure | [null, 'timeout'] | [null, 'closed']>();
    expectTypeOf<R<TCP['bind']>>().toEqualTypeOf<[true] | Failure>();
    expectTypeOf<R<TCP['shutdown']>>().toEqualTypeOf<[true] | Failure>();
    expectTypeOf<R<TCP['close']>>().toEqualTypeOf<[true] | [false, string, number]>();
    expectTypeOf<R<TCP['getsockname']>>().toEqualTypeOf<[Addr] | Failure>();
    expectTypeOf<R<UDP['recv']>>().toEqualTypeOf<[number, Addr] | Failure | [null, 'timeout'] | [null, 'closed']>();
    expectTypeOf<named.OptValue<'tcp_nodelay'>>().toEqualTypeOf<boolean>();
    expectTypeOf<named.OptValue<'so_rcvbuf'>>().toEqualTypeOf<number>();
    expectTypeOf<named.OptValue<'so_linger'>>().toEqualTypeOf<number | false>();
  });

  it('scheduling', () => {
    expectTypeOf<Awaited<ReturnType<typeof socket.poll>>>().toEqualTypeOf<PollResult>();
    expectTypeOf<Awaited<ReturnType<typeof socket.start>>>().toEqualTypeOf<StartResult>();
    expectTypeOf<Awaited<ReturnType<typeof socket.newthread>>>().toEqualTypeOf<Thread>();
    expectTypeOf<ReturnType<typeof socket.thread>>().toEqualTypeOf<Thread | null>();
    expectTypeOf<ReturnType<typeof socket.stop>>().toEqualTypeOf<void>();
    expectTypeOf<Awaited<ReturnType<typeof socket.suspend>>>().toEqualTypeOf<unknown[]>();
  });

  it('every member of the module table is a named export, the same function', () => {
    for (const [key, value] of Object.entries(socket)) expect((named as Record<string, unknown>)[key]).toBe(value);
  });
});
