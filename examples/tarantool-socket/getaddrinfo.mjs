// socket.getaddrinfo('tarantool.org', 'http'), on a name that needs no network:
// 'localhost' resolves from /etc/hosts.
import socket from '../../packages/tarantool-socket/dist/index.js';

setTimeout(() => {
  console.error('timed out');
  process.exit(1);
}, 10_000).unref();

console.log(await socket.getaddrinfo('localhost', 'http', { family: 'AF_INET' }));
// With options: type, family, protocol, flags.
console.log(await socket.getaddrinfo('localhost', 80, 1, { type: 'SOCK_STREAM', family: 'AF_INET', flags: 'AI_CANONNAME' }));
// -- To find the available values for the options use the following:
console.log(socket.internal.AI_FLAGS); // or SO_TYPE, or DOMAIN
