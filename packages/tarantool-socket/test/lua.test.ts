// Lua's value rules the port relies on.
import { describe, expect, it } from 'vitest';
import { luaSub, seconds, toNumber, truthy } from '../src/lua.js';

describe('truthy follows Lua', () => {
  it('only nil and false are false', () => {
    expect([null, undefined, false].map(truthy)).toEqual([false, false, false]);
    expect([0, '', 'no', [], {}, Number.NaN].map(truthy)).toEqual([true, true, true, true, true, true]);
  });
});

// The reader is core's luajitNumber (tested there); Tarantool's LuaJIT agrees on these.
describe('toNumber coerces as Lua arithmetic', () => {
  it('numbers and numeric strings', () => {
    expect(toNumber(5)).toBe(5);
    expect(toNumber(' 5 ')).toBe(5);
    expect(toNumber('0x10')).toBe(16);
    expect(toNumber('1e3')).toBe(1000);
    expect(toNumber('.5')).toBe(0.5);
    expect(toNumber('-2')).toBe(-2);
    expect(toNumber('-0x1p-1')).toBe(-0.5);
    expect(toNumber('0b11')).toBe(3);
    expect(toNumber('Infinity')).toBe(Infinity);
    expect(toNumber('nan')).toBeNaN();
  });
  it('anything else is not a number', () => {
    for (const v of ['', ' ', 'abc', '5x', '\u00a05', '0x', null, undefined, true, {}]) expect(toNumber(v)).toBeUndefined();
  });
});

describe('seconds', () => {
  it('null for none, numbers and numeric strings as seconds', () => {
    expect(seconds(undefined, 't')).toBeNull();
    expect(seconds(null, 't')).toBeNull();
    expect(seconds(0.25, 't')).toBe(0.25);
    expect(seconds('2', 't')).toBe(2);
    expect(seconds(-1, 't')).toBe(-1);
  });
  it('refuses what is not a number, naming the argument', () => {
    expect(() => seconds('soon', 'read: timeout')).toThrow(new TypeError("read: timeout must be a number of seconds, got 'soon'"));
    expect(() => seconds(Number.NaN, 't')).toThrow(TypeError);
    expect(() => seconds({}, 't')).toThrow(TypeError);
  });
});

describe('luaSub is string.sub', () => {
  const s = Buffer.from('0123456789');
  const sub = (i: number, j?: number): string => Buffer.from(luaSub(s, i, j)).toString();
  it('indices as Lua counts them', () => {
    expect(sub(1)).toBe('0123456789');
    expect(sub(3)).toBe('23456789');
    expect(sub(3, 5)).toBe('234');
    expect(sub(-3)).toBe('789');
    expect(sub(-3, -2)).toBe('78');
    expect(sub(0)).toBe('0123456789');
    expect(sub(11)).toBe('');
    expect(sub(5, 2)).toBe('');
    expect(sub(-100, 2)).toBe('01');
    expect(sub(2, 100)).toBe('123456789');
  });
});
