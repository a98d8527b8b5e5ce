// lsocket's testsrv_mcast.lua: a very simple multicast server that sends a counter to a
// group. Shows how to set up a multicast (IPv6) or broadcast (IPv4) sending socket.
//   node examples/lsocket/mcast-server.mjs [6] [port] [count] [interval]
// Sends `count` messages (default: without end, as the original), one every `interval`
// seconds (default 1), to 127.255.255.255, or with `6` to the interface-local group
// ff01::1 on lo. The original's plain 'ff01::1' cannot work on Linux, where an
// interface-local address needs its interface; IPv6 also needs the route that
// loopback-multicast.mjs explains.
import lsocket from '../../packages/lsocket/dist/index.js';
import { check, commandLine, connected, exitOnSignal, printInfo } from './common.mjs';
import { GROUP6 } from './loopback-multicast.mjs';

const [ipv6, port, [count = 'Infinity', interval = '1']] = commandLine();
const server = check(lsocket.connect('mcast', ipv6 ? GROUP6 : '127.255.255.255', port));
exitOnSignal();
await connected(server);
printInfo(server, true);

for (let cnt = 1; cnt <= Number(count); cnt++) {
  await lsocket.select(Number(interval)); // wait a while
  console.log(`sending ${cnt}`);
  server.send(`Counting: ${cnt}`);
}
server.close();
