// Lua's value rules where socket2's Lua code relies on them: truthiness and the
// arithmetic coercion of numeric strings (`time.clock() + s` takes '0.5').

/** Lua truth: only null, undefined and false are false (0 and '' are true). */
export function truthy(value: unknown): boolean {
  return value !== null && value !== undefined && value !== false;
}

// LuaJIT's number syntax for strings (lj_strscan): a sign, then decimal with an optional
// exponent, hexadecimal with an optional fraction and binary exponent, 0b binary, or
// inf, infinity and nan; surrounded by C whitespace only.
const SPACE = /^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$/g;
const DECIMAL = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const HEX = /^0[xX](?=\.?[0-9a-fA-F])([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/;
const BINARY = /^0[bB]([01]+)$/;

function unsignedNumber(text: string): number | undefined {
  const word = text.toLowerCase();
  if (word === 'inf' || word === 'infinity') return Infinity;
  if (word === 'nan') return Number.NaN;
  if (DECIMAL.test(text)) return Number(text);
  const hex = HEX.exec(text);
  if (hex !== null) {
    const [, int = '', frac = '', exp = '0'] = hex;
    const mantissa = Number.parseInt(`0${int}${frac}`, 16);
    return mantissa * 2 ** (Number(exp) - 4 * frac.length);
  }
  const binary = BINARY.exec(text);
  return binary === null ? undefined : Number.parseInt(binary[1]!, 2);
}

/**
 * Lua's arithmetic coercion as LuaJIT makes it: a number, or a string that reads as one
 * (`' 5 '`, `'0x10'`, `'-0x1p-4'`, `'1e3'`, `'inf'`), as a number; anything else as
 * undefined.
 */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const text = value.replace(SPACE, '');
  const sign = text[0] === '-' ? -1 : 1;
  const n = unsignedNumber(text[0] === '-' || text[0] === '+' ? text.slice(1) : text);
  return n === undefined ? undefined : sign * n;
}

/** A short description of a value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof Uint8Array) return 'bytes';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Lua's `type()` of a value as the port passes it: nil, string, table, cdata (bytes), ... */
export function luaType(value: unknown): string {
  if (value === null || value === undefined) return 'nil';
  if (value instanceof Uint8Array) return 'cdata';
  if (typeof value === 'object') return 'table';
  if (typeof value === 'bigint') return 'number';
  return typeof value;
}
