// The LuaSocket wrapper example: socket.connect, a too-short settimeout, send a HEAD
// request, receive(17) gives nil, 'Connection timed out'. The local server answers
// only after 200 ms, so the timeout is certain.
import { createServer } from 'node:net';
import socket from '../../packages/tarantool-socket/dist/index.js';

setTimeout(() => {
  console.error('timed out');
  process.exit(1);
}, 10_000).unref();

const slow = createServer((c) => {
  c.on('error', () => {});
  c.once('data', () => setTimeout(() => c.end('HTTP/1.1 302 Moved Temporarily\r\n\r\n'), 200));
});
await new Promise((resolve) => slow.listen(0, '127.0.0.1', resolve));
const port = slow.address().port;

const [sock] = await socket.connect('127.0.0.1', port);
console.log(`sock:settimeout(0.001): ${sock.settimeout(0.001)}`);
console.log(`sock:send(...): ${(await sock.send(`HEAD / HTTP/1.0\r\nHost: tarantool.org\r\n\r\n`))[0]}`);
console.log(`sock:receive(17): ${JSON.stringify(await sock.receive(17))}`);
console.log(`sock:close(): ${sock.close()[0]}`);
slow.close();
