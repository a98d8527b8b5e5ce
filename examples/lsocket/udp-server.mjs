// lsocket's testsrv_udp.lua: a very simple UDP server that echoes what it gets from its
// clients. Shows how to set up a UDP server socket and answer each sender.
//   node examples/lsocket/udp-server.mjs [6] [port]     (port 0: any free port)
// Serves until interrupted (SIGINT, SIGTERM), or until nothing has happened for a minute.
import lsocket from '../../packages/lsocket/dist/index.js';
import { check, commandLine, exitOnSignal, printInfo } from './common.mjs';

const [ipv6, port] = commandLine();
const IDLE = 60;
const server = check(lsocket.bind('udp', ipv6 ? '::1' : '127.0.0.1', port));
exitOnSignal();
printInfo(server);

for (;;) {
  const [ready] = await lsocket.select([server], IDLE);
  if (ready === false) {
    console.log(`nothing happened for ${IDLE} s, exiting`);
    break;
  }
  const [str, addr, port] = server.recvfrom();
  if (str) {
    const text = str.toString().replace(/\n$/, '');
    console.log(`from ${addr}:${port} got '${text}', answering...`);
    server.sendto(`You sent: ${text}\n`, addr, port);
  } else if (str === null) {
    console.log(`error: ${addr ?? 'empty datagram'}`);
  }
}
server.close();
