/**
 * @sockport/core: real BSD sockets for Node.js.
 *
 * One {@link Socket} owns one descriptor; its syscall methods return results or
 * `-errno` and never block; {@link Socket.wait}, {@link waitAny} and {@link waitFd}
 * await readiness through a poller backend (`epoll`, `poll`, `select`, `kqueue`) that
 * runs inside Node's event loop, one per thread.
 *
 * @packageDocumentation
 */
export { Socket, READABLE, WRITABLE, CLOSED, type WaitMask } from './socket.js';
export {
  encodeAddress,
  encodeRawAddress,
  decodeAddress,
  lastAddress,
  textOrBytes,
  EncodedAddress,
  UNIX_PATH_MAX,
  type SockAddr,
  type InetAddr,
  type Inet6Addr,
  type UnixAddr,
  type OtherAddr,
} from './address.js';
export {
  constants,
  familyName,
  familyNumber,
  AF_INET,
  AF_INET6,
  AF_UNIX,
  AF_UNSPEC,
  SOCK_STREAM,
  SOCK_DGRAM,
  SOCK_RAW,
  SHUT_RD,
  SHUT_WR,
  SHUT_RDWR,
  MSG_PEEK,
  MSG_TRUNC,
  type FamilyName,
} from './constants.js';
export { errno, errnoName, strerror, gai_strerror, SysError, type ErrnoTable } from './errno.js';
export {
  socketOptions,
  type OptionName,
  type OptionKind,
  type OptionSpec,
  type OptionValue,
  type OptionValueByKind,
  type OptionResult,
  type Linger,
  type Mreq4,
  type Mreq6,
  type Ucred,
} from './options.js';
export { pollers, poller, setPoller, epollFd, adoptEpollFd, hintsExact, collectNow, eventCount } from './reactor.js';
export { waitAny, waitFd } from './wait-any.js';
export { pollOnce, waitSync } from './wait-sync.js';
export { luajitNumber, luajitNumberText } from './luajit-number.js';
export { cInt } from './c-int.js';
export { DeadlineHeap, type HasDeadline } from './deadline-heap.js';
export { ReadBuffer, type ReadBufferOptions, type ReadOutcome, type ReadRequest } from './read-buffer.js';
export { writeAll, type WriteOutcome } from './write-all.js';
export {
  getaddrinfo,
  getaddrinfoSync,
  getprotobyname,
  getprotobynumber,
  type AddrInfo,
  type AddrInfoHints,
  type AddrInfoResult,
} from './resolver.js';
export { getifaddrs, if_nametoindex, if_indextoname, type InterfaceAddress } from './interfaces.js';
export { monotonic, sleepUntil } from './clock.js';
export { noteSwitch } from './activity.js';
export { enqueueMicrotask } from './microtask.js';
