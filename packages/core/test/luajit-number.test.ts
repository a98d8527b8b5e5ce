// luajitNumber against LuaJIT 2.1's own tonumber(): every expected value below is what
// `luajit -e "print(string.format('%.17g', tonumber(s)))"` printed for the string.
import { describe, expect, it } from 'vitest';
import { luajitNumber, luajitNumberText } from '../src/index.js';

const cases: [string, number | undefined][] = [
  ['80', 80],
  [' \t80\n ', 80],
  ['\v5\f', 5],
  ['8e1', 80],
  ['80.', 80],
  ['.5', 0.5],
  ['1e400', Infinity],
  ['0x50', 80],
  ['0x1p4', 16],
  ['0x.8', 0.5],
  ['0X1P-5', 0.03125],
  ['-0x1', -1],
  ['+0x3', 3],
  ['-0x0', -0],
  ['0b11', 3],
  ['inf', Infinity],
  [' -Infinity ', -Infinity],
  ['NaN', Number.NaN],
  ['0x1fffffffffffff801', 3.6893488147419103e19],
  ['0x8000000000000001', 9.2233720368547758e18],
  ['0xfffffffffffff7ff', 1.844674407370955e19],
  ['0x1fffffffffffffbff', 3.6893488147419103e19],
  ['0x1p-1074', 5e-324],
  ['0x1p-1075', 0],
  ['0x3p-1076', 5e-324],
  ['0x10000000000000000000p-1100', 5.5626846462680035e-309],
  ['0x1p1024', Infinity],
  ['0x.1p1028', Infinity],
  // Digits past the sixteenth only round (strscan keeps a uint64_t).
  [`0x.${'f'.repeat(300)}`, 1],
  [`0x.0${'f'.repeat(300)}`, 0.0625],
  [`0x1${'0'.repeat(256)}p-1030`, 0.015625],
  [`0x1${'0'.repeat(30)}1p-100`, 16777216],
  // Not numbers to LuaJIT.
  ['', undefined],
  [' ', undefined],
  ['80x', undefined],
  ['00x1', undefined],
  ['0x', undefined],
  ['0x.p1', undefined],
  ['1e', undefined],
  ['.', undefined],
  ['0b', undefined],
  ['0b2', undefined],
  ['5\0', undefined],
  ['\u00a05', undefined],
  ['5\u2003', undefined],
  ['infinit', undefined],
];

describe('luajitNumber', () => {
  it.each(cases)('reads %j as LuaJIT does', (text, expected) => {
    expect(luajitNumber(text)).toBe(expected);
  });

  it('passes numbers through and refuses other types', () => {
    expect(luajitNumber(-0.5)).toBe(-0.5);
    for (const v of [null, undefined, true, {}, [], 1n, new Uint8Array([0x35])]) expect(luajitNumber(v)).toBeUndefined();
  });
});

// Expected texts checked against Tarantool 2.6's tostring (LuaJIT rounds ties up, as JavaScript does).
describe('luajitNumberText is LuaJIT tostring (%.14g)', () => {
  const cases: [number, string][] = [
    [0, '0'], [-0, '-0'], [1, '1'], [-7, '-7'], [0.5, '0.5'], [2.5, '2.5'], [1 / 3, '0.33333333333333'],
    [1e14, '1e+14'], [99999999999999, '99999999999999'], [123456789012345, '1.2345678901235e+14'], [12345678901234.5, '12345678901235'], [1.00000000000005, '1'], [2.5e-5, '2.5e-05'],
    [1e-4, '0.0001'], [1e-5, '1e-05'], [1.5e-7, '1.5e-07'], [2 ** 53, '9.007199254741e+15'],
    [1e100, '1e+100'], [Infinity, 'inf'], [-Infinity, '-inf'], [Number.NaN, 'nan'], [65536, '65536'],
  ];
  for (const [n, text] of cases) it(`${n} → ${text}`, () => expect(luajitNumberText(n)).toBe(text));
});
