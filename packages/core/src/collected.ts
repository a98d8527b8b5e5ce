// Sockets that become garbage are closed by their finalizers, which Node runs when its
// event loop turns: a thread that only makes blocking calls (waitSync) never lets it
// turn, and would keep their descriptors open until it ran out. Blocking waits close
// them first, and so does a call that finds the descriptors used up.
import { binding } from './binding.js';
import { monotonic } from './clock.js';
import { errno } from './errno.js';

// Above this many sockets a sweep is worth limiting to one per SWEEP_EVERY seconds.
const MANY_SOCKETS = 1024;
const SWEEP_EVERY = 0.1;
let lastSweep = -Infinity;

/** @internal Before a blocking wait: closes the sockets the GC has taken since the last look. */
export function closeCollected(): void {
  if (binding.liveSockets() > MANY_SOCKETS) {
    const now = monotonic();
    if (now - lastSweep < SWEEP_EVERY) return;
    lastSweep = now;
  }
  binding.closeCollected(false);
}

/**
 * @internal Whether a call that failed with `rc` should be made again: it ran out of
 * descriptors, and closing those of collected sockets gave some back.
 */
export function retryAfterCollect(rc: number): boolean {
  return (rc === -errno.EMFILE || rc === -errno.ENFILE) && binding.closeCollected(true) > 0;
}
