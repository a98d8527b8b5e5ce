// Flag arguments by name.
import { describe, expect, it } from 'vitest';
import { SEND_FLAGS } from '../src/constants.js';
import { flagBits } from '../src/flags.js';

describe('flagBits', () => {
  it('ORs named flags, one or a list', () => {
    expect(flagBits(SEND_FLAGS, undefined)).toBe(0);
    expect(flagBits(SEND_FLAGS, 'MSG_PEEK')).toBe(SEND_FLAGS.MSG_PEEK);
    expect(flagBits(SEND_FLAGS, ['MSG_PEEK', 'MSG_DONTWAIT'])).toBe(SEND_FLAGS.MSG_PEEK! | SEND_FLAGS.MSG_DONTWAIT!);
    expect(flagBits(SEND_FLAGS, [])).toBe(0);
  });
  it('refuses unknown names and numbers', () => {
    expect(flagBits(SEND_FLAGS, 'MSG_BOGUS')).toBeNull();
    expect(flagBits(SEND_FLAGS, ['MSG_PEEK', 'MSG_BOGUS'])).toBeNull();
    expect(flagBits(SEND_FLAGS, 2)).toBeNull();
    expect(flagBits(SEND_FLAGS, 'toString')).toBeNull();
    expect(flagBits(SEND_FLAGS, {})).toBeNull();
  });
});
