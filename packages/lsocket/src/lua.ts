// Lua's argument rules as lsocket's C code meets them through the auxiliary library
// (luaL_checknumber, luaL_optstring, ...): the same coercions and the same raised texts.
import { Buffer } from 'node:buffer';
import { luajitNumberText, strerror } from '@sockport/core';

/** A value that stands for a Lua string: text (sent as UTF-8) or raw bytes. */
export type LuaString = string | Uint8Array;

let socketCheck: (value: unknown) => boolean = () => false;

/** @internal Lets the socket class say which values are its sockets (for type names). */
export function recognizeSockets(check: (value: unknown) => boolean): void {
  socketCheck = check;
}

/**
 * The type name Lua would print for a value in an argument error: `undefined` is an
 * absent argument (`no value`), `null` is `nil`, an lsocket socket is `socket` (its
 * metatable's `__name`), arrays and objects are tables.
 */
export function luaTypeName(value: unknown): string {
  if (value === undefined) return 'no value';
  if (value === null) return 'nil';
  switch (typeof value) {
    case 'boolean':
    case 'number':
    case 'string':
    case 'function':
      return typeof value;
    case 'object':
      if (value instanceof Uint8Array) return 'string';
      return socketCheck(value) ? 'socket' : 'table';
    default:
      return 'userdata';
  }
}

/** The raised error of `luaL_argerror`: `bad argument #n to 'f' (message)`. */
export function argError(position: number, fname: string, message: string): TypeError {
  return new TypeError(`bad argument #${position} to '${fname}' (${message})`);
}

function typeError(position: number, fname: string, expected: string, value: unknown): TypeError {
  return argError(position, fname, `${expected} expected, got ${luaTypeName(value)}`);
}

// lua_stringtonumber: decimal numbers with an optional exponent, and hexadecimal
// numbers (with a fraction and a binary exponent, as C's strtod reads them), with
// surrounding blanks allowed.
const decimal = /^[ \t\n\v\f\r]*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?[ \t\n\v\f\r]*$/;
const hexadecimal = /^[ \t\n\v\f\r]*([-+]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([-+]?\d+))?[ \t\n\v\f\r]*$/;

function stringToNumber(text: string): number | undefined {
  if (decimal.test(text)) return Number(text);
  const hex = hexadecimal.exec(text);
  if (hex === null) return undefined;
  const whole = hex[2]!;
  const fraction = hex[3] ?? '';
  if (whole.length === 0 && fraction.length === 0) return undefined;
  if (hex[3] === undefined && hex[4] === undefined) return Number(hexInteger(hex[1]!, whole));
  let n = whole.length > 0 ? Number.parseInt(whole, 16) : 0;
  if (fraction.length > 0) n += Number.parseInt(fraction, 16) / 16 ** fraction.length;
  if (hex[4] !== undefined) n *= 2 ** Number(hex[4]);
  return hex[1] === '-' ? -n : n;
}

// A hexadecimal integer wraps around modulo 2^64 into Lua's 64-bit integer
// ('0xffffffffffffffff' is -1), as does its negation.
function hexInteger(sign: string, digits: string): bigint {
  const wrapped = BigInt.asIntN(64, BigInt(`0x${digits}`));
  return sign === '-' ? BigInt.asIntN(64, -wrapped) : wrapped;
}

// A Lua string's text: a string, or bytes read one character per byte.
function stringText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('latin1');
  return undefined;
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  const text = stringText(value);
  return text === undefined ? undefined : stringToNumber(text);
}

/** `luaL_checknumber`: a number, or a string Lua converts to one; else raises. */
export function checkNumber(value: unknown, position: number, fname: string): number {
  const n = toNumber(value);
  if (n === undefined) throw typeError(position, fname, 'number', value);
  return n;
}

/** `luaL_optnumber`: like {@link checkNumber}, with `fallback` for nil or an absent argument. */
export function optNumber(value: unknown, fallback: number, position: number, fname: string): number {
  return value == null ? fallback : checkNumber(value, position, fname);
}

