// The shapes of socket2's returns: `nil, err, errcode` triples, socket2's own
// 'closed' and 'timeout', and the helpers that build them from the core's -errno.
import { strerror } from '@sockport/core';

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

/** The triple for a getaddrinfo error (glibc's negative EAI code and its text). */
export function lookupFailure(code: number, message: string): Failure {
  return [null, message, code];
}

/** `true`: a fresh tuple each time, since callers own what they get. */
export const done = (): Done => [true];
/** `nil, 'closed'`. */
export const closed = (): Closed => [null, 'closed'];
/** `nil, 'timeout'`. */
export const timeout = (): Timeout => [null, 'timeout'];
