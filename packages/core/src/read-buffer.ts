import { Buffer } from 'node:buffer';
import { errno } from './errno.js';
import { CLOSED, READABLE, type Socket } from './socket.js';

/** How a buffered read ended. Bytes stay buffered on every outcome but `ok` and `eof`. */
export type ReadOutcome =
  /** The request was satisfied. */
  | { status: 'ok'; data: Buffer }
  /** End of stream: everything that was buffered (maybe empty). */
  | { status: 'eof'; data: Buffer }
  /** The deadline passed first. */
  | { status: 'timeout' }
  /** recv failed with this errno. */
  | { status: 'error'; errno: number }
  /** The socket was closed, before or during the read. */
  | { status: 'closed' };

/** What a buffered read waits for: at most `limit` bytes, ending early after a delimiter. */
export interface ReadRequest {
  /** Return after exactly this many bytes (when no delimiter ends earlier). */
  limit: number;
  /** Return up to and including the delimiter match that ends first. */
  delimiters?: readonly Uint8Array[];
}

// Counts of bytes: whole and not negative (a fraction or NaN would corrupt the offsets).
function checkCount(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 0) throw new TypeError(`${what}: the count must be a non-negative integer, got ${String(n)}`);
}

function checkRequest(request: ReadRequest): void {
  const limit = request?.limit;
  if (!(Number.isInteger(limit) && limit >= 0) && limit !== Infinity) throw new TypeError(`read: limit must be a non-negative integer or Infinity, got ${String(limit)}`);
  const delimiters = request.delimiters;
  if (delimiters === undefined) return;
  if (!Array.isArray(delimiters)) throw new TypeError('read: delimiters must be an array of Uint8Array');
  for (const d of delimiters) if (!(d instanceof Uint8Array)) throw new TypeError('read: each delimiter must be a Uint8Array');
}

/** How a {@link ReadBuffer} manages its memory, for a face that must copy another buffer's. */
export interface ReadBufferOptions {
  /**
   * The capacity to grow to, from `capacity`, to hold `needed` bytes (more than
   * `capacity`). By default it doubles, or takes `needed` when that is more.
   */
  grow?: (capacity: number, needed: number) => number;
  /**
   * Whether taking the last buffered byte moves the next refill back to the start of
   * the memory (the default). With false, the free space stays what is left after the
   * data taken, until a refill that needs more moves the data back (Tarantool's ibuf):
   * how much one recv(2) may take depends on it.
   */
  rewindWhenEmpty?: boolean;
}

// The most room one fill makes: no recv(2) gives more than 2 GiB.
const MAX_FILL = 0x7fffffff;
const doubling = (capacity: number, needed: number): number => Math.max(capacity * 2, needed);

/**
 * A read-ahead buffer for stream sockets: reads in large chunks and hands out exactly
 * what was asked (a count, or up to one of several delimiters), keeping the rest for
 * later calls. Nothing is lost on timeout or error; results are copies, so the
 * buffer's memory is reused.
 */
export class ReadBuffer {
  /** The most a refill asks the kernel for when a request needs less (Tarantool's READAHEAD). */
  static readonly READAHEAD = 16320;
  #buf: Buffer;
  #start = 0;
  #end = 0;
  // Delimiter search resumes where it stopped for the same delimiter list.
  #scanned = 0;
  #scanFor: readonly Uint8Array[] | undefined;
  // Without rewindWhenEmpty, how much further on the memory being imitated would hold
  // the bytes: an empty buffer still starts again at the front (where the next refill
  // meets memory the cache holds, not a fresh line of a cold buffer), and the room a
  // refill may take is reckoned as if it had not.
  #lag = 0;

  readonly #grow: (capacity: number, needed: number) => number;
  readonly #rewind: boolean;

  constructor(capacity = 16384, options: ReadBufferOptions = {}) {
    checkCount(capacity, 'ReadBuffer');
    this.#buf = Buffer.allocUnsafe(capacity);
    this.#grow = options.grow ?? doubling;
    this.#rewind = options.rewindWhenEmpty ?? true;
  }

  /** Bytes buffered. */
  get length(): number {
    return this.#end - this.#start;
  }

  /** The buffered bytes, as a view that is valid until the buffer next changes. */
  view(): Buffer {
    return this.#buf.subarray(this.#start, this.#end);
  }

  /** Removes and returns (as a copy) the first n buffered bytes (all of them, when fewer). */
  take(n: number): Buffer {
    checkCount(n, 'take');
    if (n > this.length) n = this.length;
    const out = Buffer.allocUnsafe(n);
    this.#buf.copy(out, 0, this.#start, this.#start + n);
    this.skip(n);
    return out;
  }

