import { textOrBytes } from './address.js';
import { binding } from './binding.js';

/** One address of one network interface, as getifaddrs(3) lists it. */
export interface InterfaceAddress {
  /** The interface's name: text, or a Buffer of its bytes when they are not UTF-8. */
  name: string | Buffer;
  /** The address family number (`AF_INET`, `AF_INET6`, `AF_PACKET`, ...). */
  family: number;
  /** Numeric address for inet families, else null. */
  address: string | null;
  /** Numeric netmask for inet families, else null. */
  netmask: string | null;
  /** `IFF_*` flags. */
  flags: number;
  /** The interface index. */
  index: number;
}

/** getifaddrs(3): every address of every interface, or `-errno`. */
export function getifaddrs(): InterfaceAddress[] | number {
  const r = binding.getifaddrs();
  if (r[0] !== 0) return -r[0];
  return (r[1] ?? []).map(([name, family, address, netmask, flags, index]) => ({ name: textOrBytes(name), family, address, netmask, flags, index }));
}

/** if_nametoindex(3): the interface's index, 0 when there is none by that name. */
export function if_nametoindex(name: string): number {
  return binding.if_nametoindex(name);
}

/** if_indextoname(3): the interface's name, or null. */
export function if_indextoname(index: number): string | null {
  return binding.if_indextoname(index);
}
