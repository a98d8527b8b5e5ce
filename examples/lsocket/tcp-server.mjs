// lsocket's testsrv_tcp.lua: a very simple TCP server that echoes what it gets from its
// clients. Shows how to set up a TCP server socket, accept connections, keep several
// connections at once, and see that a client has gone (the loop is in echo.mjs).
//   node examples/lsocket/tcp-server.mjs [6] [port]     (port 0: any free port)
// Serves until interrupted (SIGINT, SIGTERM), or until nothing has happened for a minute.
import lsocket from '../../packages/lsocket/dist/index.js';
import { check, commandLine, exitOnSignal, printInfo } from './common.mjs';
import { serve } from './echo.mjs';

const [ipv6, port] = commandLine();
const server = check(lsocket.bind(ipv6 ? '::1' : '127.0.0.1', port, 10));
exitOnSignal();
printInfo(server);
await serve(server, (s, ip, port) => `${ip}:${port}`);
server.close();
