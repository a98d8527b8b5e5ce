// The kernel serving real sockets: an echo server on loopback, driven through the
// core API on this process's poller backend (SOCKPORT_POLLER), with a few clients.
import {
  AF_INET,
  errno,
  monotonic,
  poller,
  READABLE,
  ReadBuffer,
  SOCK_STREAM,
  Socket,
  WRITABLE,
  writeAll,
} from '../../packages/core/dist/index.js';

const CLIENTS = 4;
const MESSAGES = 250;
const deadline = monotonic() + 10;
const newline = [Buffer.from('\n')];

const listener = Socket.open(AF_INET, SOCK_STREAM);
listener.setsockopt('SO_REUSEADDR', true);
listener.bind({ family: 'inet', host: '127.0.0.1', port: 0 });
listener.listen();
const address = listener.getsockname();

async function serve(conn) {
  const rb = new ReadBuffer();
  for (;;) {
    const got = await rb.read(conn, { limit: 1 << 20, delimiters: newline }, deadline);
    if (got.status !== 'ok') break;
    const sent = await writeAll(conn, got.data, deadline);
    if (sent.status !== 'ok') break;
  }
  conn.close();
}

async function acceptLoop() {
  for (;;) {
    const conn = listener.accept();
    if (typeof conn !== 'number') {
      serve(conn);
      continue;
    }
    if (conn !== -errno.EAGAIN) throw new Error(`accept: errno ${-conn}`);
    const bits = await listener.wait(READABLE, deadline);
    if (bits !== READABLE) return;
  }
}

async function client(id) {
  const s = Socket.open(AF_INET, SOCK_STREAM);
  const rc = s.connect(address);
  if (rc === -errno.EINPROGRESS) await s.wait(WRITABLE, deadline);
  const rb = new ReadBuffer();
  for (let i = 0; i < MESSAGES; i++) {
    const line = `client ${id} message ${i}\n`;
    await writeAll(s, Buffer.from(line), deadline);
    const echo = await rb.read(s, { limit: 1 << 20, delimiters: newline }, deadline);
    if (echo.status !== 'ok' || echo.data.toString() !== line) throw new Error(`client ${id}: bad echo ${JSON.stringify(echo)}`);
  }
  s.close();
}

const start = monotonic();
const server = acceptLoop();
await Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)));
const ms = ((monotonic() - start) * 1000).toFixed(1);
listener.close();
await server;
console.log(`core on ${poller()}: ${CLIENTS} clients had ${CLIENTS * MESSAGES} lines echoed over ${address.host}:${address.port} in ${ms} ms`);
