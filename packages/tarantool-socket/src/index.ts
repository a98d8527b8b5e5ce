/**
 * Tarantool's `socket` module for Node.js, on real BSD sockets, with the LuaSocket
 * wrappers Tarantool ships.
 *
 * ```ts
 * import socket, { errno } from '@sockport/tarantool-socket';
 * const sock = socket('AF_INET', 'SOCK_STREAM', 'tcp');
 * const conn = await socket.tcp_connect('127.0.0.1', 3301);
 * ```
 *
 * Tarantool fibers become async functions: calls that may yield (`read`, `write`,
 * `readable`, `tcp_connect`, `getaddrinfo`, `iowait`, ...) return Promises, and never
 * block the event loop; the rest is synchronous.
 *
 * @packageDocumentation
 */
import { AI_FLAGS, DOMAIN, SEND_FLAGS, SO_OPT, SO_TYPE, SOL_SOCKET } from './constants.js';
import { socketNew, type Domain, type Protocol, type SocketType } from './create.js';
import { getaddrinfo } from './getaddrinfo.js';
import { iowait } from './iowait.js';
import { bind, connect, tcp } from './luasocket.js';
import { protocols } from './protocols.js';
import type { SocketObject } from './socket-object.js';
import { tcp_connect } from './tcp-connect.js';
import { tcp_server } from './tcp-server.js';

/**
 * `socket.internal`: the constant tables the module resolves names with (this
 * platform's values), the protocol cache, and `iowait`.
 */
export const internal = Object.freeze({
  /** Address families: `AF_*` and `PF_*` names. */
  DOMAIN,
  /** Socket types: `SOCK_*` names. */
  SO_TYPE,
  /** `MSG_*` flags for send/recv/sendto/recvfrom. */
  SEND_FLAGS,
  /** `AI_*` flags for getaddrinfo. */
  AI_FLAGS,
  /** The `SOL_SOCKET` level number. */
  SOL_SOCKET,
  /** The socket options by level number: `{ iname, type, rw }` each. */
  SO_OPT,
  /** Protocol numbers by name, a cache that grows as names are resolved. */
  protocols,
  /** The same function as {@link iowait}. */
  iowait,
});

/** `shutdown`'s read direction (0), as the document writes it: `sock.shutdown(socket.SHUT_RD)`. */
export const SHUT_RD = 0 as const;
/** `shutdown`'s write direction (1): `sock.shutdown(socket.SHUT_WR)`. */
export const SHUT_WR = 1 as const;
/** `shutdown`'s both directions (2): `sock.shutdown(socket.SHUT_RDWR)`. */
export const SHUT_RDWR = 2 as const;

/** The module: callable as `socket(domain, type, protocol)`, with the other functions as properties. */
export interface SocketModule {
  /**
   * Creates a socket, as `socket(2)`, already non-blocking: `socket('AF_INET',
   * 'SOCK_STREAM', 'tcp')`. The protocol is mandatory (0 for the family's default).
   *
   * Returns `null` for a name that is not known (module errno `EINVAL`; `EPROTOTYPE`
   * for an unknown protocol name), and `undefined` (Lua's "no value") when socket(2)
   * itself fails: the module errno then holds the kernel's reason (`EAFNOSUPPORT`,
   * `EPROTONOSUPPORT`).
   */
  (domain: Domain, type: SocketType, protocol: Protocol): SocketObject | null | undefined;
  /** {@inheritDoc tcp_connect} */
  tcp_connect: typeof tcp_connect;
  /** {@inheritDoc getaddrinfo} */
  getaddrinfo: typeof getaddrinfo;
  /** {@inheritDoc tcp_server} */
  tcp_server: typeof tcp_server;
  /** {@inheritDoc iowait} */
  iowait: typeof iowait;
  /** {@inheritDoc internal} */
  internal: typeof internal;
  /** {@inheritDoc tcp} */
  tcp: typeof tcp;
  /** {@inheritDoc connect} */
  connect: typeof connect;
  /** {@inheritDoc bind} */
  bind: typeof bind;
  /** {@inheritDoc SHUT_RD} */
  SHUT_RD: typeof SHUT_RD;
  /** {@inheritDoc SHUT_WR} */
  SHUT_WR: typeof SHUT_WR;
  /** {@inheritDoc SHUT_RDWR} */
  SHUT_RDWR: typeof SHUT_RDWR;
}

/**
 * The module table (Lua `require('socket')`): call it to create a socket, as in
 * `socket('AF_INET', 'SOCK_STREAM', 'tcp')`; its properties are the module's
 * functions. It is also the default export.
 */
export const socket: SocketModule = Object.assign(
  function socket(domain: Domain, type: SocketType, protocol: Protocol): SocketObject | null | undefined {
    return socketNew(domain, type, protocol);
  },
  { tcp_connect, getaddrinfo, tcp_server, iowait, internal, tcp, connect, bind, SHUT_RD, SHUT_WR, SHUT_RDWR },
);

export default socket;

export { tcp_connect, getaddrinfo, tcp_server, iowait, tcp, connect, bind };
export { errno, type ErrnoModule, type ErrnoNames } from './errno.js';
export { SocketBase } from './socket-base.js';
export { SocketObject } from './socket-object.js';
export { LuaSocket, TcpMaster, TcpServer, TcpClient, type LuaSocketError, type LuaSocketOption } from './luasocket.js';
export { SocketName, type AddressInfo, type AddrInfoEntry, type FromAddress } from './address-table.js';
export { TIMEOUT_INFINITY, LIMIT_INFINITY, READAHEAD, type OptionInfo } from './constants.js';
export type { Domain, SocketType, Protocol } from './create.js';
export type { GetaddrinfoOptions } from './getaddrinfo.js';
export type { TcpHandler, TcpPrepare, TcpServerOptions } from './tcp-server.js';
export type { IowaitEvents } from './iowait.js';
export type { ReadSpec, ReadOptions, Delimiter } from './read-spec.js';
export type { ShutdownHow } from './connection.js';
export type { OptionLevel } from './sockopt.js';
export type { FlagNames } from './flags.js';
export type { WaitResult } from './readiness.js';
export type { ReceivePattern, ReceiveResult } from './luasocket-io.js';
