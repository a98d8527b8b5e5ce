// The core behind the least a face with Tarantool's fiber order must do: every reply of
// a tcp_server handler that loops read('\n') / write, where each call returns a Promise,
// the read goes through a read-ahead buffer, and the fibers that one poll wakes run in
// the check phase that follows, one at a time from the end of the poll's order (the
// next once the current begins its next wait). No argument checks, no errno, no
// timeouts, none of the bookkeeping that keeps the order right across polls: the floor
// for tarantool-socket, as `core (awaited)` is for a face without that order.
//   node bench/servers/core-fiber-order.mjs <port>   (0: any free port)
// prints `listening <port>` when ready and echoes every line it gets until SIGTERM.
import { enqueueMicrotask, errno, noteSwitch, READABLE, ReadBuffer, WRITABLE } from '../../packages/core/dist/index.js';
import { acceptForever } from './core-listener.mjs';

const EAGAIN = -errno.EAGAIN;
const NEWLINE = [Buffer.from('\n')];

// The fibers the reactor woke since the last check phase, and the ones being run.
let woken = [];
let scheduled = false;
let running = [];
let next = 0;
let handedOn = false;

function wake(fiber) {
  woken.push(fiber);
  if (!scheduled) {
    scheduled = true;
    setImmediate(runWoken);
  }
}

function runWoken() {
  scheduled = false;
  const order = woken.reverse();
  // Fibers of the last poll not run yet (the loop's turn ended first) go first.
  running = next < running.length ? [...running.slice(next), ...order] : order;
  woken = [];
  next = 0;
  runNext();
}

function runNext() {
  if (next >= running.length) return;
  handedOn = false;
  // Another fiber runs: whatever it sends, the core's drained marks lapse.
  noteSwitch();
  running[next++].resume();
  // A fiber that ends instead of waiting again hands on once the microtasks run out.
  if (!fallbackArmed) {
    fallbackArmed = true;
    enqueueMicrotask(armFallback);
  }
}

let fallbackArmed = false;
const armFallback = () => void process.nextTick(fallback);
function fallback() {
  fallbackArmed = false;
  if (next < running.length) runNext();
}

// The running fiber begins a wait: the next one runs once the code that began it returns.
function yieldToNext() {
  if (handedOn || next >= running.length) return;
  handedOn = true;
  enqueueMicrotask(runNext);
}

class Fiber {
  #s;
  #rbuf = new ReadBuffer(16384);
  #settle = null;
  #keep = (resolve) => {
    this.#settle = resolve;
  };
  #onReady = () => wake(this);

  constructor(s) {
    this.#s = s;
  }

  resume() {
    const settle = this.#settle;
    this.#settle = null;
    settle(this.#pull(true));
  }

  // As Tarantool's read: one read(2) before it waits (unless the core proves it would
  // give EAGAIN), and every wait yields.
  #pull(readFirst) {
    for (;;) {
      if (!readFirst) {
        yieldToNext();
        if (this.#s.ioReadyThen(READABLE, Infinity, this.#onReady) < 0) return new Promise(this.#keep);
      }
      readFirst = false;
      const n = this.#rbuf.fill(this.#s, ReadBuffer.READAHEAD);
      if (n > 0) {
        const end = this.#rbuf.findDelimiter(NEWLINE);
        if (end >= 0) return this.#rbuf.take(end);
      } else if (n === 0) return this.#rbuf.take(this.#rbuf.length);
      else if (n !== EAGAIN) return null;
    }
  }

  read() {
    const end = this.#rbuf.length > 0 ? this.#rbuf.findDelimiter(NEWLINE) : -1;
    if (end >= 0) return Promise.resolve(this.#rbuf.take(end));
    return Promise.resolve(this.#pull(this.#s.withinTurn() && !this.#s.drained()));
  }

  write(line) {
    const n = this.#s.send(line);
    if (n === line.length) return Promise.resolve(n);
    return n >= 0 || n === EAGAIN ? this.#writeRest(line, Math.max(n, 0)) : Promise.resolve(null);
  }

  // The rest of a line the send buffer could not take at once (never in the benchmark).
  async #writeRest(line, sent) {
    while (sent < line.length) {
      if ((await this.#s.wait(WRITABLE)) !== WRITABLE) return null;
      const n = this.#s.send(line, 0, sent, line.length - sent);
      if (n >= 0) sent += n;
      else if (n !== EAGAIN) return null;
    }
    return sent;
  }
}

async function serve(s) {
  const fiber = new Fiber(s);
  for (;;) {
    const line = await fiber.read();
    if (line === null || line.length === 0) break;
    if ((await fiber.write(line)) === null) break;
  }
  s.close();
}

await acceptForever(Number(process.argv[2] ?? 0), (s) => {
  s.setsockopt('TCP_NODELAY', true);
  serve(s);
});
