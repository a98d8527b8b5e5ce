// The document's first examples: socket('AF_INET', 'SOCK_STREAM', 'tcp'), and
// sock:sysconnect(0, 3301) ("0" means this host) against a local listener.
import socket from '../../packages/tarantool-socket/dist/index.js';

setTimeout(() => {
  console.error('timed out');
  process.exit(1);
}, 10_000).unref();

// A listener stands in for the Tarantool instance on port 3301.
const listener = socket('AF_INET', 'SOCK_STREAM', 'tcp');
listener.bind('127.0.0.1', 0);
listener.listen();
const port = listener.name().port;

// socket('AF_INET', 'SOCK_STREAM', 'tcp')
const sock = socket('AF_INET', 'SOCK_STREAM', 'tcp');
console.log(`created: ${sock}`);

// sock:sysconnect(0, 3301): never waits; a TCP connect is then under way.
const connected = sock.sysconnect(0, port);
console.log(`sysconnect -> ${connected} (${sock.error() ?? 'no error'})`);
if (!connected) {
  // As the document says: wait until writable, then read SO_ERROR.
  await sock.writable(5);
  console.log(`SO_ERROR after writable: ${sock.getsockopt('SOL_SOCKET', 'SO_ERROR')}`);
}
console.log(`connected: ${sock}`);
sock.close();
listener.close();
