// tarantool-socket's own clients for `pnpm bench`: <conns> connections made with
// tcp_connect, each writing a 64-byte line and reading its echo back with read('\n'),
// for a 0.5 s warm-up and then <seconds>. Prints what bench/c/peer.c's pingpong prints.
//   node bench/clients/tarantool-socket.mjs <port> <conns> <seconds>
import socket, { errno } from '../../packages/tarantool-socket/dist/index.js';
import { measure } from './measure.mjs';

await measure(process.argv.slice(2).map(Number), async (port, line, running, counted) => {
  const s = await socket.tcp_connect('127.0.0.1', port);
  if (s === null) throw new Error(`tcp_connect: ${errno.strerror()}`);
  s.setsockopt('tcp', 'TCP_NODELAY', true);
  while (running()) {
    if ((await s.write(line)) === null) throw new Error(`write: ${s.error()}`);
    const echo = await s.read('\n');
    if (echo === null || echo.length !== line.length) throw new Error(`read: ${echo === null ? s.error() : 'a short line'}`);
    counted();
  }
  s.close();
});
