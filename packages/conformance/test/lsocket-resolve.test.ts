// lsocket.resolve (awaitable), resolveSync (blocking) and getinterfaces (§6, §7).
import lsocket from '@sockport/lsocket';
import { describe, expect, it } from 'vitest';
import { setupLsocket } from '../src/lsocket/support.js';

setupLsocket();

const numeric: [string, unknown][] = [
  ['127.0.0.1', [[{ family: 'inet', addr: '127.0.0.1' }]]],
  ['127.1', [[{ family: 'inet', addr: '127.0.0.1' }]]],
  ['0:0:0:0:0:0:0:1', [[{ family: 'inet6', addr: '::1' }]]],
  ['::ffff:1.2.3.4', [[{ family: 'inet6', addr: '::ffff:1.2.3.4' }]]],
  ['1.2.3.4.5', [null, 'Name or service not known']],
  ['256.1.1.1', [null, 'Name or service not known']],
  ['1::2::3', [null, 'Name or service not known']],
];

describe(`lsocket.resolve on ${process.env.SOCKPORT_POLLER}`, () => {
  it('resolves numeric text without a name server, in canonical form', async () => {
    for (const [name, expected] of numeric) {
      expect(await lsocket.resolve(name)).toEqual(expected);
      expect(lsocket.resolveSync(name)).toEqual(expected);
    }
    expect(await lsocket.resolve(2130706433)).toEqual([[{ family: 'inet', addr: '127.0.0.1' }]]);
  });

  it('resolves a host name to its addresses, family and addr only', async () => {
    const [list] = await lsocket.resolve('localhost');
    expect(Array.isArray(list)).toBe(true);
    expect(list!.length).toBeGreaterThan(0);
    for (const entry of list!) {
      expect(Object.keys(entry).sort()).toEqual(['addr', 'family']);
      expect(entry).toEqual(entry.family === 'inet' ? { family: 'inet', addr: '127.0.0.1' } : { family: 'inet6', addr: '::1' });
    }
    expect(lsocket.resolveSync('localhost')).toEqual([list]);
  });

  it('returns a promise, and raises (rejects) for a name that is not text', async () => {
    const pending = lsocket.resolve('::1');
    expect(pending).toBeInstanceOf(Promise);
    await pending;
    const resolve = lsocket.resolve as (...args: unknown[]) => Promise<unknown>;
    const resolveSync = lsocket.resolveSync as (...args: unknown[]) => unknown;
    await expect(resolve()).rejects.toThrow(new TypeError("bad argument #1 to 'resolve' (string expected, got no value)"));
    await expect(resolve({})).rejects.toThrow(new TypeError("bad argument #1 to 'resolve' (string expected, got table)"));
    expect(() => resolveSync(null)).toThrow(new TypeError("bad argument #1 to 'resolve' (string expected, got nil)"));
  });
});

describe(`lsocket.getinterfaces on ${process.env.SOCKPORT_POLLER}`, () => {
  it('lists the loopback addresses with name, family, addr and mask', () => {
    const [list] = lsocket.getinterfaces();
    expect(list).toContainEqual({ name: 'lo', family: 'inet', addr: '127.0.0.1', mask: '255.0.0.0' });
    expect(list).toContainEqual({ name: 'lo', family: 'inet6', addr: '::1', mask: 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff' });
    for (const entry of list!) {
      expect(['inet', 'inet6']).toContain(entry.family);
      expect(Object.keys(entry).sort()).toEqual(['addr', 'family', 'mask', 'name']);
    }
  });
});