  /** Drops the first n buffered bytes (all of them, when fewer). */
  skip(n: number): void {
    checkCount(n, 'skip');
    this.#start += Math.min(n, this.length);
    if (this.#start === this.#end) {
      if (!this.#rewind) this.#lag += this.#start;
      this.#start = this.#end = 0;
    }
    this.#scanned = 0;
  }

  /** Adds bytes at the end (for data that arrived some other way). */
  append(bytes: Uint8Array): void {
    if (!(bytes instanceof Uint8Array)) throw new TypeError(`append: expected a Uint8Array, got ${bytes === null ? 'null' : typeof bytes}`);
    this.#reserve(bytes.length);
    this.#buf.set(bytes, this.#end);
    this.#end += bytes.length;
  }

  /**
   * The end offset (relative to the buffered data) of the delimiter match that ends
   * first, or -1. An empty delimiter matches at offset 0. Asked again with the same
   * array, it resumes where the last scan stopped instead of scanning the whole buffer
   * again; so treat the array and its delimiters as fixed, and pass another array to
   * look for something else (changing the contents of this one is not noticed).
   */
  findDelimiter(delimiters: readonly Uint8Array[]): number {
    if (this.#scanFor !== delimiters) {
      this.#scanFor = delimiters;
      this.#scanned = 0;
    }
    if (delimiters.length === 1 && delimiters[0]!.length === 1) return this.#findByte(delimiters[0]![0]!);
    const data = this.view();
    let best = -1;
    let longest = 0;
    for (const d of delimiters) {
      if (d.length > longest) longest = d.length;
      const from = Math.max(0, this.#scanned - d.length + 1);
      const at = d.length === 0 ? 0 : data.indexOf(d, from);
      if (at >= 0 && (best < 0 || at + d.length < best)) best = at + d.length;
    }
    // Nothing ends before the buffered end: next time, start where a match could still end.
    if (best < 0) this.#scanned = Math.max(0, data.length - longest + 1);
    return best;
  }

  // The common case (a line: one one-byte delimiter): memchr from where the last scan
  // stopped. The byte written just past the data stops it there at the latest; the
  // free space is this buffer's own, and the next fill overwrites it.
  #findByte(byte: number): number {
    const buf = this.#buf;
    const end = this.#end;
    if (end < buf.length) buf[end] = byte;
    const at = buf.indexOf(byte, this.#start + this.#scanned);
    if (at >= 0 && at < end) return at + 1 - this.#start;
    this.#scanned = end - this.#start;
    return -1;
  }

  /**
   * One recv(2) into the free space, after making room for at least `want` bytes:
   * the bytes read, 0 at end of stream, or `-errno`.
   */
  fill(socket: Socket, want = ReadBuffer.READAHEAD): number {
    if (typeof want !== 'number' || want > MAX_FILL) throw new TypeError(`fill: want must be a number up to ${MAX_FILL}, got ${String(want)}`);
    // At least one byte of room: a zero-length recv would read as end of stream.
    if (!(want >= 1)) want = 1;
    if (this.#room() < want) this.#reserve(want);
    const room = this.#room();
    const n = socket.recv(this.#buf, 0, this.#end, room);
    socket.markDrained(n, room);
    if (n > 0) this.#end += n;
    return n;
  }

  /**
   * Reads until the request is satisfied, the stream ends, an error occurs, or
   * `deadline` (monotonic seconds) passes. Returns synchronously when no wait was
   * needed. A refill asks for at least min(limit - buffered, READAHEAD) bytes.
   */
  read(socket: Socket, request: ReadRequest, deadline = Infinity): ReadOutcome | Promise<ReadOutcome> {
    checkRequest(request);
    const n = this.#satisfies(request);
    if (n >= 0) return { status: 'ok', data: this.take(n) };
    return this.#pull(socket, request, deadline);
  }

  // Refills while the kernel has data; waits (asynchronously) only when it has none.
  #pull(socket: Socket, request: ReadRequest, deadline: number): ReadOutcome | Promise<ReadOutcome> {
    for (;;) {
      const ready = socket.ioReady(READABLE, deadline);
      if (typeof ready !== 'number') return this.#resume(ready, socket, request, deadline);
      if (ready & CLOSED) return { status: 'closed' };
      const want = Math.max(1, Math.min(request.limit - this.length, ReadBuffer.READAHEAD));
      const n = this.fill(socket, want);
      if (n > 0) {
        const k = this.#satisfies(request);
        if (k >= 0) return { status: 'ok', data: this.take(k) };
        continue;
      }
      if (n === 0) return { status: 'eof', data: this.take(this.length) };
      if (n === -errno.EAGAIN || n === -errno.EINTR) continue; // the next ioReady waits
      if (socket.closed) return { status: 'closed' };
      return { status: 'error', errno: -n };
    }
  }

  async #resume(ready: Promise<number>, socket: Socket, request: ReadRequest, deadline: number): Promise<ReadOutcome> {
    const bits = await ready;
    if (bits === 0) return { status: 'timeout' };
    if (bits & CLOSED) return { status: 'closed' };
    return this.#pull(socket, request, deadline);
  }

  // How many bytes satisfy the request now, or -1. An empty buffer satisfies only a
  // zero limit, so an empty delimiter still waits for data.
  #satisfies(request: ReadRequest): number {
    if (request.limit <= 0) return 0;
    const length = this.length;
    if (length === 0) return -1;
    const delimiters = request.delimiters;
    if (delimiters !== undefined && delimiters.length > 0) {
      const end = this.findDelimiter(delimiters);
      if (end >= 0 && end <= request.limit) return end;
    }
    return length >= request.limit ? request.limit : -1;
  }

  // The free space a refill may take (see #lag).
  #room(): number {
    return this.#buf.length - this.#end - this.#lag;
  }

  #reserve(want: number): void {
    if (this.#room() >= want) return;
    if (this.#buf.length - this.length >= want && this.#start + this.#lag > 0) {
      const length = this.length;
      if (length > 0 && this.#start > 0) this.#buf.copyWithin(0, this.#start, this.#end);
      this.#end = length;
      this.#start = 0;
      this.#lag = 0;
      return;
    }
    const capacity = this.#grow(this.#buf.length, this.length + want);
    // grow() may have used this very buffer: what it holds is read only now.
    const length = this.length;
    if (!(Number.isInteger(capacity) && capacity >= length + want)) throw new RangeError(`ReadBuffer: grow() gave ${String(capacity)} for ${length + want} bytes`);
    const bigger = Buffer.allocUnsafe(capacity);
    this.#buf.copy(bigger, 0, this.#start, this.#end);
    this.#buf = bigger;
    this.#end = length;
    this.#start = 0;
    this.#lag = 0;
  }

}
