// LuaJIT's reading of a string as a number (lj_strscan), which Lua code meets wherever
// it does arithmetic on a string or passes one to a C function that wants a number,
// and its writing of a number as text (tostring). Two faces wrap LuaJIT programs
// (Tarantool's socket module and luapower's socket2): both read and write numbers
// this way, so the rules live here, once.

// C's isspace in the C locale: nothing else counts as white space (U+00A0 does not).
const SPACE = /^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$/g;
const DECIMAL = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const HEX = /^0[xX](?=\.?[0-9a-fA-F])([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/;
const BINARY = /^0[bB]([01]+)$/;
// The significant hex digits strscan keeps (a uint64_t); the rest only round.
const HEX_DIGITS = 16;

// ldexp(n, e) for an integer n below 2^64, rounded once as C's is: the first steps are
// exact, only the last one rounds.
function ldexp(n: number, e: number): number {
  for (; e > 1023; e -= 1023) n *= 2 ** 1023;
  for (; e < -1022 && n !== 0; e += 1022) n *= 2 ** -1022;
  return n * 2 ** e;
}

// strscan_hex: the first 16 significant digits, a sticky bit for any non-zero digit
// after them, one int64-to-double conversion (round to nearest even), then the scaling.
function hexNumber(int: string, frac: string, exp: string): number {
  const all = `${int}${frac}`;
  const lead = all.length - all.replace(/^0+/, '').length;
  const digits = all.slice(lead);
  if (digits.length === 0) return 0;
  // The binary exponent of the last digit kept; clamped as strscan clamps it.
  let e2 = 4 * (int.length - lead - Math.min(digits.length, HEX_DIGITS)) + Math.max(-1e6, Math.min(1e6, Number(exp)));
  let x = BigInt(`0x${digits.slice(0, HEX_DIGITS)}`);
  if (/[1-9a-fA-F]/.test(digits.slice(HEX_DIGITS))) x |= 1n;
  if (x >> 63n) {
    // Keeps the sticky bit through the shift, as strscan does for a 64-bit mantissa.
    x = (x >> 1n) | (x & 1n);
    e2++;
  }
  return ldexp(Number(x), e2);
}

function unsignedNumber(text: string): number | undefined {
  const word = text.toLowerCase();
  if (word === 'inf' || word === 'infinity') return Infinity;
  if (word === 'nan') return Number.NaN;
  if (DECIMAL.test(text)) return Number(text);
  const hex = HEX.exec(text);
  if (hex !== null) return hexNumber(hex[1] ?? '', hex[2] ?? '', hex[3] ?? '0');
  const binary = BINARY.exec(text);
  return binary === null ? undefined : Number.parseInt(binary[1]!, 2);
}

/**
 * A value as LuaJIT's arithmetic and `tonumber` read it: a number as it is; a string
 * that reads as one in LuaJIT's syntax (`' 5 '`, `'0x10'`, `'-0x1p-4'`, `'0b101'`,
 * `'1e3'`, `'inf'`, `'nan'`; white space only as C's `isspace` knows it) as that
 * number; anything else as undefined. For faces that port LuaJIT code.
 */
export function luajitNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const text = value.replace(SPACE, '');
  const sign = text[0] === '-' ? -1 : 1;
  const n = unsignedNumber(text[0] === '-' || text[0] === '+' ? text.slice(1) : text);
  return n === undefined ? undefined : sign * n;
}

function stripZeros(mantissa: string): string {
  if (!mantissa.includes('.')) return mantissa;
  return mantissa.replace(/\.?0+$/, '');
}

/**
 * A number as LuaJIT's `tostring` writes it: C's `%.14g` (`2.5`, `1e+14`,
 * `9.007199254741e+15`), with `inf`, `-inf`, `nan` and `-0`. For faces that port
 * LuaJIT code.
 */
export function luajitNumberText(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (n === Infinity) return 'inf';
  if (n === -Infinity) return '-inf';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  const exponential = n.toExponential(13);
  const at = exponential.indexOf('e');
  const exponent = Number(exponential.slice(at + 1));
  if (exponent < -4 || exponent >= 14) {
    const digits = String(Math.abs(exponent)).padStart(2, '0');
    return `${stripZeros(exponential.slice(0, at))}e${exponent < 0 ? '-' : '+'}${digits}`;
  }
  return stripZeros(n.toFixed(13 - exponent));
}
