// node:net's own clients for `pnpm bench`, written the way Node code usually is:
// <conns> connections, each writing a 64-byte line and waiting for its echo. Prints
// what bench/c/peer.c's pingpong prints.
//   node bench/clients/net.mjs <port> <conns> <seconds>
import net from 'node:net';
import { measure } from './measure.mjs';

await measure(process.argv.slice(2).map(Number), (port, line, running, counted) => new Promise((resolve, reject) => {
  const c = net.connect({ port, host: '127.0.0.1', noDelay: true });
  let got = 0;
  c.on('connect', () => c.write(line));
  c.on('data', (d) => {
    got += d.length;
    while (got >= line.length) {
      got -= line.length;
      counted();
      if (running()) c.write(line);
      else c.end();
    }
  });
  c.on('close', resolve);
  c.on('error', reject);
}));
