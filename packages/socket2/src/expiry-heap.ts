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

  get length(): number {
    return this.#items.length;
  }

  peek(): T | undefined {
    return this.#items[0];
  }

  push(v: T): void {
    this.#items.push(v);
    v.heapIndex = this.#items.length;
    this.#moveUp(this.#items.length);
  }

  /** Removes the top, or the entry at position `i`. */
  pop(i = 1): T {
    const items = this.#items;
    const v = items[i - 1]!;
    this.#swap(i, items.length);
    items.pop();
    v.heapIndex = -1;
    // The original only moves the replacement down; one smaller than its new parent
    // would then break the heap's order (a deadline would fire late), so it may also
    // move up here.
    if (i <= items.length && this.#moveDown(i) === i) this.#moveUp(i);
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
