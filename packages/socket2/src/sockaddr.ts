// socket2's `struct sockaddr` objects (`sa`): what accept returns and what an ai entry
// holds, with sa:family(), sa:port(), sa:addr() and sa:tostring().
import { AF_UNIX, encodeAddress, errno, type EncodedAddress, type OtherAddr, type SockAddr } from '@sockport/core';
import { familyName, type FamilyName } from './names.js';

/** The host part of an address (`sa:addr()`): its `tostring()` is the host without the port. */
export class AddrHost {
  readonly #text: string;

  /** @internal */
  constructor(text: string) {
    this.#text = text;
  }

  /** The numeric host (`'127.0.0.1'`, `'::1'`), or a unix socket's path. */
  tostring(): string {
    return this.#text;
  }

  /** Same as {@link AddrHost.tostring}. */
  toString(): string {
    return this.#text;
  }
}

function hostText(sa: SockAddr): string {
  switch (sa.family) {
    case 'inet':
      return sa.host;
    case 'inet6':
      return sa.scopeid ? `${sa.host}%${sa.scopeid}` : sa.host;
    case 'unix':
      // An abstract name has no file; '@name' is how ss(8) and netstat print it.
      return sa.abstract ? `@${sa.path}` : sa.path;
  }
}

/**
 * @internal The address of a peer the kernel gives none for (an unbound unix socket):
 * an unnamed unix address, or just the family.
 */
export function unnamed(family: number): SockAddr | OtherAddr {
  return family === AF_UNIX ? { family: 'unix', path: '' } : { family };
}

/**
 * A socket address: `sa:family()`, `sa:port()`, `sa:addr()`, `sa:tostring()`. Every
 * accept returns new ones (the original hands out one shared buffer).
 */
export class Addr {
  /** @internal The core's decoded address. */
  readonly sockaddr: SockAddr | OtherAddr;
  #encoded: EncodedAddress | number | undefined;

  /** @internal `encoded`, when known, saves encoding the address again. */
  constructor(sockaddr: SockAddr | OtherAddr, encoded?: EncodedAddress) {
    this.sockaddr = sockaddr;
    this.#encoded = encoded;
  }

  /** `'inet'`, `'inet6'` or `'unix'` (null for a family socket2 has no name for). */
  family(): FamilyName | null {
    const f = this.sockaddr.family;
    return typeof f === 'number' ? familyName(f) : f;
  }

  /** The port in host byte order; 0 for unix addresses. */
  port(): number {
    const sa = this.sockaddr;
    return sa.family === 'inet' || sa.family === 'inet6' ? sa.port : 0;
  }

  /** The host part. Raises `NYI` for families without one, as the original does. */
  addr(): AddrHost {
    const sa = this.sockaddr;
    if (typeof sa.family === 'number') throw new Error('NYI');
    return new AddrHost(hostText(sa as SockAddr));
  }

  /**
   * `'127.0.0.1:8080'`, `'[::1]:8080'`; the port is left out when it is 0
   * (`'0.0.0.0'`, `'::'`). A unix address prints its path (`'@name'` when abstract).
   */
  tostring(): string {
    const host = this.addr().tostring();
    const port = this.port();
    if (port === 0) return host;
    return this.sockaddr.family === 'inet6' ? `[${host}]:${port}` : `${host}:${port}`;
  }

  /** Same as {@link Addr.tostring}. */
  toString(): string {
    return this.tostring();
  }

  /** How Node's console shows it: `Addr { 127.0.0.1:80 }`. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `Addr { ${this.tostring()} }`;
  }

  /** @internal The kernel's encoding, made once: an EncodedAddress or -errno. */
  encoded(): EncodedAddress | number {
    if (this.#encoded === undefined) {
      const sa = this.sockaddr;
      this.#encoded = typeof sa.family === 'number' ? -errno.EINVAL : encodeAddress(sa as SockAddr);
    }
    return this.#encoded;
  }
}
