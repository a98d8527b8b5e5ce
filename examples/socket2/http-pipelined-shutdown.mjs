// The document's pipelined-HTTP shutdown pattern. A client sends three requests in one
// go; the server answers the first and then wants to close. Closing at once, with the
// other requests unread, makes the kernel send a RST, which can destroy the response
// on its way to the client. The document's way: shutdown('w') (a FIN after the
// response), then receive and discard until the client's own FIN (a 'closed' recv),
// and only then close.
//   node examples/socket2/http-pipelined-shutdown.mjs
import socket from '../../packages/socket2/dist/index.js';

setTimeout(() => {
  console.error('http-pipelined-shutdown: took too long');
  process.exit(1);
}, 10_000).unref();

const requests = ['/one', '/two', '/three'].map((p) => `GET ${p} HTTP/1.1\r\nHost: localhost\r\n\r\n`).join('');
const body = 'x'.repeat(200_000); // big enough to still be in flight when the server closes
const response = `HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`;

async function sendAll(s, data, expires) {
  const bytes = Buffer.from(data);
  for (let sent = 0; sent < bytes.length; ) {
    const [n, err] = await s.send(bytes.subarray(sent), null, expires);
    if (n === null) return err;
    sent += n;
  }
  return null;
}

async function serve(conn, graceful) {
  const expires = socket.clock() + 5;
  const buf = Buffer.alloc(64 * 1024);
  // Read the first request, a little at a time, leaving the pipelined ones unread.
  let head = '';
  while (!head.includes('\r\n\r\n')) {
    const [n] = await conn.recv(buf, 16, expires);
    if (n === null) return conn.close();
    head += buf.toString('latin1', 0, n);
  }
  await sendAll(conn, response, expires);
  if (graceful) {
    conn.shutdown('w'); // FIN once the response is out; we can still receive
    let discarded = 0;
    for (;;) {
      const [n] = await conn.recv(buf, buf.length, expires);
      if (n === null) break; // 'closed': the client's FIN, the reply to ours
      discarded += n;
    }
    console.log(`  server: response sent, FIN sent, discarded ${discarded} more bytes until the client's FIN`);
  }
  conn.close();
}

async function client(port) {
  const expires = socket.clock() + 5;
  const [c] = socket.tcp();
  await c.connect('127.0.0.1', port, expires);
  await c.send(requests, null, expires);
  // A slow client: it reads after the server has decided to close.
  await socket.sleep(0.2);
  const buf = Buffer.alloc(64 * 1024);
  let received = 0;
  for (;;) {
    const [n, err] = await c.recv(buf, buf.length, expires);
    if (n === null) {
      c.close(); // our FIN: the server's draining recv sees 'closed'
      return { received, end: err };
    }
    received += n;
  }
}

async function round(graceful) {
  const [server] = socket.tcp();
  await server.listen('127.0.0.1', 0);
  const port = server.getsockname()[0].port();
  let result;
  await socket.newthread(async () => {
    const [conn] = await server.accept(socket.clock() + 5);
    server.close();
    await serve(conn, graceful);
  });
  await socket.newthread(async () => {
    result = await client(port);
  });
  await socket.start(5);
  return result;
}

console.log('closing at once, with pipelined requests unread:');
const naive = await round(false);
console.log(`  client: got ${naive.received} of ${response.length} bytes, then '${naive.end}'`);

console.log("shutdown('w'), drain, close:");
const graceful = await round(true);
console.log(`  client: got ${graceful.received} of ${response.length} bytes, then '${graceful.end}'`);

if (graceful.received !== response.length || graceful.end !== 'closed') process.exit(1);
console.log('the graceful server delivered the whole response');
