// The client loop of lsocket's testclt_tcp.lua, testclt_udp.lua and testclt_unix.lua:
// send each line typed (or piped in), wait for the reply with select, print it.
import lsocket from '../../packages/lsocket/dist/index.js';
import { lines } from './common.mjs';

/**
 * Talks until the line `quit`, the end of input, or (for a stream) the server going
 * away. With `replyTimeout` (seconds) a reply that does not come is reported and the
 * client goes on, as UDP may lose datagrams.
 */
export async function chat(client, replyTimeout) {
  console.log('Type quit to quit.');
  for await (const s of lines('Enter some text: ')) {
    const [sent, err] = client.send(s);
    if (sent === false || sent === null) console.log(`error: ${err ?? 'not sent'}`);
    const [ready] = await lsocket.select([client], replyTimeout);
    if (ready === false) console.log(`no reply within ${replyTimeout} s`);
    else {
      const [str, error] = client.recv();
      if (str) console.log(`reply: ${str.toString().replace(/\n$/, '')}`);
      else if (error) console.log(`error: ${error}`);
      else {
        console.log('server died, exiting');
        return;
      }
    }
    if (s === 'quit') return;
  }
}
