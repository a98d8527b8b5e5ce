// The three forms of tcp_server in the document:
//   socket.tcp_server('localhost', 3302, function (s) loop_loop() end)
//   socket.tcp_server('localhost', 3302, {handler=hfunc, name='name'})
//   socket.tcp_server('localhost', 3302, {handler=hfunc, prepare=pfunc})
import socket from '../../packages/tarantool-socket/dist/index.js';

setTimeout(() => {
  console.error('timed out');
  process.exit(1);
}, 10_000).unref();

async function hfunc(s, from) {
  const line = await s.read('\n', 5);
  await s.write(`${from.host} said ${line}`);
}
function pfunc(s) {
  s.setsockopt('SOL_SOCKET', 'SO_REUSEADDR', true);
  return 16; // the listen backlog
}

const servers = [
  await socket.tcp_server('localhost', 0, (s, from) => hfunc(s, from)),
  await socket.tcp_server('localhost', 0, { handler: hfunc, name: 'name' }),
  await socket.tcp_server('localhost', 0, { handler: hfunc, prepare: pfunc }),
];
for (const [server, addr] of servers) {
  const client = await socket.tcp_connect('localhost', server.name().port);
  await client.write('hi\n');
  console.log(`${addr.host}:${server.name().port} -> ${String(await client.read('\n', 5)).trim()}`);
  client.close();
  server.close();
}
