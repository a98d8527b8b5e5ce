/** The IPv6 group the samples use: all nodes, interface-local scope, on `lo`. */
export const GROUP6: string;
/**
 * Makes IPv6 multicast on the loopback interface work (adding the route when it is
 * missing and this process is root): null when it works, else the reason it does not.
 */
export function ensureLoopbackMulticast(): string | null;
