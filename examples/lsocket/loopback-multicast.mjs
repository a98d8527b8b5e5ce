// IPv6 multicast on the loopback interface alone, for the mcast samples and tests.
//
// Linux gives `lo` no multicast route, so sending to an interface-local group such as
// ff01::1 fails with "Network is unreachable" (and a route through `lo` for any wider
// prefix is turned into a reject route). One route for the interface-local scope makes
// it work, and never sends a packet off the host:
//
//   ip -6 route replace multicast ff01::/16 dev lo table local
//
// As a script (root) this adds it; as a module, ensureLoopbackMulticast() adds it when
// it is missing and it can, and returns null when IPv6 loopback multicast works, or the
// reason it does not.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import lsocket from '../../packages/lsocket/dist/index.js';

/** The IPv6 group the samples use: all nodes, interface-local scope, on `lo`. */
export const GROUP6 = 'ff01::1%lo';

function works() {
  const [sock, err] = lsocket.connect('mcast', GROUP6, 9);
  if (sock) sock.close();
  return sock ? null : err;
}

export function ensureLoopbackMulticast() {
  if (works() === null) return null;
  if (process.getuid?.() !== 0) return 'IPv6 multicast on lo needs a route that only root can add';
  const r = spawnSync('ip', ['-6', 'route', 'replace', 'multicast', 'ff01::/16', 'dev', 'lo', 'table', 'local'], { encoding: 'utf8' });
  if (r.error) return `cannot run ip (iproute2) to add the route: ${r.error.message}`;
  if (r.status !== 0) return `ip -6 route replace failed: ${r.stderr.trim()}`;
  const err = works();
  return err === null ? null : `IPv6 multicast on lo still fails: ${err}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const reason = ensureLoopbackMulticast();
  console.log(reason ?? `IPv6 multicast on lo works (${GROUP6})`);
  process.exit(reason === null ? 0 : 1);
}
