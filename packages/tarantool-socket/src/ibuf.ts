// The memory of Tarantool's read-ahead buffer (small's ibuf on the Lua slab cache), which
// decides how many bytes one read(2) of `read` may take: a refill reads as much as the
// buffer has room for, so the room decides where a datagram is cut and how much of a
// stream a read pulls ahead of `recv`.
import * as core from '@sockport/core';
import { READAHEAD } from './constants.js';

// A slab's header, and the largest slab the cache hands out; a bigger buffer is a
// "large" slab of exactly the size asked.
const SLAB_HEADER = 48;
const ORDER_MAX = 4 * 1024 * 1024;
const ORDER_MIN = 16 * 1024;

// ibuf_reserve_slow: the capacity (the buffer's first: READAHEAD) doubles until it
// holds what is needed, and the slab that holds that many bytes and its header has a
// power-of-two size at least ORDER_MIN; what is left after the header is the capacity.
function grow(capacity: number, needed: number): number {
  let size = capacity > 0 ? capacity : READAHEAD;
  while (size < needed) size *= 2;
  if (size + SLAB_HEADER >= ORDER_MAX) return size;
  let order = ORDER_MIN;
  while (order <= size + SLAB_HEADER) order *= 2;
  return order - SLAB_HEADER;
}

/** @internal A read-ahead buffer laid out as Tarantool's `s.rbuf`. */
export function newReadBuffer(): core.ReadBuffer {
  // Empty at first, as ibuf is until its first reserve; taking every byte leaves the
  // free space where it is.
  return new core.ReadBuffer(0, { grow, rewindWhenEmpty: false });
}
