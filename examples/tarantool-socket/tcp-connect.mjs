// sock, e = socket.tcp_connect('127.0.0.1', 3301); if sock == nil then print(e) end
// In 2.6 a failure returns a single nil; the reason is in the errno module.
import socket, { errno } from '../../packages/tarantool-socket/dist/index.js';

setTimeout(() => {
  console.error('timed out');
  process.exit(1);
}, 10_000).unref();

const [server] = await socket.tcp_server('127.0.0.1', 0, async (s) => {
  await s.write('hello from the server\n');
});
const port = server.name().port;

const sock = await socket.tcp_connect('127.0.0.1', port);
if (sock === null) console.log(errno.strerror());
else console.log(`connected: ${sock}; it says ${JSON.stringify(String(await sock.read('\n', 5)))}`);
sock?.close();
server.close();

// Nobody listens there any more: tcp_connect returns null, errno tells why.
const refused = await socket.tcp_connect('127.0.0.1', port);
if (refused === null) console.log(`second connect: ${errno.strerror()} (errno ${errno()})`);
