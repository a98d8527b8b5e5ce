// `pnpm demo`: a short tcp_server exchange in Tarantool's idiom, on this run's poller.
import { poller } from '../../packages/core/dist/index.js';
import socket from '../../packages/tarantool-socket/dist/index.js';

setTimeout(() => {
  console.error('demo timed out');
  process.exit(1);
}, 5_000).unref();

const [server] = await socket.tcp_server('127.0.0.1', 0, async (s, from) => {
  for (;;) {
    const line = await s.read('\n', 1);
    if (line === null || line.length === 0) return;
    await s.write(`${from.host}:${from.port} ${String(line).toUpperCase()}`);
  }
});
console.log(`tarantool-socket on ${poller()}: tcp_server ${server}`);
const client = await socket.tcp_connect('127.0.0.1', server.name().port, 1);
for (const word of ['hello', 'fiber']) {
  await client.write(`${word}\n`);
  console.log(`  ${word} -> ${String(await client.read('\n', 1)).trimEnd()}`);
}
client.close();
server.close();
