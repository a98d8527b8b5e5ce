// Fuzzers draw numbers where hosts go, and a number is an IPv4 address to inet_aton
// ("48453" is 0.0.189.69), which this machine's default route would carry away. The guard
// makes connect(2) and sendto(2) refuse every destination that is not this machine, as a
// host without a route does, so that no fuzzed call can reach another machine.
import { decodeAddress, EncodedAddress, errno, Socket, type SockAddr } from '@sockport/core';

function isLocal(address: SockAddr | EncodedAddress): boolean {
  const a = address instanceof EncodedAddress ? decodeAddress(address.bytes, address.length) : address;
  if (a.family === 'inet') return a.host === '0.0.0.0' || a.host.startsWith('127.');
  if (a.family === 'inet6') return a.host === '::1' || a.host === '::' || /^::ffff:127\./i.test(a.host);
  return true; // unix, and families the core does not decode (no route either way)
}

let installed = false;

/** Makes every core socket's connect and sendto fail with ENETUNREACH for a destination off this machine. */
export function loopbackOnly(): void {
  if (installed) return;
  installed = true;
  const { connect, sendto } = Socket.prototype;
  Socket.prototype.connect = function (this: Socket, address) {
    return isLocal(address) ? connect.call(this, address) : -errno.ENETUNREACH;
  };
  Socket.prototype.sendto = function (this: Socket, data, address, flags) {
    return isLocal(address) ? sendto.call(this, data, address, flags) : -errno.ENETUNREACH;
  };
}
