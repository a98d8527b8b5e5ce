// The client side of the load scenarios, in its own process (descriptors are per
// process). `echo <port> <n>`: n connections at once, each sends 16 unique bytes and
// checks the echo; prints "ok <connections> <bytes>". `idle <port> <n>`: n silent
// connections, held until stdin closes; prints "connected <n>".
import { AF_INET, errno, monotonic, ReadBuffer, SOCK_STREAM, Socket, WRITABLE, writeAll } from '../../../core/dist/index.js';

const [mode, port, count] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const deadline = monotonic() + 120;

async function connect() {
  for (let attempt = 0; attempt < 50; attempt++) {
    const s = Socket.open(AF_INET, SOCK_STREAM);
    const rc = s.connect({ family: 'inet', host: '127.0.0.1', port });
    if (rc === 0) return s;
    if (rc === -errno.EINPROGRESS && (await s.wait(WRITABLE, deadline)) === WRITABLE) {
      const err = s.getsockopt('SO_ERROR');
      if (err.ok && err.value === 0) return s;
    }
    s.close();
    await new Promise((r) => setTimeout(r, 20 * (attempt + 1))); // a full backlog: retry
  }
  throw new Error('cannot connect');
}

if (mode === 'idle') {
  const held = [];
  for (let i = 0; i < count; i++) held.push(await connect());
  console.log(`connected ${held.length}`);
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
} else {
  let bytes = 0;
  // Every connection stays open until all have been served: the server holds them all at once.
  const sockets = await Promise.all(Array.from({ length: count }, async (_, i) => {
    const s = await connect();
    const msg = Buffer.from(`conn ${String(i).padStart(10, '0')}\n`); // 16 bytes
    if ((await writeAll(s, msg, deadline)).status !== 'ok') throw new Error(`send ${i}`);
    const r = await new ReadBuffer().read(s, { limit: 16 }, deadline);
    if (r.status !== 'ok' || !r.data.equals(msg)) throw new Error(`echo ${i}: ${JSON.stringify(r)}`);
    bytes += r.data.length;
    return s;
  }));
  for (const s of sockets) s.close();
  console.log(`ok ${count} ${bytes}`);
}
