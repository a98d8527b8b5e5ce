// The workload of the leak check: every native entry point, many times, then exit.
import { AF_INET, AF_INET6, AF_UNIX, encodeAddress, getaddrinfo, getaddrinfoSync, getifaddrs, monotonic, READABLE, ReadBuffer, SOCK_DGRAM, SOCK_STREAM, Socket, waitSync, WRITABLE, writeAll } from '../dist/index.js';

const deadline = monotonic() + 120;
for (let round = 0; round < 50; round++) {
  const l = Socket.open(AF_INET, SOCK_STREAM);
  l.setsockopt('SO_REUSEADDR', true);
  l.bind({ family: 'inet', host: '127.0.0.1', port: 0 });
  l.listen(8);
  const c = Socket.open(AF_INET, SOCK_STREAM);
  c.connect(l.getsockname());
  await c.wait(WRITABLE, deadline);
  await l.wait(READABLE, deadline);
  const s = l.acceptFrom();
  await writeAll(c, Buffer.from('hello\n'), deadline);
  await new ReadBuffer().read(s[0], { limit: 10, delimiters: [Buffer.from('\n')] }, deadline);
  s[0].getpeername();
  c.getsockopt('TCP_INFO');
  c.getsockopt('SO_LINGER');
  c.setsockopt('SO_BINDTODEVICE', 'lo');
  c.getsockopt('SO_BINDTODEVICE');
  waitSync([[c, WRITABLE], [s[0], READABLE]], 0);
  for (const x of [c, s[0], l]) x.close();
  const u = Socket.open(AF_INET6, SOCK_DGRAM);
  u.bind({ family: 'inet6', host: '::1', port: 0 });
  u.sendto('x', u.getsockname());
  u.recvfrom(Buffer.alloc(8));
  u.setsockopt('IPV6_JOIN_GROUP', { group: 'ff12::1', index: 1 });
  u.close();
  const pair = Socket.pair(AF_UNIX, SOCK_STREAM);
  pair[0].getsockopt('SO_PEERCRED');
  pair.forEach((p) => p.close());
  encodeAddress({ family: 'unix', path: '/tmp/x' });
  getaddrinfoSync('127.0.0.1', 'http', {});
  await getaddrinfo('localhost', '80', {});
  getifaddrs();
  Socket.open(AF_INET, SOCK_DGRAM); // left to the garbage collector and teardown
}
console.log('workload done');
