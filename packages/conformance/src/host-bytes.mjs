// Run by faces-name-bytes.test.ts in a private mount namespace whose /etc/hosts names
// 127.0.0.1 "caf\xe9" (Latin-1, not UTF-8): each face must hand the name's bytes to the
// resolver unchanged. Prints one JSON line of what each call gave.
import lsocket from '@sockport/lsocket';
import socket2 from '@sockport/socket2';
import tarantool from '@sockport/tarantool-socket';

const name = Buffer.from([0x63, 0x61, 0x66, 0xe9]);
const bound = lsocket.bind('udp', name, 0);
const [ai] = await socket2.addr(name, 80, 'tcp');
const entries = await tarantool.getaddrinfo(name, 80, { type: 'SOCK_STREAM' });
const out = {
  lsocketResolve: await lsocket.resolve(name),
  lsocketResolveSync: lsocket.resolveSync(name),
  lsocketBind: bound[0] ? bound[0].info('socket')[0].addr : bound,
  lsocketAsText: lsocket.resolveSync(name.toString('utf8')),
  socket2: ai ? ai.tostring() : null,
  tarantool: entries?.map((e) => e.host) ?? null,
};
bound[0]?.close();
console.log(JSON.stringify(out));
