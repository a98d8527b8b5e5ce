// Echo server for `pnpm bench`, in Tarantool's idiom: a tcp_server whose handler loops
// read('\n') / write. Usage: node bench/servers/tarantool-socket.mjs <port> (0: any free
// port). Prints `listening <port>` when ready; echoes every line until SIGTERM.
import socket, { errno } from '../../packages/tarantool-socket/dist/index.js';

const port = Number(process.argv[2] ?? 0);

const [server] = await socket.tcp_server('127.0.0.1', port, async (s) => {
  // As Tarantool's own listener does, and as the other servers of the bench do.
  s.setsockopt('tcp', 'TCP_NODELAY', true);
  for (;;) {
    const line = await s.read('\n');
    if (line === null || line.length === 0) return; // error, or the client went away
    if ((await s.write(line)) === null) return;
  }
});

if (server === null) {
  console.error(`tcp_server: ${errno.strerror()}`);
  process.exit(1);
}

process.on('SIGTERM', () => {
  server.close();
  process.exit(0);
});

console.log(`listening ${server.name().port}`);
