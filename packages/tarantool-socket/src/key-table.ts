// A table from the keys that fiber-wake.ts orders wake-ups by to small integers, made
// anew for every poll's wake-ups. Its keys are descriptors almost always: they index
// typed arrays stamped with a generation, so that a lookup is two array reads and
// clearing is one increment, where a Map would be built and grown on every poll. Other
// keys (a closed handle, a wake-up of no socket) go to a Map.

// Descriptors up to this one index the arrays (which grow to the largest seen); a
// higher one, possible with a raised descriptor limit, goes to the Map.
const MAX_INDEXED = 1 << 16;

const indexed = (key: unknown): key is number => typeof key === 'number' && key >= 0 && key < MAX_INDEXED;

/** @internal */
export class KeyTable<K extends object> {
  #generation = 1;
  #stamps = new Int32Array(64);
  #values = new Int32Array(64);
  #others = new Map<K | number, number>();
  #size = 0;

  /** How many keys it holds. */
  get size(): number {
    return this.#size;
  }

  /** The value of `key`, or -1 when it has none. */
  get(key: K | number): number {
    if (!indexed(key)) return this.#others.get(key) ?? -1;
    return key < this.#stamps.length && this.#stamps[key] === this.#generation ? this.#values[key]! : -1;
  }

  /** Sets the value (0 or more) of `key`. */
  set(key: K | number, value: number): void {
    if (!indexed(key)) {
      if (!this.#others.has(key)) this.#size++;
      this.#others.set(key, value);
      return;
    }
    if (key >= this.#stamps.length) this.#grow(key);
    if (this.#stamps[key] !== this.#generation) {
      this.#stamps[key] = this.#generation;
      this.#size++;
    }
    this.#values[key] = value;
  }

  /** Forgets every key. */
  clear(): void {
    if (this.#size === 0) return;
    this.#size = 0;
    if (this.#others.size > 0) this.#others.clear();
    if (++this.#generation === 0x7fffffff) {
      this.#stamps.fill(0);
      this.#generation = 1;
    }
  }

  #grow(key: number): void {
    const length = Math.min(Math.max(this.#stamps.length * 2, key + 1), MAX_INDEXED);
    const stamps = new Int32Array(length);
    const values = new Int32Array(length);
    stamps.set(this.#stamps);
    values.set(this.#values);
    this.#stamps = stamps;
    this.#values = values;
  }
}
