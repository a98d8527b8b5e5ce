// The core's own clients for `pnpm bench`: <conns> connections driven by
// @sockport/core directly, each sending a 64-byte line and receiving its echo back.
// Prints what bench/c/peer.c's pingpong prints.
//   node bench/clients/core.mjs <port> <conns> <seconds>
import { AF_INET, errno, READABLE, SOCK_STREAM, Socket, WRITABLE } from '../../packages/core/dist/index.js';
import { measure } from './measure.mjs';

await measure(process.argv.slice(2).map(Number), async (port, line, running, counted) => {
  const s = Socket.open(AF_INET, SOCK_STREAM);
  s.setsockopt('TCP_NODELAY', true);
  s.connect({ family: 'inet', host: '127.0.0.1', port });
  if ((await s.wait(WRITABLE)) !== WRITABLE || s.getsockopt('SO_ERROR').value !== 0) throw new Error('connect failed');
  const buf = Buffer.allocUnsafe(4096);
  while (running()) {
    if (s.send(line) !== line.length) throw new Error('short send');
    for (let got = 0; got < line.length; ) {
      let ready = s.ioReady(READABLE);
      if (typeof ready !== 'number') ready = await ready;
      if (ready !== READABLE) throw new Error('closed');
      const n = s.recv(buf);
      if (n > 0) got += n;
      else if (n !== -errno.EAGAIN) throw new Error(`recv: ${n}`);
    }
    counted();
  }
  s.close();
});
