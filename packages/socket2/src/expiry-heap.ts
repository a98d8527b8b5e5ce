// The original's deadline heaps: luapower's `heap.valueheap` (the revision socket2
// uses), a binary heap ordered by `<` on the deadline alone. Its sift order decides
// which of several threads due at the same time wakes first (six sleepers due together
// wake 1, 6, 5, 4, 3, 2 there), so it is reproduced step for step rather than replaced
// by a heap that breaks ties first come, first served.

/** @internal What the heaps hold: a parked thread and its deadline. */
export interface Expiring {
  deadline: number;
  /** 1-based position in its heap, or -1 when in none. */
  heapIndex: number;
}

/** @internal A min-heap of deadlines, as luapower's valueheap with an index key. */
export class ExpiryHeap<T extends Expiring> {
  // Position p (1-based, as in Lua) is items[p - 1].
  readonly #items: T[] = [];
  // Whether a removal left an entry smaller than its parent (see pop): the top is then
  // not always the earliest deadline. The earliest one found by the last full look,
  // until the heap changes (the loop asks at every step).
  #disordered = false;
  #earliest: T | undefined;
  #looked = false;

  get length(): number {
    return this.#items.length;
  }

  /** The top, which the original takes next. */
  peek(): T | undefined {
    return this.#items[0];
  }

  /**
   * The entry with the earliest deadline: the top, unless a removal left the heap out of
   * order, where a look at every entry finds it (and finds out whether the heap is in
   * order again).
   */
  earliest(): T | undefined {
    const items = this.#items;
    if (!this.#disordered) return items[0];
    if (this.#looked) return this.#earliest;
    let best = items[0];
    let ordered = true;
    for (let p = 2; p <= items.length; p++) {
      const v = items[p - 1]!;
      if (v.deadline < items[(p >> 1) - 1]!.deadline) ordered = false;
      if (v.deadline < best!.deadline) best = v;
    }
    if (ordered) this.#disordered = false;
    this.#earliest = best;
    this.#looked = true;
    return best;
  }

  push(v: T): void {
    this.#looked = false;
    this.#items.push(v);
    v.heapIndex = this.#items.length;
    this.#moveUp(this.#items.length);
  }

  /** Removes the top, or the entry at position `i`. */
  pop(i = 1): T {
    this.#looked = false;
    const items = this.#items;
    const v = items[i - 1]!;
    this.#swap(i, items.length);
    items.pop();
    v.heapIndex = -1;
    // As the original, the replacement only moves down. One smaller than its new parent
    // stays below it, out of order: later ties come out in the original's order, and
    // earliest() still finds a deadline the top hides.
    if (i <= items.length && this.#moveDown(i) === i && i > 1 && this.#less(i, i >> 1)) this.#disordered = true;
    return v;
  }

  /** Removes `v` if it is in this heap. */
  remove(v: T): boolean {
    const i = v.heapIndex;
    if (i < 1 || this.#items[i - 1] !== v) return false;
    this.pop(i);
    return true;
  }

  #less(i: number, j: number): boolean {
    return this.#items[i - 1]!.deadline < this.#items[j - 1]!.deadline;
  }

  #swap(i: number, j: number): void {
    const items = this.#items;
    const a = items[i - 1]!;
    const b = items[j - 1]!;
    items[i - 1] = b;
    items[j - 1] = a;
    b.heapIndex = i;
    a.heapIndex = j;
  }

  #moveUp(child: number): number {
    let parent = Math.floor(child / 2);
    while (child > 1 && this.#less(child, parent)) {
      this.#swap(child, parent);
      child = parent;
      parent = Math.floor(child / 2);
    }
    return child;
  }

  #moveDown(parent: number): number {
    const last = this.#items.length;
    let child = parent * 2;
    while (child <= last) {
      if (child + 1 <= last && this.#less(child + 1, child)) child++;
      if (!this.#less(child, parent)) break;
      this.#swap(parent, child);
      parent = child;
      child = parent * 2;
    }
    return parent;
  }
}
