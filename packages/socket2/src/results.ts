// The shapes of socket2's returns: `nil, err, errcode` triples, socket2's own
// 'closed' and 'timeout', and the helpers that build them from the core's -errno.
import { gai_strerror, strerror } from '@sockport/core';

/** A failed call: `nil, message, code` (strerror text and errno, or a getaddrinfo error). */
export type Failure = [null, string, number];
/** End of stream, or a socket closed under a waiting call: `nil, 'closed'`. */
export type Closed = [null, 'closed'];
/** The call's `expires` passed; the socket has been closed: `nil, 'timeout'`. */
export type Timeout = [null, 'timeout'];
/** Success of a call that has no other result. */
export type Done = [true];

/** The triple for a core `-errno` result. */
export function failure(negErrno: number): Failure {
  return [null, strerror(-negErrno), -negErrno];
}

/**
 * The triple for a getaddrinfo error: glibc's text for its negative EAI code, and the
 * code (`EAI_SYSTEM` too is `'System error'`, as the original gives it, not errno's text).
 */
export function lookupFailure(code: number): Failure {
  return [null, gai_strerror(code), code];
}

/** `true`: a fresh tuple each time, since callers own what they get. */
export const done = (): Done => [true];
/** `nil, 'closed'`. */
export const closed = (): Closed => [null, 'closed'];
/** `nil, 'timeout'`. */
export const timeout = (): Timeout => [null, 'timeout'];
