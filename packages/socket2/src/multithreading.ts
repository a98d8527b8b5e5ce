// Sharing the kernel's event queue between OS threads: epoll_fd() on Linux (through
// the core's shared epoll reactors) and iocp() (Windows only).
import { adoptEpollFd, epollFd, errno, poller } from '@sockport/core';
import { badArgument } from './args.js';
import { describe, truthy } from './lua.js';
import type { Failure } from './results.js';

// The descriptor set with epoll_fd(epfd): what epoll_fd() gives from then on, as in the
// original (the core keeps a duplicate of its own, which may have another number).
let adopted: number | null = null;

function unsupported(what: string): Failure {
  return [null, what, errno.EOPNOTSUPP];
}

// What the original's assert raises: the message, with the errno for callers that look.
function raised(message: string, code: number): Error {
  return Object.assign(new Error(message), { errno: code });
}

/**
 * Gets this thread's epoll descriptor, or sets it: `epoll_fd(epfd)` with the
 * descriptor another worker thread's `epoll_fd()` gave makes this thread's sockets
 * use that same epoll instance (call it before this thread's first wait). Returns the
 * descriptor, as the original does. On the poll and select backends, which have no
 * epoll descriptor, it returns the error shape `[null, message, EOPNOTSUPP]`. A
 * descriptor that cannot be joined (not the epoll descriptor of a running reactor of
 * this process, or given after this thread's first wait) raises, as the original's
 * assert does, an Error carrying an `errno`.
 */
export function epoll_fd(epfd?: number | false | null): number | Failure {
  if (truthy(epfd) && (typeof epfd !== 'number' || !Number.isInteger(epfd) || epfd < 0))
    badArgument(1, 'epoll_fd', `expected a descriptor number, got ${describe(epfd)}`);
  const backend = poller();
  if (backend !== 'epoll') return unsupported(`not supported by the ${backend} poller (it needs the epoll poller)`);
  try {
    if (epfd === undefined || epfd === null || epfd === false) return adopted ?? epollFd();
    adoptEpollFd(epfd);
    adopted = epfd;
    return epfd;
  } catch (error) {
    const e = error as { message: string; errno?: number };
    // The core refuses without an errno only because this thread's reactor already
    // runs; setting the descriptor it already uses changes nothing.
    if (e.errno === undefined && (adopted ?? epollFd()) === epfd) return epfd;
    throw raised(e.message, e.errno ?? errno.EINVAL);
  }
}

/**
 * socket2's IOCP handle (Windows). Not supported on this platform: always
 * `[null, 'not supported on this platform', EOPNOTSUPP]`.
 */
export function iocp(iocp_handle?: unknown): Failure {
  void iocp_handle;
  return unsupported('not supported on this platform');
}
