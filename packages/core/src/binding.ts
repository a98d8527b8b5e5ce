// The native addon, loaded once per environment, with the types of what it exports.
// Only the core's own modules import this file; faces use the typed API on top.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** @internal The native socket object; see native/socket.h. */
export interface NativeSocket {
  open(domain: number, type: number, protocol: number): number;
  borrow(fd: number): number;
  dup(fd: number): number;
  fd(): number;
  /** The number the hot calls of {@link Binding} take instead of a receiver. */
  id(): number;
  bind(address: Uint8Array, length: number): number;
  connect(address: Uint8Array, length: number): number;
  listen(backlog: number): number;
  accept(into: NativeSocket): number;
  shutdown(how: number): number;
  close(): number;
  detach(): number;
  getsockname(): number;
  getpeername(): number;
  getNonblock(): number;
  setNonblock(on: boolean): number;
  setInheritable(on: boolean): number;
  setsockopt(level: number, name: number, kind: number, a?: unknown, b?: unknown, c?: unknown): number;
  getsockopt(level: number, name: number, kind: number, capacity?: number): [number, unknown?];
  disarm(mask: number): void;
  slot(): number;
  forget(mask: number): void;
  mark(mask: number): void;
  watch(): number;
}

/** @internal Rows: [family, socktype, protocol, host, port, flowinfo, scopeid, canonname]. */
export type AddrInfoRow = [number, number, number, string, number, number, number, string | null];
/** @internal [code, errno, rows]. */
export type AddrInfoAnswer = [number, number, AddrInfoRow[]];
/** @internal [name, family, address, netmask, flags, index]. */
export type IfAddrRow = [Uint8Array, number, string | null, string | null, number, number];

/** @internal */
export interface Binding {
  NativeSocket: new () => NativeSocket;
  socketpair(a: NativeSocket, b: NativeSocket, domain: number, type: number, protocol: number): number;
  // The hot calls: the socket is named by NativeSocket.id(), which costs less than a receiver.
  send(id: number, data: Uint8Array, offset: number, length: number, flags: number): number;
  recv(id: number, buffer: Uint8Array, offset: number, length: number, flags: number): number;
  sendto(id: number, data: Uint8Array, offset: number, length: number, flags: number, address: Uint8Array, addressLength: number): number;
  recvfrom(id: number, buffer: Uint8Array, offset: number, length: number, flags: number): number;
  arm(id: number, mask: number): number;
  ready(id: number): number;
  /** Native handles alive in this thread (not yet finalized). */
  liveSockets(): number;
  closeCollected(always: boolean): number;
  pollers(): string[];
  startReactor(backend: string, onBatch: (count: number) => void, shareEpollFd: number): [string, ArrayBuffer, number, boolean] | number;
  reactorInfo(): { backend: string; held: boolean; pollableFd: number } | null;
  /** Whether something waits: the reactor keeps the process alive while it does. */
  reactorHold(held: boolean): void;
  /** Collects what is ready now and dispatches it (false inside a batch, or when closed). */
  reactorCollect(): boolean;
  /** The reactor's ready bits by slot (a new buffer after the slots outgrow it), or null. */
  reactorReady(): ArrayBuffer | null;
  isReactorEpoll(fd: number): boolean;
  slotOfFd(fd: number): number;
  scratch: ArrayBuffer;
  monotonic(): number;
  encodeInet(out: Uint8Array, family: number, host: string, port: number, flowinfo: number, scopeid: number): number;
  encodeUnix(out: Uint8Array, path: Uint8Array): number;
  decodeAddress(bytes: Uint8Array, length: number): [number, (string | Buffer)?, number?, number?, number?];
  sockaddrStorageSize: number;
  unixPathMax: number;
  constants: Record<'families' | 'types' | 'levels' | 'options' | 'messageFlags' | 'shutdown' | 'addrinfo' | 'misc', Record<string, number>>;
  errnoNames: Record<string, number>;
  strerror(n: number): string;
  gaiStrerror(code: number): string;
  optionKinds: Record<'int' | 'linger' | 'timeval' | 'string' | 'mreq4' | 'mreq6' | 'inaddr' | 'ucred' | 'bytes', number>;
  getaddrinfo(host: string | Uint8Array | null, service: string | Uint8Array | null, family: number, socktype: number, protocol: number, flags: number, callback: (answer: AddrInfoAnswer) => void): void;
  getaddrinfoSync(host: string | Uint8Array | null, service: string | Uint8Array | null, family: number, socktype: number, protocol: number, flags: number): AddrInfoAnswer;
  getprotobyname(name: string): number;
  getprotobynumber(n: number): string | null;
  getifaddrs(): [0, IfAddrRow[]] | [number];
  if_nametoindex(name: string): number;
  if_indextoname(index: number): string | null;
  waitSync(backend: string, sockets: NativeSocket[], masks: number[], timeout: number, out: Int32Array): number;
}

const require = createRequire(import.meta.url);
const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

// The local build when there is one, else the prebuilt binary for this platform
// (node-gyp-build's order). SOCKPORT_ADDON points at another build of the same addon
// (the sanitized one in tests).
const load = require('node-gyp-build') as (dir: string) => unknown;

/** @internal */
export const binding: Binding = (process.env.SOCKPORT_ADDON ? require(process.env.SOCKPORT_ADDON) : load(packageRoot)) as Binding;
