import { binding } from './binding.js';

/**
 * errno numbers by symbolic name, exactly as this platform defines them
 * (`errno.ECONNREFUSED` is 111 on Linux, 61 on macOS). Names the platform lacks
 * are absent.
 */
export interface ErrnoTable {
  readonly EAGAIN: number;
  readonly EWOULDBLOCK: number;
  readonly EINTR: number;
  readonly EINPROGRESS: number;
  readonly EALREADY: number;
  readonly EISCONN: number;
  readonly ENOTCONN: number;
  readonly ECONNREFUSED: number;
  readonly ECONNRESET: number;
  readonly ECONNABORTED: number;
  readonly EPIPE: number;
  readonly ETIMEDOUT: number;
  readonly EBADF: number;
  readonly EINVAL: number;
  readonly ENOENT: number;
  readonly EEXIST: number;
  readonly EIO: number;
  readonly ENOBUFS: number;
  readonly ENOMEM: number;
  readonly EFAULT: number;
  readonly EMFILE: number;
  readonly ENFILE: number;
  readonly EACCES: number;
  readonly EPERM: number;
  readonly EDOM: number;
  readonly ENAMETOOLONG: number;
  readonly ENOTSOCK: number;
  readonly EADDRINUSE: number;
  readonly EADDRNOTAVAIL: number;
  readonly EAFNOSUPPORT: number;
  readonly EPROTOTYPE: number;
  readonly EPROTONOSUPPORT: number;
  readonly ENOPROTOOPT: number;
  readonly EOPNOTSUPP: number;
  readonly EDESTADDRREQ: number;
  readonly EMSGSIZE: number;
  readonly ENETUNREACH: number;
  readonly EHOSTUNREACH: number;
  readonly [name: string]: number | undefined;
}

/** errno numbers by name, from the platform's own headers. */
export const errno: ErrnoTable = Object.freeze({ ...binding.errnoNames }) as ErrnoTable;

// Several names share a number (EAGAIN/EWOULDBLOCK, EOPNOTSUPP/ENOTSUP,
// EDEADLK/EDEADLOCK); these are the names strerror-style output uses.
const preferred = new Set(['EAGAIN', 'EOPNOTSUPP', 'EDEADLK']);
const namesByNumber = new Map<number, string>();
for (const [name, value] of Object.entries(binding.errnoNames)) {
  if (!namesByNumber.has(value) || preferred.has(name)) namesByNumber.set(value, name);
}

/** The symbolic name of an errno number (`'ECONNREFUSED'`), or undefined if it has none. */
export function errnoName(n: number): string | undefined {
  return namesByNumber.get(n);
}

const messages = new Map<number, string>();

/**
 * The C library's message for an errno number: glibc's `'Connection refused'`, not
 * libuv's wording. `strerror(0)` is `'Success'` on glibc.
 */
export function strerror(n: number): string {
  let text = messages.get(n);
  if (text === undefined) {
    text = binding.strerror(n);
    messages.set(n, text);
  }
  return text;
}

/** The C library's message for a getaddrinfo error code (`EAI_*`, negative on glibc). */
export function gai_strerror(code: number): string {
  return binding.gaiStrerror(code);
}

/**
 * An errno as a JavaScript Error, for the few core calls that reject or throw instead
 * of returning `-errno` (an async wait that cannot start, for example).
 */
export class SysError extends Error {
  /** The errno number. */
  readonly errno: number;
  /** Its symbolic name, such as `'EBADF'`. */
  readonly code: string;

  constructor(errnoValue: number, message?: string) {
    super(message ?? strerror(errnoValue));
    this.name = 'SysError';
    this.errno = errnoValue;
    this.code = errnoName(errnoValue) ?? `E${errnoValue}`;
  }
}