// A string that Lua 5.3 reads as an integer (l_str2int): decimal digits that fit in 64
// bits, or hexadecimal digits, which wrap around modulo 2^64. Others read as floats.
const decimalInteger = /^[ \t\n\v\f\r]*([-+]?\d+)[ \t\n\v\f\r]*$/;

function integerLiteral(value: unknown): bigint | undefined {
  const text = stringText(value);
  if (text === undefined) return undefined;
  const decimal = decimalInteger.exec(text);
  if (decimal !== null) {
    const n = BigInt(decimal[1]!);
    return n === BigInt.asIntN(64, n) ? n : undefined;
  }
  const hex = hexadecimal.exec(text);
  return hex !== null && hex[2] !== '' && hex[3] === undefined && hex[4] === undefined ? hexInteger(hex[1]!, hex[2]!) : undefined;
}

/**
 * `luaL_checkinteger` exactly: the 64-bit integer Lua makes of a number with an integer
 * value or of a string (`'9223372036854775807'` is exact, not rounded); else raises.
 */
export function checkInteger64(value: unknown, position: number, fname: string): bigint {
  const exact = integerLiteral(value);
  if (exact !== undefined) return exact;
  const n = checkNumber(value, position, fname);
  // Lua's integers are 64-bit: a float beyond them has no integer value either.
  if (!Number.isInteger(n) || n < -(2 ** 63) || n >= 2 ** 63) throw argError(position, fname, 'number has no integer representation');
  return BigInt(n);
}

/** `luaL_checkinteger`: a number with an exact integer value; else raises. */
export function checkInteger(value: unknown, position: number, fname: string): number {
  return Number(checkInteger64(value, position, fname));
}

/** A C `int` from a Lua number, as lsocket's `int x = luaL_optnumber(...)` makes it on x86-64. */
export { cInt } from '@sockport/core';

const nanBits = new Float64Array(1);
const nanBytes = new Uint8Array(nanBits.buffer);

function nanSigned(n: number): boolean {
  nanBits[0] = n;
  return (nanBytes[7]! & 0x80) !== 0;
}

/** How Lua 5.3 writes a number as text: integers plainly, other numbers as `%.14g`. */
export function numberToString(n: number): string {
  if (Number.isInteger(n) && n >= -(2 ** 63) && n < 2 ** 63) return n.toFixed(0);
  // glibc writes the sign of a NaN, and 0/0 has it set on x86-64 (in V8 as in Lua).
  if (Number.isNaN(n)) return nanSigned(n) ? '-nan' : 'nan';
  // Floats as C's %.14g, the same text LuaJIT's tostring writes (inf and -inf too).
  return luajitNumberText(n);
}

/** `luaL_checklstring`: a string, bytes, or a number written as Lua writes it; else raises. */
export function checkString(value: unknown, position: number, fname: string): LuaString {
  if (typeof value === 'string' || value instanceof Uint8Array) return value;
  if (typeof value === 'number') return numberToString(value);
  throw typeError(position, fname, 'string', value);
}

/** `luaL_optstring`: like {@link checkString}, with null for nil or an absent argument. */
export function optString(value: unknown, position: number, fname: string): LuaString | null {
  return value == null ? null : checkString(value, position, fname);
}

/** A Lua string as JavaScript text (bytes are read as UTF-8). */
export function text(value: LuaString): string {
  return typeof value === 'string' ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('utf8');
}

/**
 * A keyword as lsocket's `strcasecmp` sees it: the bytes up to the first NUL, ASCII
 * letters folded to lower case and other bytes kept apart (as Latin-1), so only an
 * exact ASCII spelling matches a lowercase keyword.
 */
export function cKeyword(value: LuaString): string {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  let out = '';
  for (const byte of bytes) {
    if (byte === 0) break;
    out += String.fromCharCode(byte >= 0x41 && byte <= 0x5a ? byte + 0x20 : byte);
  }
  return out;
}

/** The `nil, message` pair lsocket returns for a failed call. */
export type Failure = [null, string];

/** `nil, strerror(errno)`. */
export function fail(errnoValue: number): Failure {
  return [null, strerror(errnoValue)];
}
