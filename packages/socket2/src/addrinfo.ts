// socket2's `ai` objects: one getaddrinfo entry each, linked into the list that
// socket.addr() returns, with ai:next(), ai:addrs() and the entry's names.
import { badArgument } from './args.js';
import { truthy } from './lua.js';
import { familyName, protocolName, typeName, type FamilyName, type ProtocolName, type SocketTypeName } from './names.js';
import { Addr } from './sockaddr.js';

/** @internal What one entry is made of. */
export interface AddrInfoEntry {
  family: number;
  socktype: number;
  protocol: number;
  addr: Addr;
  canonname: string | null;
  /** The lookup's flags (getaddrinfo copies them into every entry). */
  flags: number;
}

/**
 * An address list from {@link addr}: this object is its first entry, and
 * {@link AddrInfo.next} / {@link AddrInfo.addrs} walk the rest.
 */
export class AddrInfo {
  /** This entry's socket address. */
  readonly addr: Addr;
  /** The raw `struct addrinfo` fields the original exposes: the lookup's `AI_*` flags. */
  readonly flags: number;
  /** The address family number (`AF_INET`, ...): the raw field behind {@link AddrInfo.family}. */
  readonly family_num: number;
  /** The socket type number (`SOCK_STREAM`, ...): the raw field behind {@link AddrInfo.type}. */
  readonly socktype_num: number;
  /** The protocol number: the raw field behind {@link AddrInfo.protocol}. */
  readonly protocol_num: number;
  /** The length of {@link AddrInfo.addr} in bytes (16 for IPv4, 28 for IPv6). */
  readonly addrlen: number;
  readonly #family: number;
  readonly #socktype: number;
  readonly #protocol: number;
  readonly #canonname: string | null;
  #next: AddrInfo | null = null;

  /** @internal */
  constructor(entry: AddrInfoEntry) {
    this.addr = entry.addr;
    this.flags = entry.flags;
    this.family_num = entry.family;
    this.socktype_num = entry.socktype;
    this.protocol_num = entry.protocol;
    const encoded = entry.addr.encoded();
    this.addrlen = typeof encoded === 'number' ? 0 : encoded.length;
    this.#family = entry.family;
    this.#socktype = entry.socktype;
    this.#protocol = entry.protocol;
    this.#canonname = entry.canonname;
  }

  /** @internal Links entries into a list; returns the head (null for none). */
  static list(entries: readonly AddrInfoEntry[]): AddrInfo | null {
    let head: AddrInfo | null = null;
    for (let i = entries.length - 1; i >= 0; i--) {
      const ai = new AddrInfo(entries[i]!);
      ai.#next = head;
      head = ai;
    }
    return head;
  }

  /**
   * Frees the list. Memory is the garbage collector's here, so this only exists for
   * porting; the list stays usable.
   */
  free(): void {}

  /**
   * The entry after `entry` (default: after this one), or null at the end of the list.
   * (The original's `ai:next()` without an argument returns `ai` itself: it is the
   * step function of `ai:addrs()`, which here is a real iterator.)
   */
  next(entry?: AddrInfo | false | null): AddrInfo | null {
    if (!truthy(entry)) return this.#next;
    if (!(entry instanceof AddrInfo)) badArgument(1, 'next', 'expected an ai object');
    return entry.#next;
  }

  /** Iterates over the list from this entry: `for (const a of ai.addrs())`. */
  *addrs(): IterableIterator<AddrInfo> {
    for (let a: AddrInfo | null = this; a !== null; a = a.#next) yield a;
  }

  /** `'tcp'`, `'udp'` or `'raw'` (null for a type socket2 has no name for). */
  type(): SocketTypeName | null {
    return typeName(this.#socktype);
  }

  /** `'inet'`, `'inet6'` or `'unix'`. */
  family(): FamilyName | null {
    return familyName(this.#family);
  }

  /** `'tcp'`, `'udp'`, `'ip'`, ... (getaddrinfo reports raw entries as `'ip'`). */
  protocol(): ProtocolName | null {
    return protocolName(this.#protocol);
  }

  /** The canonical name, on the first entry when the `cannonname` flag asked for it; else null. */
  name(): string | null {
    return this.#canonname;
  }

  /** The entry's address as text: `'127.0.0.1:80'`, `'[::1]:80'` (see {@link Addr.tostring}). */
  tostring(): string {
    return this.addr.tostring();
  }

  /** Same as {@link AddrInfo.tostring}. */
  toString(): string {
    return this.addr.tostring();
  }

  /** How Node's console shows it: `AddrInfo { tcp 127.0.0.1:80 }`. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `AddrInfo { ${this.type() ?? this.#socktype} ${this.addr.tostring()} }`;
  }
}
