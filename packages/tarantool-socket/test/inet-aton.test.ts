// inetAddr against glibc: the expected values come from glibc's own inet_aton (through
// Python's socket.inet_aton), with inet_addr's one difference: 255.255.255.255 is its
// error value, so every spelling of it fails.
import { describe, expect, it } from 'vitest';
import { inetAddr } from '../src/inet-aton.js';

const glibc: Record<string, string | null> = {
  '127.0.0.1': '127.0.0.1', '127.1': '127.0.0.1', '0x7f.1': '127.0.0.1', '0177.0.0.1': '127.0.0.1',
  '2130706433': '127.0.0.1', '0': '0.0.0.0', '0x': null, '0x0': '0.0.0.0', '00': '0.0.0.0', '09': null,
  '1.2.3': '1.2.0.3', '1.2.3.4.5': null, '256.0.0.1': null, '1.256.0.1': null, '1.2.65535': '1.2.255.255',
  '1.2.65536': null, '1.16777215': '1.255.255.255', '1.16777216': null, '4294967295': null,
  '4294967296': null, '255.255.255.255': null, '255.255.255.254': '255.255.255.254',
  '127.0.0.1 junk': '127.0.0.1', '127.0.0.1\tx': '127.0.0.1', '127.0.0.1x': null, ' 127.0.0.1': null,
  '': null, '.1': null, '1.': null, '1..2': null, '0xffffffff': null, '0x100000000': null,
  '017777777777': '127.255.255.255', '037777777777': null, '040000000000': null, '1.2.3.0x4': '1.2.3.4',
  '1.2.3.08': null, '99999999999999999999': null, '0X7F.0.0.1': '127.0.0.1', '127.0.0.1\n': '127.0.0.1',
  '1e3': null, '-1': null, '+1': null,
};

describe('inetAddr parses as glibc inet_addr', () => {
  for (const [input, expected] of Object.entries(glibc)) {
    it(JSON.stringify(input), () => {
      expect(inetAddr(input)).toBe(expected);
    });
  }
});
