// socket.iowait(sock:fd(), 'r', 1.11): wait until a descriptor is readable.
import socket from '../../packages/tarantool-socket/dist/index.js';

setTimeout(() => {
  console.error('timed out');
  process.exit(1);
}, 10_000).unref();

const receiver = socket('AF_INET', 'SOCK_DGRAM', 'udp');
receiver.bind('127.0.0.1');
const sender = socket('AF_INET', 'SOCK_DGRAM', 'udp');

const started = Date.now();
console.log(`nothing yet: ${JSON.stringify(await socket.iowait(receiver.fd(), 'r', 0.2))} after ~${Date.now() - started} ms`);
setTimeout(() => sender.sendto('127.0.0.1', receiver.name().port, 'ping'), 50);
console.log(`then: ${JSON.stringify(await socket.iowait(receiver.fd(), 'r', 1.11))}`);
console.log(`numeric mask: ${await socket.iowait(receiver.fd(), 3, 0)}`);
// The sleep form: no descriptor, no mask.
await socket.iowait(null, null, 0.05);
console.log('slept 50 ms');
receiver.close();
sender.close();
