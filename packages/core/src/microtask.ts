// Microtasks for the schedulers' hot paths. Node's queueMicrotask makes an async
// resource per call, a few times dearer than the microtask itself; a resolved
// promise's then() queues the same job in the same queue without one.

const RESOLVED = Promise.resolve();

/**
 * Queues `callback` as a microtask, where `queueMicrotask` would, without the async
 * resource Node makes for each `queueMicrotask` call. For callbacks that never throw:
 * an error would surface as an unhandled rejection, not as an uncaught exception.
 */
export function enqueueMicrotask(callback: () => void): void {
  void RESOLVED.then(callback);
}
