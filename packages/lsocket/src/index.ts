/**
 * lsocket (Gunnar Zötl's Lua socket library, version 1.4.1) for Node.js, on real BSD
 * sockets. `import lsocket from '@sockport/lsocket'` is Lua's
 * `local lsocket = require "lsocket"`: the same functions, the same results (`false`
 * when not ready, a lone `null` at end of stream, `null, message` on error, as
 * arrays), and nothing that blocks except the `Sync` twins of `select` and `resolve`.
 *
 * @packageDocumentation
 */
import { bind, connect } from './constructors.js';
import { getinterfaces } from './interfaces.js';
import { resolve, resolveSync } from './resolve.js';
import { select, selectSync } from './select.js';

export { bind, connect, type SocketResult, type SocketType } from './constructors.js';
export { getinterfaces, type InterfaceEntry, type InterfacesResult } from './interfaces.js';
export { resolve, resolveSync, type ResolvedAddress, type ResolveResult } from './resolve.js';
export { select, selectSync, type SelectReady, type SelectResult } from './select.js';
export {
  Socket,
  type AcceptResult,
  type AddressInfo,
  type Family,
  type InfoResult,
  type OkResult,
  type RecvfromResult,
  type RecvResult,
  type SendResult,
  type SocketInfo,
} from './socket.js';
export type { Failure, LuaString } from './lua.js';

/** The IPv4 wildcard address, `'0.0.0.0'`: bind to it to accept on every address. */
export const INADDR_ANY = '0.0.0.0';
/** The IPv6 wildcard address, `'::0'`. */
export const IN6ADDR_ANY = '::0';
/** The version of lsocket this package reproduces: `'1.4.1'`. */
export const _VERSION = '1.4.1';

/** The module table, as `require "lsocket"` returns it (plus the `Sync` twins). */
const lsocket = {
  /** {@inheritDoc bind} */
  bind,
  /** {@inheritDoc connect} */
  connect,
  /** {@inheritDoc select} */
  select,
  /** {@inheritDoc selectSync} */
  selectSync,
  /** {@inheritDoc resolve} */
  resolve,
  /** {@inheritDoc resolveSync} */
  resolveSync,
  /** {@inheritDoc getinterfaces} */
  getinterfaces,
  /** {@inheritDoc INADDR_ANY} */
  INADDR_ANY,
  /** {@inheritDoc IN6ADDR_ANY} */
  IN6ADDR_ANY,
  /** {@inheritDoc _VERSION} */
  _VERSION,
};

export default lsocket;
