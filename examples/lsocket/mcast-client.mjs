// lsocket's testclt_mcast.lua: a very simple multicast client that listens to a group
// and prints what it receives. Shows how to set up a multicast (IPv6) or broadcast
// (IPv4) receiving socket.
//   node examples/lsocket/mcast-client.mjs [6] [port] [count]
// Prints `count` messages (default: without end, as the original), then ends; also ends
// when interrupted or when nothing has come for a minute. See mcast-server.mjs for
// the addresses.
import lsocket from '../../packages/lsocket/dist/index.js';
import { check, commandLine, exitOnSignal, printInfo } from './common.mjs';
import { GROUP6 } from './loopback-multicast.mjs';

const [ipv6, port, [count = 'Infinity']] = commandLine();
const IDLE = 60;
const client = check(lsocket.bind('mcast', ipv6 ? GROUP6 : '127.255.255.255', port));
exitOnSignal();
printInfo(client);

for (let received = 0; received < Number(count); ) {
  const [ready] = await lsocket.select([client], IDLE);
  if (ready === false) {
    console.log(`nothing came for ${IDLE} s, exiting`);
    break;
  }
  const [str, ip, port] = client.recvfrom();
  if (str) {
    console.log(`received from ${ip}:${port}: ${str}`);
    received++;
  } else if (str === null) console.log(`error: ${ip}`);
}
client.close();
