// Lengths and bytes from JS that the read-ahead buffer and recvBuffer must refuse with a
// TypeError before they allocate (a RangeError from Buffer, or bytes made up from a
// string or an array-like, were what they gave).
import { describe, expect, it } from 'vitest';
import { AF_UNIX, ReadBuffer, SOCK_STREAM, Socket } from '../src/index.js';

describe('hostile sizes and bytes', () => {
  it('recvBuffer refuses sizes that are not integers from 0 to 2^31-1', () => {
    const [a, b] = Socket.pair(AF_UNIX, SOCK_STREAM) as [Socket, Socket];
    for (const size of [Number.NaN, -1, 1.5, 2 ** 31, 2 ** 40, '3' as unknown as number])
      expect(() => a.recvBuffer(size)).toThrow(TypeError);
    b.send('hi');
    expect(String(a.recvBuffer(16))).toBe('hi');
    a.close();
    b.close();
  });

  it('ReadBuffer.append takes bytes only, and fill refuses a room it cannot make', () => {
    const [a, b] = Socket.pair(AF_UNIX, SOCK_STREAM) as [Socket, Socket];
    const r = new ReadBuffer();
    for (const bad of ['abc', { length: 2 }, [300, -1], null]) expect(() => r.append(bad as unknown as Uint8Array)).toThrow(TypeError);
    expect(r.length).toBe(0);
    expect(() => r.fill(a, 2 ** 40)).toThrow(TypeError);
    expect(() => r.fill(a, '5' as unknown as number)).toThrow(TypeError);
    b.send('xy');
    expect(r.fill(a)).toBe(2);
    a.close();
    b.close();
  });
});
