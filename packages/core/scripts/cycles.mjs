// 100,000 connect/accept/close cycles (or argv[2]) through the core, then the same
// descriptors and no memory growth beyond noise. Run with --expose-gc. The last line
// says pass or fail.
import { readdirSync, readFileSync } from 'node:fs';
import { AF_INET, errno, monotonic, READABLE, SOCK_STREAM, Socket, WRITABLE } from '../dist/index.js';

const cycles = Number(process.argv[2] ?? 100_000);
const fds = () => readdirSync('/proc/self/fd').length;
const settle = async () => {
  for (let i = 0; i < 5; i++) {
    globalThis.gc?.();
    await new Promise((r) => setImmediate(r));
  }
};

const l = Socket.open(AF_INET, SOCK_STREAM);
l.bind({ family: 'inet', host: '127.0.0.1', port: 0 });
l.listen(128);
const addr = l.getsockname();
const deadline = monotonic() + 600;

async function cycle() {
  const c = Socket.open(AF_INET, SOCK_STREAM);
  const rc = c.connect(addr);
  if (rc === -errno.EINPROGRESS) await c.wait(WRITABLE, deadline);
  else if (rc !== 0) throw new Error(`connect: ${rc}`);
  let s = l.accept();
  while (s === -errno.EAGAIN) {
    await l.wait(READABLE, deadline);
    s = l.accept();
  }
  if (typeof s === 'number') throw new Error(`accept: ${s}`);
  s.close();
  c.close();
}

// Warm up (JIT, pools), then measure from a settled state.
for (let i = 0; i < 5000; i++) {
  await cycle();
  if (i % 1000 === 999) await new Promise((r) => setImmediate(r));
}
await settle();
const fdsBefore = fds();
const before = process.memoryUsage();
const start = monotonic();
// Node runs N-API finalizers in a later turn of the loop, so a program that never lets the
// loop turn cannot free handles: like any server, this one yields now and then.
for (let i = 0; i < cycles; i++) {
  await cycle();
  if (i % 1000 === 999) await new Promise((r) => setImmediate(r));
}
const seconds = monotonic() - start;
await settle();
const fdsAfter = fds();
const after = process.memoryUsage();
const heapGrowth = after.heapUsed - before.heapUsed;
// What the process gained beyond the pages V8 took for its heap: V8 sizes its heap up in
// steps of megabytes under churn (heapTotal, not heapUsed) and keeps them; a native leak
// shows here.
const nativeGrowth = after.rss - before.rss - (after.heapTotal - before.heapTotal);
l.close();
console.log(`${cycles} cycles in ${seconds.toFixed(1)} s (${Math.round(cycles / seconds)}/s); descriptors ${fdsBefore} -> ${fdsAfter}; heap ${(heapGrowth / 1024).toFixed(0)} KiB, rss ${((after.rss - before.rss) / 1024).toFixed(0)} KiB, beyond V8's heap ${(nativeGrowth / 1024).toFixed(0)} KiB`);
// Noise: a few MiB of allocator and JIT churn; a leak of one object per cycle would be far
// more (a native leak of 40 bytes per socket is 8 MiB here). Under AddressSanitizer the
// RSS says nothing (its quarantine keeps freed memory).
const asan = readFileSync('/proc/self/maps', 'utf8').includes('libasan');
if (asan) console.log('RSS not judged: AddressSanitizer holds freed memory in its quarantine');
const pass = fdsAfter === fdsBefore && heapGrowth < 4 << 20 && (asan || nativeGrowth < 8 << 20);
console.log(pass ? 'cycles: pass' : 'cycles: fail');
process.exit(pass ? 0 : 1);
