// Async methods report raises through their Promise: they never throw directly, so a
// caller's .catch() sees every failure.

/** @internal A Promise of what `run` returns (a value or a Promise), rejected if `run` throws. */
export function settle<T>(run: () => T | Promise<T>): Promise<T> {
  try {
    return Promise.resolve(run());
  } catch (error) {
    return Promise.reject(error);
  }
}
