// glibc's inet_addr(3): the loose IPv4 forms Tarantool's local resolution accepts
// ('127.1', '0', '2130706433', '0x7f.1', '010.0.0.1'), parsed exactly as glibc does.

const MAX_LAST_PART = [0xffffffff, 0xffffff, 0xffff, 0xff];

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function digitValue(c: number): number {
  if (isDigit(c)) return c - 0x30;
  const lower = c | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : 99;
}

function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

// strtoul(text + at, &end, 0) for text that starts with a digit: [value, end], with
// value Infinity when it exceeds 32 bits (glibc then rejects the address).
function strtoul(text: string, at: number): [number, number] {
  let base = 10;
  let i = at;
  if (text.charCodeAt(i) === 0x30) {
    const x = text.charCodeAt(i + 1) | 0x20;
    if (x === 0x78 && digitValue(text.charCodeAt(i + 2)) < 16) {
      base = 16;
      i += 2;
    } else {
      base = 8;
    }
  }
  let value = 0;
  for (; i < text.length; i++) {
    const d = digitValue(text.charCodeAt(i));
    if (d >= base) break;
    value = value * base + d;
    if (value > 0xffffffff) value = Infinity;
  }
  return [value, i];
}

/**
 * Parses an IPv4 address as glibc's `inet_addr` does and returns it in dotted-quad form,
 * or null where `inet_addr` fails. Like `inet_addr`, it also fails for
 * `255.255.255.255`, whose value is its error marker (`INADDR_NONE`).
 */
export function inetAddr(text: string): string | null {
  const parts: number[] = [];
  let i = 0;
  let value: number;
  for (;;) {
    if (!isDigit(text.charCodeAt(i))) return null;
    [value, i] = strtoul(text, i);
    if (value === Infinity) return null;
    if (text.charCodeAt(i) !== 0x2e) break;
    if (parts.length > 2 || value > 0xff) return null;
    parts.push(value);
    i++;
  }
  // glibc stops at whitespace: whatever follows it is ignored.
  if (i < text.length && !isSpace(text.charCodeAt(i))) return null;
  if (value > MAX_LAST_PART[parts.length]!) return null;
  let word = value;
  parts.forEach((part, k) => {
    word += part * 2 ** (24 - 8 * k);
  });
  if (word === 0xffffffff) return null;
  return [word >>> 24, (word >>> 16) & 0xff, (word >>> 8) & 0xff, word & 0xff].join('.');
}
