// A socket object that becomes garbage is closed, as in Tarantool (the peer sees EOF).
import { describe, expect, it } from 'vitest';
import type { SocketObject } from '../src/index.js';
import { tcpPair } from './helpers.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) console.log('garbage-collection test skipped: it needs node --expose-gc (the package vitest config passes it)');


describe('garbage collection', () => {
  // Only the kept end leaves this function: the other one is garbage at once.
  async function oneEnd(): Promise<SocketObject> {
    const [keep, dropped] = await tcpPair();
    await dropped.write('x');
    return keep;
  }

  it.runIf(gc)('closes a socket nobody holds any more', async () => {
    const keep = await oneEnd();
    expect(String(await keep.read(1, 5))).toBe('x');
    // Finalizers run after a collection, on a later turn: bounded retries.
    let got: Buffer | null = null;
    for (let i = 0; i < 50; i++) {
      gc!();
      await new Promise((r) => setTimeout(r, 20));
      got = await keep.read(1, 0.01);
      if (got !== null) break;
    }
    expect(got).toEqual(Buffer.alloc(0));
    keep.close();
  });
});
