// What the lsocket samples share: the command line (`6` for IPv6, then a port), the
// checks and printouts the Lua originals make, and the lines typed on standard input.
import { createInterface } from 'node:readline';
import lsocket from '../../packages/lsocket/dist/index.js';

/** `[ipv6, port, rest]` from `node sample.mjs [6] [port] ...`; the port defaults to 8000 as in the originals. */
export function commandLine(args = process.argv.slice(2)) {
  const ipv6 = args[0] === '6';
  const rest = ipv6 ? args.slice(1) : args;
  return [ipv6, rest[0] === undefined ? 8000 : Number(rest[0]), rest.slice(1)];
}

/** The socket of a `bind`/`connect` result; on `nil, err` prints the error and exits. */
export function check([sock, err]) {
  if (sock) return sock;
  console.log(`error: ${err}`);
  process.exit(1);
}

/** Waits for a connect to finish (select for writing), then checks `status()`. */
export async function connected(client) {
  await lsocket.select(null, [client]);
  const [ok, err] = client.status();
  if (ok) return;
  console.log(`error: ${err}`);
  process.exit(1);
}

function address(info) {
  return info.port === undefined ? `${info.family} ${info.addr}` : `${info.family} ${info.addr}:${info.port}`;
}

/** Prints `sock:info()` (`k: v, ` for each field), then its address and, if asked, its peer's. */
export function printInfo(sock, withPeer = false) {
  const [info] = sock.info();
  console.log('Socket info:');
  console.log(Object.entries(info).map(([k, v]) => `${k}: ${v}, `).join(''));
  console.log(`Socket: ${address(sock.info('socket')[0])}`);
  if (withPeer) console.log(`Peer: ${address(sock.info('peer')[0])}`);
}

/** The lines typed (or piped) on standard input, one by one; ends at end of input. */
export async function* lines(prompt) {
  const input = createInterface({ input: process.stdin, terminal: false });
  const interactive = process.stdin.isTTY;
  if (interactive) process.stdout.write(prompt);
  for await (const line of input) {
    yield line;
    if (interactive) process.stdout.write(prompt);
  }
}

/** Ends the process with status 0 on SIGINT and SIGTERM, after `cleanup`. */
export function exitOnSignal(cleanup = () => {}) {
  for (const signal of ['SIGINT', 'SIGTERM'])
    process.on(signal, () => {
      cleanup();
      process.exit(0);
    });
}
