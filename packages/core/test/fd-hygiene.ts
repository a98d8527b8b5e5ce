// Every test file must end with the sockets it began with: a leaked descriptor fails it.
import { execFileSync } from 'node:child_process';
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

// What a leaked socket is (kind, state, addresses), from ss(8) when it is installed.
function describe(entries: string[]): string[] {
  const inodes = entries.map((e) => e.slice(e.indexOf('[') + 1, -1));
  try {
    const table = execFileSync('ss', ['-a', '-e', '-n'], { encoding: 'utf8' }).split('\n');
    return entries.map((e, i) => table.find((line) => line.includes(`ino:${inodes[i]} `))?.replace(/\s+/g, ' ') ?? e);
  } catch {
    return entries;
  }
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
  const after = openSockets();
  if (after.length !== before.length) console.log('sockets left open:', describe(after.filter((a) => !before.includes(a))));
  expect(after).toEqual(before);
});
