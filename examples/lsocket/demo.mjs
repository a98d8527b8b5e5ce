// lsocket in a few lines, on this process's poller backend (SOCKPORT_POLLER): one
// select loop serves a TCP echo server and drives its client, then a UDP datagram
// goes out with sendto and comes back with recvfrom.
import { poller } from '../../packages/core/dist/index.js';
import lsocket from '../../packages/lsocket/dist/index.js';

const fail = (what, err) => {
  console.error(`lsocket demo: ${what}: ${err}`);
  process.exit(1);
};

const [server, err] = lsocket.bind('127.0.0.1', 0);
if (!server) fail('bind', err);
const { port } = server.info('socket')[0];
const [client, cerr] = lsocket.connect('127.0.0.1', port);
if (!client) fail('connect', cerr);

const words = ['hello', 'from', 'lsocket'];
const replies = [];
const sockets = [server, client];
let sent = 0;
const start = performance.now();
while (replies.length < words.length) {
  const writers = sent === replies.length && sent < words.length ? [client] : [];
  const [readable, writable] = await lsocket.select(sockets, writers, 2);
  if (readable === false) fail('select', 'timed out');
  if (readable === null) fail('select', writable);
  if (writable.includes(client)) client.send(words[sent++]);
  for (const s of readable) {
    if (s === server) sockets.push(server.accept()[0]);
    else if (s === client) replies.push(client.recv()[0].toString());
    else {
      const [data] = s.recv();
      if (data) s.send(data.toString().toUpperCase());
    }
  }
}
const ms = (performance.now() - start).toFixed(1);
console.log(`lsocket ${lsocket._VERSION} on ${poller()}: a select loop echoed ${words.join(' ')} -> ${replies.join(' ')} over 127.0.0.1:${port} in ${ms} ms`);

const [a] = lsocket.bind('udp', '::1', 0);
const [b] = lsocket.bind('udp', '::1', 0);
a.sendto('ping', '::1', b.info('socket')[0].port);
await lsocket.select([b], 2);
const [data, from, fromPort] = b.recvfrom();
console.log(`lsocket on ${poller()}: recvfrom got '${data}' from [${from}]:${fromPort}; recv on an empty socket gives ${JSON.stringify(a.recv())}`);
for (const s of [...sockets, a, b]) s.close();
