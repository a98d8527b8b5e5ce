// cInt: a double converted to a C int as x86-64's cvttsd2si converts it.
import { describe, expect, it } from 'vitest';
import { cInt } from '../src/index.js';

describe('cInt', () => {
  it('cuts fractions toward zero within the int range', () => {
    expect([cInt(1.9), cInt(-1.9), cInt(-0.5), cInt(0x7fffffff), cInt(-0x80000000), cInt(-2147483648.9)]).toEqual([1, -1, -0, 0x7fffffff, -0x80000000, -0x80000000]);
  });

  it('gives INT_MIN for what an int cannot hold, NaN and the infinities included', () => {
    for (const n of [2 ** 31, 2 ** 40, -(2 ** 31) - 1, -(2 ** 40), Number.NaN, Infinity, -Infinity]) expect(cInt(n)).toBe(-0x80000000);
  });
});
