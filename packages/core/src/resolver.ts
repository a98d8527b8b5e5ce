import { binding, type AddrInfoAnswer } from './binding.js';
import { constants } from './constants.js';
import { gai_strerror, strerror } from './errno.js';

const EAI_SYSTEM = constants.addrinfo.EAI_SYSTEM;

/** One getaddrinfo result. `host` is always numeric. */
export interface AddrInfo {
  family: number;
  socktype: number;
  protocol: number;
  host: string;
  port: number;
  flowinfo: number;
  scopeid: number;
  /** Set on the first entry when `AI_CANONNAME` was asked for. */
  canonname: string | null;
}

/** getaddrinfo hints; every field defaults to 0 (any). */
export interface AddrInfoHints {
  family?: number;
  socktype?: number;
  protocol?: number;
  flags?: number;
}

/**
 * A getaddrinfo answer: the entries, or the failure with its `EAI_*` code (negative on
 * glibc), the errno behind `EAI_SYSTEM` (0 for every other code), and the resolver's
 * own message.
 */
export type AddrInfoResult =
  | { ok: true; entries: AddrInfo[] }
  | { ok: false; code: number; errno: number; message: string };

// A name as text or as bytes (a Uint8Array is passed as it is: a name in another
// encoding than UTF-8 reaches the resolver unchanged).
type Name = string | Uint8Array;

function args(host: Name | null | undefined, service: Name | number | null | undefined, hints: AddrInfoHints) {
  if (host != null && typeof host !== 'string' && !(host instanceof Uint8Array)) throw new TypeError('host must be a string, a Uint8Array or null');
  if (service != null && typeof service !== 'string' && typeof service !== 'number' && !(service instanceof Uint8Array))
    throw new TypeError('service must be a string, a Uint8Array, a port number or null');
  const int = (v: number | undefined, name: string): number => {
    if (v === undefined) return 0;
    if (!Number.isInteger(v)) throw new TypeError(`${name} must be an integer`);
    return v;
  };
  return [
    host ?? null,
    service == null ? null : service instanceof Uint8Array ? service : String(service),
    int(hints.family, 'family'),
    int(hints.socktype, 'socktype'),
    int(hints.protocol, 'protocol'),
    int(hints.flags, 'flags'),
  ] as const;
}

function shape([code, err, rows]: AddrInfoAnswer): AddrInfoResult {
  if (code !== 0) return { ok: false, code, errno: err, message: code === EAI_SYSTEM && err !== 0 ? strerror(err) : gai_strerror(code) };
  return {
    ok: true,
    entries: rows.map(([family, socktype, protocol, host, port, flowinfo, scopeid, canonname]) => ({
      family, socktype, protocol, host, port, flowinfo, scopeid, canonname,
    })),
  };
}

/**
 * getaddrinfo(3) on the libuv thread pool: the event loop never waits for a name
 * server. A host or service is text or bytes (a Uint8Array reaches the resolver as it
 * is); one containing a NUL byte throws TypeError.
 */
export function getaddrinfo(host: Name | null | undefined, service: Name | number | null | undefined, hints: AddrInfoHints = {}): Promise<AddrInfoResult> {
  const a = args(host, service, hints);
  return new Promise((resolve) => binding.getaddrinfo(...a, (answer) => resolve(shape(answer))));
}

/** getaddrinfo(3) that blocks the calling thread (for `*Sync` calls in workers and scripts). */
export function getaddrinfoSync(host: Name | null | undefined, service: Name | number | null | undefined, hints: AddrInfoHints = {}): AddrInfoResult {
  return shape(binding.getaddrinfoSync(...args(host, service, hints)));
}

/** The protocol number of a name in the system's protocol database (`'tcp'` → 6), or -1. */
export function getprotobyname(name: string): number {
  return binding.getprotobyname(name);
}

/** The name of a protocol number (6 → `'tcp'`), or null. */
export function getprotobynumber(protocol: number): string | null {
  return binding.getprotobynumber(protocol);
}
