// Run with a low descriptor limit: a core echo server whose accept hits EMFILE, backs
// off, and serves again once descriptors are free. Prints "listening <port>", then
// "emfile" the first time accept fails with EMFILE, then "served <n>" per connection.
import { AF_INET, errno, monotonic, READABLE, ReadBuffer, SOCK_STREAM, Socket, writeAll } from '../../../core/dist/index.js';

const l = Socket.open(AF_INET, SOCK_STREAM);
l.bind({ family: 'inet', host: '127.0.0.1', port: 0 });
l.listen(512);
console.log(`listening ${l.getsockname().port}`);
let served = 0;
let sawEmfile = false;
const held = [];
const stopAt = monotonic() + 30;
process.stdin.on('data', (d) => {
  // "release": give back the connections held so far, freeing descriptors.
  if (String(d).includes('release')) for (const s of held.splice(0)) s.close();
});
while (monotonic() < stopAt) {
  const s = l.accept();
  if (typeof s === 'number') {
    if (s === -errno.EMFILE || s === -errno.ENFILE) {
      if (!sawEmfile) console.log('emfile');
      sawEmfile = true;
      await new Promise((r) => setTimeout(r, 20)); // back off instead of spinning
      continue;
    }
    if (s !== -errno.EAGAIN) throw new Error(`accept: ${s}`);
    await l.wait(READABLE, stopAt);
    continue;
  }
  held.push(s);
  const rb = new ReadBuffer();
  Promise.resolve(rb.read(s, { limit: 5 }, monotonic() + 10)).then(async (r) => {
    if (r.status === 'ok') await writeAll(s, r.data, monotonic() + 10);
    console.log(`served ${++served}`);
  });
}
