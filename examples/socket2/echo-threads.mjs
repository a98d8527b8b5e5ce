// An echo server with one thread per connection, and clients with deadlines: each
// client thread connects, sends a line, and waits for the echo until its `expires`.
// One client says nothing and is cut off by the server's own deadline.
//   node examples/socket2/echo-threads.mjs
import socket from '../../packages/socket2/dist/index.js';

setTimeout(() => {
  console.error('echo-threads: took too long');
  process.exit(1);
}, 10_000).unref();

const [server] = socket.tcp();
await server.listen('127.0.0.1', 0);
const [addr] = server.getsockname();
const port = addr.port();
console.log(`echo server on ${addr.tostring()}`);

// The server: a thread that accepts, and a thread per connection that echoes until the
// client leaves, or stays silent for 0.5 s (its recv then expires and closes the socket).
await socket.newthread(async () => {
  for (let served = 0; served < 4; served++) {
    const [conn, remote] = await server.accept(socket.clock() + 5);
    if (conn === null) break;
    await socket.newthread(async () => {
      const buf = Buffer.alloc(1024);
      for (;;) {
        const [n, err] = await conn.recv(buf, buf.length, socket.clock() + 0.5);
        if (n === null) {
          console.log(`server: ${remote.tostring()} ${err === 'timeout' ? 'was silent: cut off' : 'left'}`);
          break;
        }
        await conn.send(buf, n, socket.clock() + 1);
      }
      conn.close();
    });
  }
  server.close();
});

let failures = 0;
async function client(name, message) {
  const [c] = socket.tcp();
  const expires = socket.clock() + 2;
  const [ok, err] = await c.connect('127.0.0.1', port, expires);
  if (!ok) throw new Error(`${name}: connect: ${err}`);
  if (message === null) {
    // The silent client: the server's deadline closes the connection.
    const [, why] = await c.recv(Buffer.alloc(1), 1, expires);
    console.log(`${name}: the server closed the connection (${why})`);
    c.close();
    return;
  }
  await c.send(`${message}\n`, null, expires);
  const buf = Buffer.alloc(256);
  let got = '';
  while (!got.endsWith('\n')) {
    const [n, e] = await c.recv(buf, buf.length, expires);
    if (n === null) {
      failures++;
      console.log(`${name}: ${e}`);
      break;
    }
    got += buf.toString('utf8', 0, n);
  }
  if (got === `${message}\n`) console.log(`${name}: echoed "${message}"`);
  else failures++;
  c.close();
}

for (const [name, message] of [['alice', 'hello'], ['bob', 'ping'], ['carol', 'socket2'], ['dave', null]]) {
  await socket.newthread(client, name, message);
}

const [done] = await socket.start(5);
if (done !== true || failures > 0) process.exit(1);
console.log('all clients done');
