// RAW sockets: the common methods only, as in the original.
import { Socket } from './socket.js';

/** A RAW socket (needs CAP_NET_RAW): make one with {@link raw}. It has only the common methods. */
export class RAW extends Socket {
  /** @internal */
  get kind(): 'raw' {
    return 'raw';
  }
}
