// Every line where the port may print something else than the real Tarantool 2.6, and
// why. Each entry names the family and the line's label, and gives both lines exactly
// (what follows the label), so an entry cannot hide any other difference. The
// differential test fails on any other difference, and on an entry that no longer
// matches anything.

export interface AllowedDifference {
  family: string;
  label: string;
  /** The Lua line after its label, exactly. */
  lua: string;
  /** The port's line after its label, exactly. */
  ts: string;
  /** Why the port differs: the rule of CONVENTIONS.md or the document it follows. */
  reason: string;
}

const CALLABLE = 'CONVENTIONS.md, Modules: a module that is callable in Lua is a callable function object in TypeScript';
const ENGINE = "CONVENTIONS.md, Errors: messages from the Lua engine (LuaJIT ffi's 'cannot convert ...', Lua's own errors) are not reproduced; the port throws a TypeError that names the argument";
const DIRECTION = "CONVENTIONS.md, Arguments: an unknown shutdown direction is refused with the call's error shape (false, EINVAL) instead of silently shutting both directions";
const TIMEVAL = "the document lists SO_RCVTIMEO/SO_SNDTIMEO as options setsockopt accepts, but 2.6 passes an int where the kernel wants a struct timeval, so setting one always fails with EINVAL (a result that contradicts its document): the port passes seconds as a timeval, and reads them back as seconds";
const SHUT = "the document's intent: it writes shutdown(socket.SHUT_RD/SHUT_WR/SHUT_RDWR), which 2.6 leaves nil (so every such call shut both directions); the port defines them as 0, 1, 2";

