import { binding } from './binding.js';

/**
 * Seconds of the system's monotonic clock (`CLOCK_MONOTONIC`), as a fraction.
 * One clock for every thread of the process, so deadlines can cross worker threads.
 * Every core deadline is a value of this clock.
 */
export function monotonic(): number {
  return binding.monotonic();
}
