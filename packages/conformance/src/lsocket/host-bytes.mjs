// Run by lsocket-resolve.test.ts in a private mount namespace whose /etc/hosts names
// 127.0.0.1 "caf\xe9" (Latin-1, not UTF-8): the name's bytes must reach the resolver
// unchanged. Prints one JSON line of what each call gave.
import lsocket from '@sockport/lsocket';

const name = Buffer.from([0x63, 0x61, 0x66, 0xe9]);
const bound = lsocket.bind('udp', name, 0);
const out = {
  resolve: await lsocket.resolve(name),
  resolveSync: lsocket.resolveSync(name),
  bind: bound[0] ? bound[0].info('socket')[0].addr : bound,
  utf8: lsocket.resolveSync(name.toString('utf8')),
};
bound[0]?.close();
console.log(JSON.stringify(out));
