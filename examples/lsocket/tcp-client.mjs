// lsocket's testclt_tcp.lua: a very simple TCP client that connects to the server,
// sends each line typed (or piped in) and prints the reply. Shows how to set up a TCP
// client socket and wait for the connect to finish (the loop is in chat.mjs).
//   node examples/lsocket/tcp-client.mjs [6] [port]
// Ends after the line `quit`, at the end of input, or when the server goes away.
import lsocket from '../../packages/lsocket/dist/index.js';
import { chat } from './chat.mjs';
import { check, commandLine, connected, printInfo } from './common.mjs';

const [ipv6, port] = commandLine();
const client = check(lsocket.connect(ipv6 ? '::1' : '127.0.0.1', port));
await connected(client);
printInfo(client, true);
await chat(client);
client.close();
