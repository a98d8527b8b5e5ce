// s:setopt()/s:getopt(): socket2's lowercase `so_*` and `tcp_*` names over the
// core's option table, with the value shapes the core gives them.
import { socketOptions, type OptionName, type OptionValue, type Socket as CoreSocket } from '@sockport/core';
import { badArgument } from './args.js';
import { describe } from './lua.js';
import { failure, type Done, type Failure } from './results.js';

/** An option name: every `so_*` and `tcp_*` option the core knows (`'so_reuseaddr'`, `'tcp_nodelay'`, ...). */
export type OptName = Lowercase<Extract<OptionName, `SO_${string}` | `TCP_${string}`>>;

type CoreOptName = Uppercase<OptName> & OptionName;

/**
 * An option's value: booleans for flags, numbers for sizes and counts, seconds for
 * `so_rcvtimeo`/`so_sndtimeo`, strings for `so_bindtodevice`/`tcp_congestion`;
 * `so_linger` is its timeout in seconds when on, or false when off.
 */
export type OptValue<N extends OptName> = N extends 'so_linger' ? number | false : OptionValue<Uppercase<N> & OptionName>;

function coreName(name: unknown): CoreOptName {
  if (typeof name === 'string' && /^(so|tcp)_[a-z0-9_]+$/.test(name)) {
    const upper = name.toUpperCase();
    if (Object.prototype.hasOwnProperty.call(socketOptions, upper)) return upper as CoreOptName;
  }
  throw new TypeError('invalid socket option');
}

/** @internal s:setopt(opt, val). */
export function setopt(s: CoreSocket, name: unknown, value: unknown): Done | Failure {
  const opt = coreName(name);
  const spec = socketOptions[opt] as { readonly?: true };
  if (spec.readonly) throw new TypeError('read-only socket option');
  let v = value;
  if (opt === 'SO_LINGER') {
    if (value === false || value === null || value === undefined) v = { on: false, seconds: 0 };
    else if (typeof value === 'number' && Number.isInteger(value) && value >= 0) v = { on: true, seconds: value };
    else badArgument(2, 'setopt', `so_linger takes a whole number of seconds or false, got ${describe(value)}`);
  }
  let rc: number;
  try {
    rc = s.setsockopt(opt, v as never);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    // The core names its own (uppercase) option: name it as the caller did.
    badArgument(2, 'setopt', error.message.replace(opt, opt.toLowerCase()));
  }
  return rc < 0 ? failure(rc) : [true];
}

/** @internal s:getopt(opt). */
export function getopt(s: CoreSocket, name: unknown): [unknown] | Failure {
  const opt = coreName(name);
  const spec = socketOptions[opt] as { writeonly?: true };
  if (spec.writeonly) throw new TypeError('write-only socket option');
  const r = s.getsockopt(opt);
  if (!r.ok) return failure(-r.errno);
  if (opt === 'SO_LINGER') {
    const l = r.value as { on: boolean; seconds: number };
    return [l.on ? l.seconds : false];
  }
  return [r.value];
}
