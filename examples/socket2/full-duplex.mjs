// Full-duplex I/O on one socket, as the document suggests: one thread does all the
// reads and another all the writes. The peer upper-cases what it gets and sends it
// back while the writer is still sending, so both directions are busy at once.
//   node examples/socket2/full-duplex.mjs
import socket from '../../packages/socket2/dist/index.js';

setTimeout(() => {
  console.error('full-duplex: took too long');
  process.exit(1);
}, 10_000).unref();

const CHUNKS = 1000;
const chunk = Buffer.from('full duplex over one socket, '.repeat(64)); // ~1.8 KB
const total = CHUNKS * chunk.length;
const expires = () => socket.clock() + 5;

const [server] = socket.tcp();
await server.listen('127.0.0.1', 0);
const port = server.getsockname()[0].port();

// The peer: one thread that reads a piece and writes it back upper-cased.
await socket.newthread(async () => {
  const [conn] = await server.accept(expires());
  server.close();
  const buf = Buffer.alloc(16 * 1024);
  for (;;) {
    const [n] = await conn.recv(buf, buf.length, expires());
    if (n === null) break;
    const upper = Buffer.from(buf.toString('latin1', 0, n).toUpperCase(), 'latin1');
    for (let sent = 0; sent < n; ) {
      const [m] = await conn.send(upper.subarray(sent), null, expires());
      if (m === null) return void conn.close();
      sent += m;
    }
  }
  conn.close();
});

const [c] = socket.tcp();
// Small buffers on the client, so the writer has to wait for the peer while the
// reader keeps reading.
c.setopt('so_sndbuf', 16 * 1024);
c.setopt('so_rcvbuf', 16 * 1024);

let written = 0;
let read = 0;
let mismatches = 0;
let interleaved = 0; // reads that happened while the writer still had data to send

async function writer() {
  for (let i = 0; i < CHUNKS; i++) {
    for (let sent = 0; sent < chunk.length; ) {
      const [n] = await c.send(chunk.subarray(sent), null, expires());
      if (n === null) return;
      sent += n;
      written += n;
    }
  }
  c.shutdown('w'); // done writing: the peer sees the end and finishes
}

async function reader() {
  const expected = chunk.toString('latin1').toUpperCase();
  const buf = Buffer.alloc(8 * 1024);
  while (read < total) {
    const [n] = await c.recv(buf, buf.length, expires());
    if (n === null) break;
    if (written < total) interleaved++;
    for (let i = 0; i < n; i++) if (buf[i] !== expected.charCodeAt((read + i) % expected.length)) mismatches++;
    read += n;
  }
}

// Once connected, one thread for the writes and one for the reads.
await socket.newthread(async () => {
  const [connected, err] = await c.connect('127.0.0.1', port, expires());
  if (!connected) throw new Error(`connect: ${err}`);
  await socket.newthread(writer);
  await socket.newthread(reader);
});

await socket.start(5);
c.close();
console.log(`wrote ${written} bytes, read ${read} back upper-cased, ${interleaved} reads while still writing`);
if (read !== total || written !== total || mismatches !== 0) process.exit(1);
console.log('full duplex: ok');
