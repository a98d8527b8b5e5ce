// `pnpm bench:cpu`: CPU time per echo round trip, with the server and its clients in
// one process. Each server of bench/servers runs as it does under `pnpm bench`, and 16
// (BENCH_CONNS) clients driven by the core ping-pong 64-byte lines with it. No other
// process takes part, so no wake-up of a sleeping peer is in the figure: it is the
// steadiest signal of what a face's own code costs per message, where cross-process
// throughput on a small shared machine swings with every wake-up's price. The ratios
// compare each face with the core-driven server measured in the same rounds.
//
//   BENCH_REPEAT=5 BENCH_CONNS=16 BENCH_ROUNDTRIPS=100000 node bench/inprocess.mjs
//   node bench/inprocess.mjs --one <server>     (one measurement, printed as JSON)
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const SERVERS = ['core', 'core-awaited', 'core-fiber-order', 'lsocket', 'socket2', 'tarantool-socket'];
const REPEAT = Number(process.env.BENCH_REPEAT ?? 5);
const CONNS = Number(process.env.BENCH_CONNS ?? 16);
const ROUNDTRIPS = Number(process.env.BENCH_ROUNDTRIPS ?? 100_000);
const WARMUP = Math.ceil(ROUNDTRIPS / 4);
// A measurement that takes longer than this has gone wrong: it is abandoned.
const LIMIT_MS = 120_000;

if (process.argv[2] === '--one') await measure(process.argv[3]);
else compare();

// Starts `server` (a bench/servers module) in this process and resolves with its port,
// taken from the `listening <port>` line it prints when ready. Its serving loop never
// ends, so the import itself is not awaited.
function startServer(server) {
  return new Promise((resolve, reject) => {
    const log = console.log;
    console.log = (...args) => {
      const m = /^listening (\d+)$/.exec(String(args[0]));
      if (m === null) return log(...args);
      console.log = log;
      resolve(Number(m[1]));
    };
    process.argv.splice(2, process.argv.length, '0', 'echo');
    import(join(here, 'servers', `${server}.mjs`)).catch(reject);
  });
}

async function measure(server) {
  if (!SERVERS.includes(server)) throw new Error(`unknown server ${server}: one of ${SERVERS.join(', ')}`);
  const core = await import('../packages/core/dist/index.js');
  const { AF_INET, SOCK_STREAM, READABLE, WRITABLE, Socket, errno } = core;
  const port = await startServer(server);
  setTimeout(() => {
    console.error(`${server}: no result within ${LIMIT_MS} ms`);
    process.exit(1);
  }, LIMIT_MS).unref();

  const line = Buffer.alloc(64, 'x');
  line[63] = 10;
  let count = 0;
  let target = WARMUP;
  let reached = () => {};
  // One client: send a line, read the echo back (64 bytes), again, until stopped.
  async function client() {
    const c = Socket.open(AF_INET, SOCK_STREAM);
    c.setsockopt('TCP_NODELAY', true);
    c.connect({ family: 'inet', host: '127.0.0.1', port });
    if ((await c.wait(WRITABLE)) !== WRITABLE) throw new Error('connect failed');
    const buf = Buffer.allocUnsafe(4096);
    for (;;) {
      if (c.send(line) !== line.length) throw new Error('short send');
      for (let got = 0; got < line.length; ) {
        if ((await c.wait(READABLE)) !== READABLE) return;
        const n = c.recv(buf);
        if (n > 0) got += n;
        else if (n !== -errno.EAGAIN) throw new Error(`recv: ${n}`);
      }
      if (++count === target) reached();
    }
  }
  const round = () => new Promise((resolve) => (reached = resolve));
  const warm = round();
  for (let i = 0; i < CONNS; i++) client().catch((error) => {
    console.error(error);
    process.exit(1);
  });
  await warm;
  count = 0;
  target = ROUNDTRIPS;
  const timed = round();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await timed;
  const cpu = process.cpuUsage(cpu0);
  const seconds = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({ server, user: cpu.user / ROUNDTRIPS, system: cpu.system / ROUNDTRIPS, rate: ROUNDTRIPS / seconds }));
  process.exit(0);
}

function compare() {
  const pin = availableParallelism() >= 2 && spawnSync('taskset', ['-c', '0', 'true']).status === 0 ? ['taskset', '-c', '1'] : [];
  const samples = Object.fromEntries(SERVERS.map((s) => [s, []]));
  console.log(`CPU per echo round trip, server and ${CONNS} clients in one process, ${ROUNDTRIPS} round trips, median of ${REPEAT} interleaved runs`);
  // Interleaved: every server sees the same machine state in each round.
  for (let r = 0; r < REPEAT; r++) {
    for (const server of SERVERS) {
      const [cmd, ...args] = [...pin, process.execPath, fileURLToPath(import.meta.url), '--one', server];
      const run = spawnSync(cmd, args, { encoding: 'utf8', timeout: LIMIT_MS + 10_000 });
      if (run.status !== 0) throw new Error(`${server}: ${run.stderr || run.error}`);
      samples[server].push(JSON.parse(run.stdout.trim().split('\n').pop()));
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const row = (s) => ({ user: median(samples[s].map((x) => x.user)), total: median(samples[s].map((x) => x.user + x.system)) });
  const core = row('core');
  for (const server of SERVERS) {
    const { user, total } = row(server);
    const vs = server === 'core' ? '' : `  user +${(user - core.user).toFixed(2)} µs, core / this CPU = ${(core.total / total).toFixed(2)}`;
    console.log(`  ${server.padEnd(18)} user ${user.toFixed(2)} µs  user+sys ${total.toFixed(2)} µs${vs}`);
  }
}
