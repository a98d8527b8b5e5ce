// "Use tcp_server to accept file contents sent with socat": the server prints each line
// it reads; `socat TCP:localhost:<port> ./tmp.txt` ships a file (a Node client does it
// where socat is not installed).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import socket from '../../packages/tarantool-socket/dist/index.js';

setTimeout(() => {
  console.error('timed out');
  process.exit(1);
}, 10_000).unref();

let finished;
const done = new Promise((resolve) => (finished = resolve));
const [server] = await socket.tcp_server('0.0.0.0', 0, {
  handler: async (s) => {
    for (;;) {
      const request = await s.read('\n');
      if (request === null || request.length === 0) break;
      console.log(String(request).trimEnd());
    }
    finished();
  },
  prepare: () => {
    console.log('Initialized');
  },
});
const port = server.name().port;

const dir = mkdtempSync(join(tmpdir(), 'socat-'));
const file = join(dir, 'tmp.txt');
writeFileSync(file, 'A\nB\nC\n');
if (spawnSync('socat', ['-V']).status === 0) {
  spawn('socat', ['-u', `FILE:${file}`, `TCP:localhost:${port}`], { stdio: 'inherit' });
} else {
  const client = await socket.tcp_connect('localhost', port);
  await client.write('A\nB\nC\n');
  client.close();
}
await done;
server.close();
rmSync(dir, { recursive: true, force: true });
