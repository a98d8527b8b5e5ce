// Echo server for `pnpm bench`, in socket2's idiom: one thread accepts, and every
// connection gets a thread of its own that loops recv / send until the peer leaves.
//   node bench/servers/socket2.mjs <port>   (0: any free port)
// prints `listening <port>` when ready and echoes everything it gets until SIGTERM.
import socket from '../../packages/socket2/dist/index.js';

const port = Number(process.argv[2] ?? 0);

const [server, err] = socket.tcp();
if (server === null) throw new Error(`tcp: ${err}`);
server.setopt('so_reuseaddr', true);
const [listening, why] = await server.listen('127.0.0.1', port);
if (listening === null) throw new Error(`listen: ${why}`);

async function serve(conn) {
  conn.setopt('tcp_nodelay', true);
  const buf = Buffer.allocUnsafe(64 * 1024);
  for (;;) {
    const [n] = await conn.recv(buf, buf.length);
    if (n === null) break; // 'closed', or an error
    // send may take less than asked: send the rest until all of it is gone.
    for (let sent = 0; sent < n; ) {
      const [m] = await conn.send(sent === 0 ? buf : buf.subarray(sent), n - sent);
      if (m === null) return void conn.close();
      sent += m;
    }
  }
  conn.close();
}

await socket.newthread(async () => {
  for (;;) {
    const [conn] = await server.accept();
    if (conn !== null) await socket.newthread(serve, conn);
    else await socket.sleep(0.01); // EMFILE and the like: let connections close first
  }
});

process.on('SIGTERM', () => process.exit(0));
console.log(`listening ${server.getsockname()[0].port()}`);
await socket.start();
