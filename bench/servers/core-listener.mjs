// The listener of the servers that drive the core directly (core, core-awaited,
// core-fiber-order): listens on 127.0.0.1:<port> (0: any free port), prints
// `listening <port>` once ready, and hands every accepted connection to `serve`, until
// SIGTERM ends the process.
import { AF_INET, errno, READABLE, SOCK_STREAM, Socket } from '../../packages/core/dist/index.js';

export async function acceptForever(port, serve) {
  process.on('SIGTERM', () => process.exit(0));
  const listener = Socket.open(AF_INET, SOCK_STREAM);
  listener.setsockopt('SO_REUSEADDR', true);
  if (listener.bind({ family: 'inet', host: '127.0.0.1', port }) < 0 || listener.listen(4096) < 0) throw new Error('cannot listen');
  console.log(`listening ${listener.getsockname().port}`);
  for (;;) {
    const s = listener.accept();
    if (typeof s !== 'number') serve(s);
    else if (s === -errno.EAGAIN) await listener.wait(READABLE);
  }
}
