// "Use tcp_server with handler and prepare": prepare shows the listening socket, sets
// SO_REUSEADDR and returns a backlog of 5; the handler shows where the client came from.
import socket from '../../packages/tarantool-socket/dist/index.js';

setTimeout(() => {
  console.error('timed out');
  process.exit(1);
}, 10_000).unref();

let finished;
const done = new Promise((resolve) => (finished = resolve));
const [sock] = await socket.tcp_server('0.0.0.0', 0, {
  prepare: (sock) => {
    console.log(`listening on socket ${sock.fd()}`);
    sock.setsockopt('SOL_SOCKET', 'SO_REUSEADDR', true);
    return 5;
  },
  handler: (sock, from) => {
    console.log('accepted connection from: ');
    console.log(`  host: ${from.host}`);
    console.log(`  family: ${from.family}`);
    console.log(`  port: ${from.port}`);
    finished();
  },
});

// The second shell of the document: require('socket').tcp_connect('127.0.0.1', 3302)
const client = await socket.tcp_connect('127.0.0.1', sock.name().port);
await done;
client.close();
sock.close();
