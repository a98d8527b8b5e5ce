// lsocket's testclt_unix.lua: the client of tcp-client.mjs on a unix socket.
//   node examples/lsocket/unix-client.mjs [path]     (default ./testsocket)
// Ends after the line `quit`, at the end of input, or when the server goes away.
import lsocket from '../../packages/lsocket/dist/index.js';
import { chat } from './chat.mjs';
import { check, connected, printInfo } from './common.mjs';

const client = check(lsocket.connect(process.argv[2] ?? './testsocket'));
await connected(client);
printInfo(client, true);
await chat(client);
client.close();
