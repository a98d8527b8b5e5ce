import { binding } from './binding.js';

/**
 * Seconds of the system's monotonic clock (`CLOCK_MONOTONIC`), as a fraction.
 * One clock for every thread of the process, so deadlines can cross worker threads.
 * Every core deadline is a value of this clock.
 */
export function monotonic(): number {
  return binding.monotonic();
}

// setTimeout takes at most 2^31-1 ms (about 24.8 days); a longer sleep is a chain.
const MAX_TIMER_MS = 0x7fffffff;

/**
 * Resolves once {@link monotonic} has reached `deadline` (at once when it has passed),
 * without holding anything but a timer: the process stays alive meanwhile. Any
 * distance works, also beyond setTimeout's limit of about 24.8 days.
 */
export function sleepUntil(deadline: number): Promise<void> {
  return new Promise((resolve) => {
    const step = (): void => {
      const left = deadline - monotonic();
      if (left <= 0) resolve();
      else setTimeout(step, Math.min(Math.ceil(left * 1000), MAX_TIMER_MS));
    };
    step();
  });
}
