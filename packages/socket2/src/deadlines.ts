// A binary min-heap of parked threads by deadline (sleeps and I/O expiry), with
// removal from the middle: a wait that ends early leaves it at once.

/** @internal An entry that can sit in a {@link DeadlineHeap}. */
export interface HasDeadline {
  /** clock() seconds. */
  deadline: number;
  /** Position in the heap; -1 when not in it. */
  heapIndex: number;
  /** Order of arrival, which breaks ties: equal deadlines fire first come, first served. */
  heapSeq: number;
}

function before(a: HasDeadline, b: HasDeadline): boolean {
  return a.deadline < b.deadline || (a.deadline === b.deadline && a.heapSeq < b.heapSeq);
}

/** @internal */
export class DeadlineHeap<T extends HasDeadline> {
  readonly #items: T[] = [];
  #seq = 0;

  get size(): number {
    return this.#items.length;
  }

  peek(): T | undefined {
    return this.#items[0];
  }

  push(item: T): void {
    item.heapSeq = this.#seq++;
    item.heapIndex = this.#items.length;
    this.#items.push(item);
    this.#up(item.heapIndex);
  }

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
