// The table that orders one poll's wake-ups by descriptor answers as a Map would, for
// every mix of sets, lookups and clears: small descriptors (in its arrays, which grow),
// large ones and negative numbers (past the arrays), and objects.
import { describe, expect, it } from 'vitest';
import { KeyTable } from '../src/key-table.js';

describe('KeyTable', () => {
  it('answers as a Map does, across clears, growth and keys past its arrays', () => {
    let seed = 20261208;
    const random = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const objects = [{}, {}, {}];
    const keys: (number | object)[] = [0, 1, 2, 63, 64, 65, 1000, 4095, 65535, 65536, 1 << 20, -1, ...objects];
    const table = new KeyTable<object>();
    const model = new Map<number | object, number>();
    for (let step = 0; step < 20_000; step++) {
      const op = random(20);
      const key = keys[random(keys.length)]!;
      if (op < 9) {
        const value = random(1000);
        table.set(key, value);
        model.set(key, value);
      } else if (op < 19) {
        expect(table.get(key)).toBe(model.get(key) ?? -1);
      } else {
        table.clear();
        model.clear();
      }
      expect(table.size).toBe(model.size);
    }
  });

  it('forgets everything on clear, and counts a key set twice once', () => {
    const table = new KeyTable<object>();
    const o = {};
    table.set(5, 1);
    table.set(5, 2);
    table.set(o, 3);
    expect([table.size, table.get(5), table.get(o), table.get(6)]).toEqual([2, 2, 3, -1]);
    table.clear();
    expect([table.size, table.get(5), table.get(o)]).toEqual([0, -1, -1]);
    table.set(5, 0);
    expect([table.size, table.get(5)]).toEqual([1, 0]);
  });
});
