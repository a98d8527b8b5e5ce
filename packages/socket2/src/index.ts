/**
 * luapower's socket2 for Node.js: coroutine-style sockets with expiry, on real BSD
 * sockets.
 *
 * ```ts
 * import socket from '@sockport/socket2';
 * ```
 * is Lua's `local socket = require'socket2'`. Threads are async functions started by
 * {@link newthread}; their I/O calls return promises and wait only inside a thread;
 * {@link poll} and {@link start} deliver events to them without blocking Node's event
 * loop. Every call that can fail returns `[null, message, code]`.
 *
 * @packageDocumentation
 */
import { cosafewrap, resume, suspend } from './coro.js';
import { from_fd, raw, tcp, udp } from './create.js';
import { addr, addrSync } from './lookup.js';
import { epoll_fd, iocp } from './multithreading.js';
import { poll, start, stop } from './loop.js';
import { clock, sleep, sleep_until } from './sleep.js';
import { newthread, thread } from './thread.js';

export { AddrInfo } from './addrinfo.js';
export { Addr, AddrHost } from './sockaddr.js';
export { Socket, type CloseResult } from './socket.js';
export { TCP, type AcceptResult, type ConnectResult, type IoResult, type ShutdownHow } from './tcp.js';
export { UDP, type DatagramResult } from './udp.js';
export { RAW } from './raw.js';
export { Thread } from './thread.js';
export type { AddrResult, AddrTable, AddrTarget, LookupResult } from './lookup.js';
export type { AddrFlagName, AddrFlags, FamilyName, ProtocolName, SocketTypeName } from './names.js';
export type { OptName, OptValue } from './options.js';
export type { Closed, Done, Failure, Timeout } from './results.js';
export type { Ended } from './io.js';
export type { PollResult, StartResult } from './loop.js';
export type { Wrapped, Yield } from './coro.js';
export {
  addr,
  addrSync,
  clock,
  cosafewrap,
  epoll_fd,
  from_fd,
  iocp,
  newthread,
  poll,
  raw,
  resume,
  sleep,
  sleep_until,
  start,
  stop,
  suspend,
  tcp,
  thread,
  udp,
};

/** The module table: `socket.tcp()`, `socket.newthread(...)`, ... as in Lua. */
const socket = {
  /** {@inheritDoc addr} */
  addr,
  /** {@inheritDoc addrSync} */
  addrSync,
  /** {@inheritDoc tcp} */
  tcp,
  /** {@inheritDoc udp} */
  udp,
  /** {@inheritDoc raw} */
  raw,
  /** {@inheritDoc from_fd} */
  from_fd,
  /** {@inheritDoc newthread} */
  newthread,
  /** {@inheritDoc thread} */
  thread,
  /** {@inheritDoc poll} */
  poll,
  /** {@inheritDoc start} */
  start,
  /** {@inheritDoc stop} */
  stop,
  /** {@inheritDoc sleep} */
  sleep,
  /** {@inheritDoc sleep_until} */
  sleep_until,
  /** {@inheritDoc clock} */
  clock,
  /** {@inheritDoc suspend} */
  suspend,
  /** {@inheritDoc resume} */
  resume,
  /** {@inheritDoc cosafewrap} */
  cosafewrap,
  /** {@inheritDoc epoll_fd} */
  epoll_fd,
  /** {@inheritDoc iocp} */
  iocp,
};

export default socket;