export const allowedDifferences: AllowedDifference[] = [
  { family: 'module', label: 'type socket', lua: '[1] "table"', ts: '[1] "function"', reason: CALLABLE },
  { family: 'module', label: 'SHUT_RD', lua: '[1] nil', ts: '[1] 0', reason: SHUT },
  { family: 'module', label: 'SHUT_WR', lua: '[1] nil', ts: '[1] 1', reason: SHUT },
  { family: 'module', label: 'SHUT_RDWR', lua: '[1] nil', ts: '[1] 2', reason: SHUT },
  ...['bind port abc', 'bind port 65536', 'bind port 1.5'].map((label) => ({
    family: 'address',
    label,
    lua: '[3] true | 0 | {family="AF_INET",host="127.0.0.1",port="<port>",protocol="udp",type="SOCK_DGRAM"}',
    ts: '[3] false | 22 | nil',
    reason: "CONVENTIONS.md, Arguments: a port that is not an integer in 0..65535 is refused with the call's error shape (EINVAL) instead of atoi's silent port 0 ('abc', 65536) or truncation (1.5)",
  })),
  { family: 'stream', label: 'send bad flag', lua: "raise: bad argument #4 to 'send' (cannot convert 'nil' to 'int')", ts: "raise: send: flags must be a MSG_* name or a list of them, got 'MSG_BOGUS'", reason: ENGINE },
  { family: 'stream', label: 'send number flag', lua: "raise: bad argument #4 to 'send' (cannot convert 'nil' to 'int')", ts: 'raise: send: flags must be a MSG_* name or a list of them, got 64', reason: ENGINE },
  { family: 'stream', label: 'send number', lua: "raise: bad argument #2 to 'send' (cannot convert 'number' to 'const void *')", ts: 'raise: send: data must be a string or a Uint8Array, got 5', reason: ENGINE },
  { family: 'stream', label: 'write number', lua: "raise: attempt to get length of local 'octets' (a number value)", ts: 'raise: write: data must be a string or a Uint8Array, got 5', reason: ENGINE },
  { family: 'stream', label: 'write nil', lua: "raise: attempt to get length of local 'octets' (a nil value)", ts: 'raise: write: data must be a string or a Uint8Array, got undefined', reason: ENGINE },
  ...['shutdown recv', 'shutdown xyz', 'shutdown 5'].map((label) => ({ family: 'stream', label, lua: '[2] true | 0', ts: '[2] false | 22', reason: DIRECTION })),
  { family: 'options', label: 'set string value', lua: "raise: cannot convert 'string' to 'int'", ts: "raise: setsockopt: value must be a number or a boolean, got '5000'", reason: ENGINE },
  { family: 'options', label: 'set nil value', lua: "raise: cannot convert 'nil' to 'int'", ts: 'raise: setsockopt: value must be a number or a boolean, got null', reason: ENGINE },
  { family: 'options', label: 'linger string timeout', lua: "raise: cannot convert 'string' to 'int'", ts: "raise: linger: timeout must be a number or a boolean, got '3'", reason: ENGINE },
  { family: 'options', label: 'TCP_SAVED_SYN nothing saved', lua: "raise: bad argument #2 to 'format' (number expected, got cdata)", ts: 'raise: getsockopt: TCP_SAVED_SYN gave 0 bytes, not an int', reason: ENGINE },
  { family: 'options', label: 'SO_RCVTIMEO set', lua: '[2] false | 22', ts: '[2] true | 0', reason: TIMEVAL },
  { family: 'options', label: 'SO_RCVTIMEO get', lua: '[1] 0', ts: '[1] 5', reason: TIMEVAL },
  { family: 'wait', label: 'readable bad timeout', lua: "raise: bad argument #3 to 'iowait' (number expected, got string)", ts: "raise: timeout must be a number of seconds, got 'abc'", reason: ENGINE },
  { family: 'wait', label: 'iowait bad timeout', lua: "raise: bad argument #3 to '?' (number expected, got string)", ts: "raise: iowait: timeout must be a number of seconds, got 'abc'", reason: ENGINE },
  { family: 'wait', label: 'send bad flags', lua: "raise: bad argument #4 to 'send' (cannot convert 'nil' to 'int')", ts: "raise: send: flags must be a MSG_* name or a list of them, got 'BAD'", reason: ENGINE },
  { family: 'wait', label: 'iowait bad fd', lua: "raise: bad argument #1 to '?' (number expected, got string)", ts: "raise: iowait: fd must be a descriptor number, got 'x'", reason: ENGINE },
  { family: 'luasocket', label: 'timeout false send', lua: "raise: attempt to perform arithmetic on local 'timeout' (a boolean value)", ts: 'raise: send: the timeout set with settimeout is false, not a number of seconds', reason: ENGINE },
  { family: 'luasocket', label: 'setoption nil value', lua: "raise: cannot convert 'nil' to 'int'", ts: 'raise: setsockopt: value must be a number or a boolean, got null', reason: ENGINE },
  { family: 'luasocket', label: 'shutdown recv means both', lua: '[1] 1', ts: '[2] nil | "Invalid argument"', reason: DIRECTION },
  { family: 'numbers', label: 'readable nbsp 0, idle', lua: "raise: bad argument #3 to 'iowait' (number expected, got string)", ts: "raise: timeout must be a number of seconds, got '\u00a00'", reason: ENGINE },
  { family: 'numbers', label: 'read nbsp', lua: "raise: attempt to perform arithmetic on local 'timeout' (a string value)", ts: "raise: read: timeout must be a number of seconds, got '\u00a01'", reason: ENGINE },
  { family: 'numbers', label: 'strerror nbsp 3', lua: "raise: bad argument #1 to 'strerror' (cannot convert 'nil' to 'int')", ts: "raise: errno.strerror(n) must be an errno number, got '\u00a03'", reason: ENGINE },
  { family: 'numbers', label: 'recv 2^31', lua: "raise: bad argument #1 to 'static_alloc' (size of C type is unknown or too large)", ts: 'raise: recv: size is too large (at most 2147483647), got 2147483648', reason: ENGINE },
  { family: 'numbers', label: 'recv 2^32+2', lua: "raise: bad argument #1 to 'static_alloc' (size of C type is unknown or too large)", ts: 'raise: recv: size is too large (at most 2147483647), got 4294967298', reason: ENGINE },
  { family: 'numbers', label: 'sysread 2^53', lua: 'raise: Failed to allocate 9007199254740992 bytes in ibuf', ts: 'raise: sysread: size is too large to allocate, got 9007199254740992', reason: ENGINE },
  {
    family: 'wait',
    label: 'second reader with its limit buffered',
    lua: '[1] "F1 abc, F2 raise assertion failed!"',
    ts: '[1] "F1 abc, F2 defg"',
    reason: "the package README, deviation 19: when one fiber's read leaves the read-ahead buffer holding another waiting read's whole limit, 2.6 trips an assertion in its read loop and that fiber dies; the port answers the second read from the buffer",
  },
];

/** The label of a scenario line: what comes before ` [n] ` or ` raise: `. */
export function labelOf(line: string): string {
  const m = /^(.*?) (?:\[\d+\] |raise: )/.exec(line);
  return m ? m[1]! : line;
}

/** A line whose outcome is a race in Tarantool itself: either side may print any of `outcomes`. */
export interface RacyLine {
  family: string;
  label: string;
  /** The possible lines after the label, exactly. */
  outcomes: string[];
  /** What races, and how often each way. */
  reason: string;
}

export const racyLines: RacyLine[] = [
  {
    family: 'connect',
    label: 'tcp_connect timeout 0',
    outcomes: ['[4] 1 | false | 110 | "Connection timed out"', '[4] 1 | false | 22 | "Invalid argument"'],
    reason:
      "tcp_connect resolves with the same 0 s timeout it connects with. Tarantool's resolver thread usually answers before its timer fires (197 of 200 tries here), and the connect then times out (ETIMEDOUT); otherwise the failed resolution is reported as EINVAL. The port runs the same race (an answer already in wins over the timer), and loses it less often.",
  },
];

