// lsocket's testclt_udp.lua: a very simple UDP client that "connects" to the server
// (sets its peer), sends each line typed (or piped in) and prints the reply.
//   node examples/lsocket/udp-client.mjs [6] [port]
// Ends after the line `quit` or at the end of input; a reply that does not come within
// five seconds is reported and the client goes on (UDP may lose datagrams).
import lsocket from '../../packages/lsocket/dist/index.js';
import { chat } from './chat.mjs';
import { check, commandLine, connected, printInfo } from './common.mjs';

const [ipv6, port] = commandLine();
const client = check(lsocket.connect('udp', ipv6 ? '::1' : '127.0.0.1', port));
await connected(client);
printInfo(client, true);
await chat(client, 5);
client.close();
