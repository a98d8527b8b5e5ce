// Tarantool's fio.unlink, as tcp_server uses it on unix socket files.
import { Buffer } from 'node:buffer';
import { unlinkSync } from 'node:fs';
import * as core from '@sockport/core';
import { setErrno } from './errno.js';
import { concatText } from './lua.js';

/**
 * @internal Removes a file, leaving the module errno as fio.unlink does (it runs in a
 * worker thread whose errno it copies back): 0 on success.
 */
export function unlinkPath(path: unknown): boolean {
  try {
    unlinkSync(path instanceof Uint8Array ? Buffer.from(path) : concatText(path));
    setErrno(0);
    return true;
  } catch (error) {
    // Node's fs errors carry the negated errno.
    const code = (error as NodeJS.ErrnoException).errno;
    setErrno(code !== undefined ? -code : core.errno.EIO);
    return false;
  }
}
