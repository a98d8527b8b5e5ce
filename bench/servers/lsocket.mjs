// A select-driven echo server in lsocket's idiom: one loop, one select over the
// listener and every connection, recv what is ready and send it back. What the kernel
// does not take at once waits in a per-socket queue and goes out when select reports
// the socket writable.
//   node bench/servers/lsocket.mjs <port>   (0: any free port)
// prints `listening <port>` when ready and serves until SIGTERM.
import lsocket from '../../packages/lsocket/dist/index.js';

const [server, err] = lsocket.bind('127.0.0.1', Number(process.argv[2] ?? 0), 128);
if (!server) {
  console.error(`bind: ${err}`);
  process.exit(1);
}
process.on('SIGTERM', () => process.exit(0));
console.log(`listening ${server.info('socket')[0].port}`);

const readers = [server];
const unsent = new Map(); // socket -> the bytes the kernel has not taken yet

function drop(sock) {
  const i = readers.indexOf(sock);
  if (i >= 0) readers.splice(i, 1);
  unsent.delete(sock);
  sock.close();
}

// Sends data, queueing what the kernel does not take; false when the peer is gone.
function push(sock, data) {
  const [n] = sock.send(data);
  if (n === null) return false;
  if (n === false || n < data.length) unsent.set(sock, n === false ? data : data.subarray(n));
  else unsent.delete(sock);
  return true;
}

for (;;) {
  const writers = [...unsent.keys()];
  const [ready, writable] = writers.length > 0 ? await lsocket.select(readers, writers) : await lsocket.select(readers);
  if (!ready) continue;
  for (const sock of writable ?? []) {
    if (unsent.has(sock) && !push(sock, unsent.get(sock))) drop(sock);
  }
  for (const sock of ready) {
    if (sock === server) {
      const [conn] = server.accept();
      if (conn) readers.push(conn);
      continue;
    }
    const [data] = sock.recv(65536);
    if (data === false) continue;
    if (data === null) drop(sock); // end of stream, or an error
    else if (unsent.has(sock)) unsent.set(sock, Buffer.concat([unsent.get(sock), data]));
    else if (!push(sock, data)) drop(sock);
  }
}
