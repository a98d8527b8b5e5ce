// A worker thread that joins the epoll instance it is given with epoll_fd(epfd), then
// serves the main thread's listening socket (by its descriptor number, through
// from_fd): an accept thread, and an echo thread per connection, until the main thread
// says stop.
import { parentPort, workerData } from 'node:worker_threads';
import socket from '@sockport/socket2';

const joined = socket.epoll_fd(workerData.epfd);
const [l] = socket.from_fd(workerData.fd);
const listening = [l !== null && l.getsockname()[0]?.port() === workerData.port];
let served = 0;

await socket.newthread(async () => {
  for (;;) {
    const [conn] = await l.accept();
    if (conn === null) return; // the listener was closed: stop
    await socket.newthread(async () => {
      const buf = Buffer.alloc(256);
      for (;;) {
        const [n] = await conn.recv(buf, buf.length, socket.clock() + 20);
        if (n === null) break;
        await conn.send(buf, n);
      }
      conn.close();
      served++;
    });
  }
});

const onMessage = (m) => {
  if (m === 'stop') l.close();
};
parentPort.on('message', onMessage);
parentPort.postMessage({ ready: true, joined, listening, again: socket.epoll_fd() });
const done = await socket.start();
parentPort.off('message', onMessage); // lets the worker exit
parentPort.postMessage({ done, served });
