// "Use of a TCP socket over the Internet", with a local HTTP server in place of
// tarantool.org: connect, send a HEAD request, read 17 bytes, close.
import { createServer } from 'node:http';
import socket from '../../packages/tarantool-socket/dist/index.js';

setTimeout(() => {
  console.error('timed out');
  process.exit(1);
}, 10_000).unref();

const http = createServer((req, res) => {
  res.writeHead(302, 'Moved Temporarily', { Location: 'https://www.tarantool.io/' });
  res.end();
});
await new Promise((resolve) => http.listen(0, '127.0.0.1', resolve));
const port = http.address().port;

const sock = await socket.tcp_connect('127.0.0.1', port);
console.log(`type(sock): ${typeof sock}`);
console.log(`sock:error(): ${sock.error()}`);
console.log(`sock:send(...): ${sock.send(`HEAD / HTTP/1.0\r\nHost: tarantool.org\r\n\r\n`)}`);
console.log(`sock:read(17): ${await sock.read(17)}`);
console.log(`sock:close(): ${sock.close()}`);
http.close();
