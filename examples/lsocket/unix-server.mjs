// lsocket's testsrv_unix.lua: the echo server of tcp-server.mjs on a unix socket.
//   node examples/lsocket/unix-server.mjs [path]     (default ./testsocket)
// Serves until interrupted (SIGINT, SIGTERM), or until nothing has happened for a
// minute, then removes its socket file (lsocket itself never removes one).
import { rmSync } from 'node:fs';
import lsocket from '../../packages/lsocket/dist/index.js';
import { check, exitOnSignal, printInfo } from './common.mjs';
import { serve } from './echo.mjs';

const addr = process.argv[2] ?? './testsocket';
// A unix address has no port: nil holds its place before the backlog.
const server = check(lsocket.bind(addr, null, 10));
const cleanup = () => rmSync(addr, { force: true });
exitOnSignal(cleanup);
printInfo(server);
await serve(server, (s) => `socket ${s}`);
server.close();
cleanup();
