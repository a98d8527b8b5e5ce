// A binary min-heap by deadline with removal from the middle in O(log n): a wait that
// ends early leaves it at once instead of lingering until its time comes.

/** An entry that can wait in a {@link DeadlineHeap}. The heap owns the two bookkeeping fields. */
export interface HasDeadline {
  /** When the entry is due, in monotonic seconds ({@link monotonic}). */
  deadline: number;
  /** Position in the heap, -1 when not in it. Start it at -1. */
  heapIndex: number;
  /** Order of arrival, set by the heap: equal deadlines come out first come, first served. */
  heapSeq: number;
}

function before(a: HasDeadline, b: HasDeadline): boolean {
  return a.deadline < b.deadline || (a.deadline === b.deadline && a.heapSeq < b.heapSeq);
}

/**
 * A min-heap of entries by deadline, the one the reactor keeps its timed waits in and
 * the faces' schedulers share. Every operation is O(log n); an entry is in it once at
 * most (pushing it again moves it), and removing an entry that is not in it does nothing.
 */
export class DeadlineHeap<T extends HasDeadline> {
  readonly #items: T[] = [];
  #seq = 0;

  /** How many entries wait. */
  get size(): number {
    return this.#items.length;
  }

  /** The entry due first, without taking it out. */
  peek(): T | undefined {
    return this.#items[0];
  }

  /** Adds `item` by its current `deadline`; an item already in the heap moves. */
  push(item: T): void {
    // A NaN deadline compares false with everything: the heap's order would break.
    if (typeof item.deadline !== 'number' || Number.isNaN(item.deadline)) throw new TypeError('deadline must be a number (monotonic seconds)');
    if (item.heapIndex >= 0) {
      if (this.#items[item.heapIndex] !== item) throw new Error('the entry is in another heap');
      // A stale second entry would outlive its removal and come back from peek() for ever.
      this.remove(item);
    }
    item.heapSeq = this.#seq++;
    item.heapIndex = this.#items.length;
    this.#items.push(item);
    this.#up(item.heapIndex);
  }

  /** Takes out and returns the entry due first. */
  pop(): T | undefined {
    const top = this.#items[0];
    if (top) this.remove(top);
    return top;
  }

  /** Takes `item` out; does nothing when it is not in this heap. */
  remove(item: T): void {
    const items = this.#items;
    const i = item.heapIndex;
    if (i < 0 || items[i] !== item) return;
    item.heapIndex = -1;
    const last = items.pop()!;
    if (i === items.length) return;
    items[i] = last;
    last.heapIndex = i;
    this.#down(i);
    this.#up(last.heapIndex);
  }

  #up(i: number): void {
    const items = this.#items;
    const item = items[i]!;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = items[p]!;
      if (!before(item, parent)) break;
      items[i] = parent;
      parent.heapIndex = i;
      i = p;
    }
    items[i] = item;
    item.heapIndex = i;
  }

  #down(i: number): void {
    const items = this.#items;
    const n = items.length;
    const item = items[i]!;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && before(items[c + 1]!, items[c]!)) c++;
      const child = items[c]!;
      if (!before(child, item)) break;
      items[i] = child;
      child.heapIndex = i;
      i = c;
    }
    items[i] = item;
    item.heapIndex = i;
  }
}
