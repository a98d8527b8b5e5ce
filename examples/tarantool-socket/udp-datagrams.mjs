// The datagram example: sock_1 binds, sock_2 sends it 'X', sock_1 receives it.
import socket from '../../packages/tarantool-socket/dist/index.js';

setTimeout(() => {
  console.error('timed out');
  process.exit(1);
}, 10_000).unref();

const sock_1 = socket('AF_INET', 'SOCK_DGRAM', 'udp');
console.log(`sock_1:bind('127.0.0.1'): ${sock_1.bind('127.0.0.1')}`);
const sock_2 = socket('AF_INET', 'SOCK_DGRAM', 'udp');
console.log(`sock_2:sendto(...): ${sock_2.sendto('127.0.0.1', sock_1.name().port, 'X')}`);
// recvfrom never waits: wait until the datagram is there.
await sock_1.readable(5);
const [message, sender] = sock_1.recvfrom(512);
console.log(`message: ${message}, from ${sender.host}:${sender.port} (${sender.family})`);
console.log(`sock_1:close(): ${sock_1.close()}`);
console.log(`sock_2:close(): ${sock_2.close()}`);
