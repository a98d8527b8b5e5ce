// The node:net peer of the benchmarks, written the way Node code usually is.
//   node bench/servers/net.mjs <port> [echo|line|sink|source|churn|idle]
import net from 'node:net';

const port = Number(process.argv[2] ?? 0);
const mode = process.argv[3] ?? 'echo';
const SOURCE_BYTES = 1024 ** 3;
const OK = Buffer.from('+OK\n');

function line(socket) {
  let carry = null;
  socket.on('data', (chunk) => {
    const data = carry ? Buffer.concat([carry, chunk]) : chunk;
    let start = 0;
    socket.cork();
    for (let nl = data.indexOf(10, start); nl >= 0; nl = data.indexOf(10, start)) {
      const request = data.subarray(start, nl); // a real server would parse this line
      if (request.length >= 0) socket.write(OK);
      start = nl + 1;
    }
    process.nextTick(() => socket.uncork());
    carry = start < data.length ? data.subarray(start) : null;
  });
}

function source(socket) {
  const chunk = Buffer.alloc(256 * 1024, 's');
  let sent = 0;
  const pump = () => {
    while (sent < SOURCE_BYTES) {
      const n = Math.min(chunk.length, SOURCE_BYTES - sent);
      sent += n;
      if (!socket.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return socket.once('drain', pump);
    }
    socket.end();
  };
  pump();
}

const server = net.createServer({ noDelay: true }, (socket) => {
  socket.on('error', () => {});
  switch (mode) {
    case 'echo':
      socket.on('data', (chunk) => socket.write(chunk));
      break;
    case 'line':
      line(socket);
      break;
    case 'sink':
      socket.on('data', () => {});
      socket.on('end', () => socket.end('done\n'));
      break;
    case 'source':
      source(socket);
      break;
    case 'churn':
      socket.destroy();
      break;
    case 'idle':
      socket.on('data', () => {});
      break;
    default:
      throw new Error(`unknown mode ${mode}`);
  }
});
server.listen({ port, host: '127.0.0.1', backlog: 4096 }, () => console.log(`listening ${server.address().port}`));
process.on('SIGTERM', () => process.exit(0));
