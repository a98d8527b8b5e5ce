// Every test file must end with the sockets it began with: a leaked descriptor fails it.
import { readdirSync, readlinkSync } from 'node:fs';
import { afterAll, beforeAll, expect } from 'vitest';

function openSockets(): string[] {
  const out: string[] = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      if (target.startsWith('socket:')) out.push(`${fd} ${target}`);
    } catch {
      // closed while listing (the listing itself uses a descriptor)
    }
  }
  return out.sort();
}

let before: string[] = [];
beforeAll(() => {
  before = openSockets();
});
afterAll(async () => {
  // Sockets dropped without close() are closed by the garbage collector.
  for (let i = 0; i < 3; i++) {
    globalThis.gc?.();
    await new Promise((r) => setImmediate(r));
  }
  expect(openSockets()).toEqual(before);
});
