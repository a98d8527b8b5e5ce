// The deadline heap against a plain model: any sequence of pushes (again and again of the
// same entry), removals and pops gives the model's order, ties first come, first served.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeadlineHeap, type HasDeadline } from '../src/index.js';

type Entry = HasDeadline & { id: number };

const op = fc.oneof(
  fc.record({ kind: fc.constant('push' as const), id: fc.nat(7), deadline: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ kind: fc.constant('remove' as const), id: fc.nat(7) }),
  fc.record({ kind: fc.constant('pop' as const) }),
);

describe('DeadlineHeap', () => {
  it('matches a sorted model under any operations', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const entries: Entry[] = Array.from({ length: 8 }, (_, id) => ({ id, deadline: 0, heapIndex: -1, heapSeq: 0 }));
        const heap = new DeadlineHeap<Entry>();
        let model: { id: number; deadline: number; seq: number }[] = [];
        let seq = 0;
        for (const o of ops) {
          if (o.kind === 'push') {
            model = model.filter((m) => m.id !== o.id);
            model.push({ id: o.id, deadline: o.deadline, seq: seq++ });
            entries[o.id]!.deadline = o.deadline;
            heap.push(entries[o.id]!);
          } else if (o.kind === 'remove') {
            model = model.filter((m) => m.id !== o.id);
            heap.remove(entries[o.id]!);
          } else {
            model.sort((a, b) => a.deadline - b.deadline || a.seq - b.seq);
            expect(heap.pop()?.id).toBe(model.shift()?.id);
          }
          expect(heap.size).toBe(model.length);
        }
        model.sort((a, b) => a.deadline - b.deadline || a.seq - b.seq);
        const drained: number[] = [];
        for (let e = heap.pop(); e !== undefined; e = heap.pop()) drained.push(e.id);
        expect(drained).toEqual(model.map((m) => m.id));
        expect(entries.every((e) => e.heapIndex === -1)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
