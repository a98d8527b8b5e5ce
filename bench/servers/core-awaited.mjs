// The core behind the smallest API of socket2's and tarantool-socket's shape: every recv
// and every send returns a Promise settled with a fresh array, and a recv that has to wait
// is settled from the reactor's callback (Socket.ioReadyThen). No scheduler, no wake
// order, no argument checks: the floor for a face whose every call is awaited. What lies
// between a face and this server is the face's own machinery; what lies between this
// server and `core` is the price of a Promise per call.
//   node bench/servers/core-awaited.mjs <port>   (0: any free port)
// prints `listening <port>` when ready and echoes everything it gets until SIGTERM.
import { errno, READABLE, WRITABLE } from '../../packages/core/dist/index.js';
import { acceptForever } from './core-listener.mjs';

const EAGAIN = -errno.EAGAIN;

// One connection's recv and send. Its reactor callback and its promise executor are made
// once per connection, not once per wait.
class Connection {
  #s;
  #buf = null;
  #len = 0;
  #resolve = null;
  #keep = (resolve) => {
    this.#resolve = resolve;
  };
  #onReady = (bits) => {
    const r = bits === READABLE ? this.#attempt() : [null, 'closed'];
    if (r === null) return; // waits again
    const resolve = this.#resolve;
    this.#resolve = null;
    resolve(r);
  };

  constructor(s) {
    this.#s = s;
  }

  // The recv's result, or null once it waits for the reactor's callback. A recv that
  // finds nothing clears the core's readiness hint, so the next ioReadyThen waits; at
  // worst, the socket's share of the event loop's turn ends the loop.
  #attempt() {
    for (;;) {
      const n = this.#s.recv(this.#buf, 0, 0, this.#len);
      if (n > 0) return [n];
      if (n !== EAGAIN) return [null, n === 0 ? 'closed' : n];
      if (this.#s.ioReadyThen(READABLE, Infinity, this.#onReady) < 0) return null;
    }
  }

  recv(buf, len) {
    this.#buf = buf;
    this.#len = len;
    if (this.#s.ioReadyThen(READABLE, Infinity, this.#onReady) >= 0) {
      const r = this.#attempt();
      if (r !== null) return Promise.resolve(r);
    }
    return new Promise(this.#keep);
  }

  send(buf, len) {
    const n = this.#s.send(buf, 0, 0, len);
    if (n === EAGAIN) return this.#s.wait(WRITABLE).then((bits) => (bits === WRITABLE ? this.send(buf, len) : [null, 'closed']));
    return Promise.resolve(n >= 0 ? [n] : [null, n]);
  }
}

// The loop of bench/servers/socket2.mjs.
async function serve(s) {
  const conn = new Connection(s);
  const buf = Buffer.allocUnsafe(64 * 1024);
  for (;;) {
    const [n] = await conn.recv(buf, buf.length);
    if (n === null) break;
    for (let sent = 0; sent < n; ) {
      const [m] = await conn.send(sent === 0 ? buf : buf.subarray(sent), n - sent);
      if (m === null) return void s.close();
      sent += m;
    }
  }
  s.close();
}

await acceptForever(Number(process.argv[2] ?? 0), (s) => {
  s.setsockopt('TCP_NODELAY', true);
  serve(s);
});
