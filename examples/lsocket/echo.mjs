// The echo server loop of lsocket's testsrv_tcp.lua and testsrv_unix.lua: one select
// over the listener and every connection; accept what the listener has, answer what a
// connection sent, and drop a connection whose recv returns a lone nil.
import lsocket from '../../packages/lsocket/dist/index.js';

const IDLE = 60;

/**
 * Serves until nothing has happened for a minute. `name(sock, ip, port)` labels a
 * connection in the messages.
 */
export async function serve(server, name) {
  const sockets = [server];
  const names = new Map();
  for (;;) {
    const [ready] = await lsocket.select(sockets, IDLE);
    if (ready === false) {
      console.log(`nothing happened for ${IDLE} s, exiting`);
      return;
    }
    for (const s of ready) {
      if (s === server) {
        const [s1, ip, port] = s.accept();
        if (!s1) continue;
        names.set(s1, name(s1, ip, port));
        console.log(`Connection established from ${names.get(s1)}`);
        sockets.push(s1);
        continue;
      }
      const [str, err] = s.recv();
      if (str) {
        const text = str.toString().replace(/\n$/, '');
        console.log(`from ${names.get(s)} got '${text}', answering...`);
        s.send(`You sent: ${text}\n`);
      } else if (str === null && err === undefined) {
        console.log(`client ${names.get(s)} disconnected`);
        s.close();
        sockets.splice(sockets.indexOf(s), 1);
        names.delete(s);
      } else if (err !== undefined) {
        console.log(`error: ${err}`);
      }
    }
  }
}
