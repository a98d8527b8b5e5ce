// The core driven directly: the same workloads as net.mjs, on @sockport/core's handles.
//   node bench/servers/core.mjs <port> [echo|line|sink|source|churn|idle]
import { errno, READABLE, WRITABLE, writeAll } from '../../packages/core/dist/index.js';
import { acceptForever } from './core-listener.mjs';

const port = Number(process.argv[2] ?? 0);
const mode = process.argv[3] ?? 'echo';
const SOURCE_BYTES = 1024 ** 3;
const EAGAIN = -errno.EAGAIN;
const OK = Buffer.from('+OK\n');


async function echo(s) {
  const buf = Buffer.allocUnsafe(64 * 1024);
  for (;;) {
    // Waits only when the kernel is known drained (or this socket used its turn).
    let ready = s.ioReady(READABLE);
    if (typeof ready !== 'number') ready = await ready;
    if (ready !== READABLE) break;
    const n = s.recv(buf);
    if (n > 0) {
      const w = s.send(buf, 0, 0, n);
      if (w !== n && (await writeAll(s, buf.subarray(Math.max(w, 0), n))).status !== 'ok') break;
    } else if (n !== EAGAIN) break;
  }
  s.close();
}

async function line(s) {
  const buf = Buffer.allocUnsafe(64 * 1024);
  let out = Buffer.allocUnsafe(64 * 1024);
  let have = 0;
  for (;;) {
    // Waits only when the kernel is known drained (or this socket used its turn).
    let ready = s.ioReady(READABLE);
    if (typeof ready !== 'number') ready = await ready;
    if (ready !== READABLE) break;
    const n = s.recv(buf, 0, have, buf.length - have);
    if (n <= 0) {
      if (n === EAGAIN) continue;
      break;
    }
    const end = have + n;
    let start = 0;
    let o = 0;
    // Every reply of this read leaves in one send (the core's cork: no per-line syscall).
    for (let nl = buf.indexOf(10, have); nl >= 0 && nl < end; nl = buf.indexOf(10, start)) {
      const request = buf.subarray(start, nl); // a real server would parse this line
      if (request.length >= 0) {
        if (o + 4 > out.length) out = Buffer.concat([out, Buffer.allocUnsafe(out.length)]);
        OK.copy(out, o);
        o += 4;
      }
      start = nl + 1;
      if (start >= end) break;
    }
    have = end - start;
    if (have > 0) buf.copyWithin(0, start, end);
    if (o > 0) {
      const w = s.send(out, 0, 0, o);
      if (w !== o && (await writeAll(s, out.subarray(Math.max(w, 0), o))).status !== 'ok') break;
    }
  }
  s.close();
}

async function sink(s) {
  const buf = Buffer.allocUnsafe(256 * 1024);
  for (;;) {
    // Waits only when the kernel is known drained (or this socket used its turn).
    let ready = s.ioReady(READABLE);
    if (typeof ready !== 'number') ready = await ready;
    if (ready !== READABLE) break;
    const n = s.recv(buf);
    if (n === 0) {
      await writeAll(s, Buffer.from('done\n'));
      break;
    }
    if (n < 0 && n !== EAGAIN) break;
  }
  s.close();
}

async function source(s) {
  const chunk = Buffer.alloc(256 * 1024, 's');
  let sent = 0;
  while (sent < SOURCE_BYTES) {
    const n = Math.min(chunk.length, SOURCE_BYTES - sent);
    const w = s.send(chunk, 0, 0, n);
    if (w > 0) sent += w;
    else if (w === EAGAIN || w === 0) {
      if ((await s.wait(WRITABLE)) !== WRITABLE) break;
    } else break;
  }
  s.close();
}

async function idle(s) {
  const buf = Buffer.allocUnsafe(64);
  for (;;) {
    // Waits only when the kernel is known drained (or this socket used its turn).
    let ready = s.ioReady(READABLE);
    if (typeof ready !== 'number') ready = await ready;
    if (ready !== READABLE) break;
    const n = s.recv(buf);
    if (n === 0 || (n < 0 && n !== EAGAIN)) break;
  }
  s.close();
}

const handlers = { echo, line, sink, source, idle };
await acceptForever(port, (s) => {
  if (mode === 'churn') return void s.close();
  s.setsockopt('TCP_NODELAY', true);
  handlers[mode](s);
});
