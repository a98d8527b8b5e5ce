// Lua's argument rules as the port applies them: coercions, type names, raised texts.
import { describe, expect, it } from 'vitest';
import lsocket from '../src/index.js';
import { argError, cInt, checkInteger, checkNumber, checkString, luaTypeName, numberToString, optNumber, optString } from '../src/lua.js';
import { made } from './helpers.js';

describe('Lua values', () => {
  it('names types as Lua does, sockets by their metatable name', () => {
    const s = made(lsocket.bind('udp', '127.0.0.1', 0));
    expect([undefined, null, true, 1, 'x', new Uint8Array(1), () => 0, {}, [], s, 1n].map(luaTypeName)).toEqual([
      'no value', 'nil', 'boolean', 'number', 'string', 'string', 'function', 'table', 'table', 'socket', 'userdata',
    ]);
  });

  it('writes numbers as Lua 5.3 does', () => {
    const cases: [number, string][] = [
      [12345, '12345'], [-7, '-7'], [0, '0'], [1.5, '1.5'], [0.1, '0.1'], [1 / 3, '0.33333333333333'],
      [1e100, '1e+100'], [1.25e-7, '1.25e-07'], [123456.789, '123456.789'], [2 ** 53, '9007199254740992'],
      [Infinity, 'inf'], [-Infinity, '-inf'], [NaN, 'nan'],
      // Lua's integers end at math.mininteger (-2^63) and math.maxinteger; 2^63 is a float.
      [-(2 ** 63), '-9223372036854775808'], [2 ** 63, '9.2233720368548e+18'], [-(2 ** 64), '-1.844674407371e+19'],
      // %g decides between the forms after rounding to 14 digits.
      [99999999999999.5, '1e+14'], [-99999999999999.5, '-1e+14'], [99999999999999.7, '1e+14'], [0.000099999999999999999, '0.0001'],
    ];
    for (const [n, text] of cases) expect(numberToString(n)).toBe(text);
  });

  it('writes a NaN with its sign, as glibc does: a NaN computed at run time is -nan, as Lua 5.3 prints 0/0', () => {
    const zero = Number(process.env.SOCKPORT_NO_SUCH_VARIABLE ?? 0);
    expect(numberToString(zero / zero)).toBe('-nan');
    expect(numberToString(-(zero / zero))).toBe('nan');
    expect(numberToString(Number.NaN)).toBe('nan');
  });

  it('converts text to numbers as lua_stringtonumber does', () => {
    expect(checkNumber('42', 1, 'f')).toBe(42);
    expect(checkNumber(' 1.5e2 ', 1, 'f')).toBe(150);
    expect(checkNumber('0x1F', 1, 'f')).toBe(31);
    expect(checkNumber('-0x10', 1, 'f')).toBe(-16);
    expect(checkNumber(new TextEncoder().encode('7'), 1, 'f')).toBe(7);
    // Hexadecimal floats, as C's strtod reads them.
    expect(['0x1p4', '0xA.8', '0x.8', ' -0x1P-1 ', '0x10p+0'].map((t) => checkNumber(t, 1, 'f'))).toEqual([16, 10.5, 0.5, -0.5, 16]);
    for (const bad of ['', ' ', 'abc', '1e', '0b11', 'Infinity', '1 2', '0x', '0x.', '0x1p', '0xg'])
      expect(() => checkNumber(bad, 2, 'f')).toThrow(new TypeError("bad argument #2 to 'f' (number expected, got string)"));
    expect(optNumber(undefined, 5, 1, 'f')).toBe(5);
    expect(optNumber(null, 5, 1, 'f')).toBe(5);
    expect(() => optNumber(false, 5, 3, 'g')).toThrow(new TypeError("bad argument #3 to 'g' (number expected, got boolean)"));
  });

  it('wants integers where luaL_checkinteger does', () => {
    expect(checkInteger('-1', 1, 'setfd')).toBe(-1);
    for (const bad of [0.5, 2 ** 63, -(2 ** 64), 1e300, Infinity, NaN])
      expect(() => checkInteger(bad, 1, 'setfd')).toThrow(new TypeError("bad argument #1 to 'setfd' (number has no integer representation)"));
    expect(checkInteger(-(2 ** 63), 1, 'setfd')).toBe(-(2 ** 63));
  });

  it('takes numbers where a string is wanted, and nothing else', () => {
    expect(checkString(8, 1, 'f')).toBe('8');
    const bytes = new Uint8Array([1]);
    expect(checkString(bytes, 1, 'f')).toBe(bytes);
    expect(optString(undefined, 1, 'f')).toBeNull();
    expect(() => checkString([], 1, 'f')).toThrow(new TypeError("bad argument #1 to 'f' (string expected, got table)"));
  });

  it('makes C ints as x86-64 does: fractions cut, INT_MIN for what an int cannot hold', () => {
    expect([cInt(1.9), cInt(-1.9), cInt(0x7fffffff), cInt(-0x80000000), cInt(-2147483648.9)]).toEqual([1, -1, 0x7fffffff, -0x80000000, -0x80000000]);
    expect([cInt(2 ** 31), cInt(2 ** 40), cInt(-(2 ** 40)), cInt(NaN), cInt(Infinity), cInt(-Infinity)]).toEqual(Array(6).fill(-0x80000000));
    expect(argError(2, 'bind', 'x').message).toBe("bad argument #2 to 'bind' (x)");
  });
});
