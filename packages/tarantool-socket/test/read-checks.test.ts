// The read-ahead buffer's satisfaction rules (Tarantool's check functions).
import * as core from '@sockport/core';
import { describe, expect, it } from 'vitest';
import { checkDelimiter, checkInfinity, checkLimit } from '../src/buffered-read.js';

function buffer(text: string): core.ReadBuffer {
  const b = new core.ReadBuffer();
  b.append(Buffer.from(text));
  return b;
}
const d = (...xs: string[]): Uint8Array[] => xs.map((x) => Buffer.from(x));

describe('checkLimit', () => {
  it('needs the whole limit', () => {
    expect(checkLimit(buffer('abc'), 3, [])).toBe(3);
    expect(checkLimit(buffer('abc'), 4, [])).toBe(-1);
    expect(checkLimit(buffer(''), 0, [])).toBe(0);
  });
});

describe('checkDelimiter', () => {
  it('the match that ends first wins', () => {
    expect(checkDelimiter(buffer('aXYZb'), 100, d('XYZ', 'Y'))).toBe(3);
    expect(checkDelimiter(buffer('ab12cd'), 100, d('cd', '12'))).toBe(4);
  });
  it('a match past the limit gives the limit instead', () => {
    expect(checkDelimiter(buffer('12345678'), 4, d('7'))).toBe(4);
    expect(checkDelimiter(buffer('123'), 4, d('7'))).toBe(-1);
  });
  it('a zero limit answers at once; an empty buffer never does otherwise', () => {
    expect(checkDelimiter(buffer(''), 0, d('\n'))).toBe(0);
    expect(checkDelimiter(buffer(''), 10, d(''))).toBe(-1);
  });
  it('an empty delimiter matches at offset 0; no delimiters behave as a limit', () => {
    expect(checkDelimiter(buffer('xyz'), 100, d(''))).toBe(0);
    expect(checkDelimiter(buffer('xyz'), 2, [])).toBe(2);
  });
});

describe('checkInfinity', () => {
  it('whatever is buffered, once something is', () => {
    expect(checkInfinity(buffer('abc'), 100, [])).toBe(3);
    expect(checkInfinity(buffer(''), 100, [])).toBe(-1);
    expect(checkInfinity(buffer(''), 0, [])).toBe(0);
  });
});
