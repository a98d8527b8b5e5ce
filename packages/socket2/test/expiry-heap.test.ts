// The deadline heap: the original's valueheap step for step (ties come out in its
// order, even where its removal leaves the heap out of order), and earliest() always
// finds the earliest deadline, which the original's top may hide.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExpiryHeap, type Expiring } from '../src/expiry-heap.js';

type Entry = Expiring & { name: string };
const entry = (name: string, deadline: number): Entry => ({ name, deadline, heapIndex: -1 });

function drain(heap: ExpiryHeap<Entry>): string[] {
  const out: string[] = [];
  for (let i = 0; i < 100 && heap.length > 0; i++) out.push(heap.pop().name);
  return out;
}

describe('ExpiryHeap', () => {
  it("ties after a removal from the middle come out in the original's order", () => {
    // What luapower's heap gives (socket2 under LuaJIT): F before G, E before B. The
    // removal of D puts G under B, out of order, and the original leaves it there.
    const heap = new ExpiryHeap<Entry>();
    const [a, b, c, d, e, f, g] = [entry('A', 0.1), entry('B', 0.4), entry('C', 0.15), entry('D', 0.4), entry('E', 0.4), entry('F', 0.2), entry('G', 0.2)];
    for (const x of [a, b, c, d, e, f, g]) heap.push(x);
    expect(heap.remove(d)).toBe(true);
    expect(drain(heap)).toEqual(['A', 'C', 'F', 'G', 'E', 'B']);
  });

  it('earliest() is the earliest deadline after any pushes and removals, the top is the original one', () => {
    const op = fc.oneof(
      fc.record({ push: fc.integer({ min: 0, max: 20 }) }),
      fc.record({ remove: fc.nat(40) }),
      fc.record({ pop: fc.constant(true) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const heap = new ExpiryHeap<Entry>();
        const live: Entry[] = [];
        for (const o of ops) {
          if ('push' in o) {
            const x = entry(String(live.length), o.push);
            heap.push(x);
            live.push(x);
          } else if ('remove' in o && live.length > 0) {
            const [x] = live.splice(o.remove % live.length, 1);
            expect(heap.remove(x!)).toBe(true);
          } else if ('pop' in o && live.length > 0) {
            const top = heap.pop();
            live.splice(live.indexOf(top), 1);
          }
          const min = Math.min(...live.map((x) => x.deadline));
          expect(heap.earliest()?.deadline ?? Infinity).toBe(min);
          expect(heap.length).toBe(live.length);
        }
      }),
      { numRuns: 500 },
    );
  });
});
