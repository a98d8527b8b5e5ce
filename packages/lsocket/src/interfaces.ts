// lsocket.getinterfaces: the IPv4 and IPv6 addresses of every interface.
import { AF_INET, AF_INET6, getifaddrs } from '@sockport/core';
import { fail, type Failure } from './lua.js';

/** One address of one interface. */
export interface InterfaceEntry {
  /** The interface's name (`'lo'`): a Buffer of its bytes when they are not UTF-8, usable as given (`addr%name` as bytes). */
  name: string | Buffer;
  /** The address family. */
  family: 'inet' | 'inet6';
  /** The numeric address. */
  addr: string;
  /** The numeric netmask (absent when the system reports none). */
  mask?: string;
}

/** What `getinterfaces` returns: one entry per address, or `nil, message`. */
export type InterfacesResult = [InterfaceEntry[]] | Failure;

/**
 * Lists every IPv4 and IPv6 address of every interface, as getifaddrs(3) gives them:
 * `[{ name, family, addr, mask }, ...]` (other families are left out), or `nil,
 * message`.
 *
 * Lua: `tbl, err = lsocket.getinterfaces()`
 */
export function getinterfaces(): InterfacesResult {
  const found = getifaddrs();
  if (typeof found === 'number') return fail(-found);
  const list: InterfaceEntry[] = [];
  for (const entry of found) {
    if ((entry.family !== AF_INET && entry.family !== AF_INET6) || entry.address === null) continue;
    const item: InterfaceEntry = { name: entry.name, family: entry.family === AF_INET ? 'inet' : 'inet6', addr: entry.address };
    if (entry.netmask !== null) item.mask = entry.netmask;
    list.push(item);
  }
  return [list];
}
