// `pnpm demo`: a short socket2 exchange. A server thread per connection, a client
// thread with deadlines, and the scheduler run by start().
import socket from '../../packages/socket2/dist/index.js';

const [server] = socket.tcp();
await server.listen('127.0.0.1', 0);
const [addr] = server.getsockname();

await socket.newthread(async () => {
  const [conn, remote] = await server.accept(socket.clock() + 1);
  console.log(`socket2: accepted ${remote.tostring()}`);
  const buf = Buffer.alloc(64);
  const [n] = await conn.recv(buf, buf.length, socket.clock() + 1);
  await conn.send(`echo: ${buf.toString('utf8', 0, n)}`);
  conn.close();
  server.close();
});

await socket.newthread(async () => {
  const [c] = socket.tcp();
  await c.connect('127.0.0.1', addr.port(), socket.clock() + 1);
  await c.send('hello from a socket2 thread');
  const buf = Buffer.alloc(64);
  const [n] = await c.recv(buf, buf.length, socket.clock() + 1);
  console.log(`socket2: client got "${buf.toString('utf8', 0, n)}"`);
  const [, why] = await c.recv(buf, buf.length, socket.clock() + 1);
  console.log(`socket2: then the server closed: ${why}`);
  c.close();
});

const [ok] = await socket.start(1);
console.log(`socket2: start() returned ${ok} on ${process.env.SOCKPORT_POLLER ?? 'the default'} poller`);
if (ok !== true) process.exit(1);
