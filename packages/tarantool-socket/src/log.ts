// Where tcp_server's log lines go. Tarantool writes them to its log; here the
// informational ones ("started", "stopped") go to Node's debug log
// (NODE_DEBUG=tarantool-socket), and errors become process warnings, so that a
// failing handler is never silent and never kills the process.
import { debuglog } from 'node:util';

const debug = debuglog('tarantool-socket');

/** @internal An informational line, tagged with the fiber name Tarantool would show. */
export function logInfo(fiber: string, message: string): void {
  debug('%s: %s', fiber, message);
}

/** @internal An error line: a process warning of type `TarantoolSocketWarning`. */
export function logError(fiber: string, message: string): void {
  process.emitWarning(`${fiber}: ${message}`, { type: 'TarantoolSocketWarning' });
}
