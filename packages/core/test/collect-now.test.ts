// collectNow(): the readiness there is now reaches the waits at once, on every backend
// (the helper-thread ones included, whose own report would come a little later).
import { describe, expect, it } from 'vitest';
import { AF_UNIX, collectNow, READABLE, SOCK_STREAM, Socket } from '../src/index.js';
import { deadline, track } from './helpers.js';

function pair(): [Socket, Socket] {
  const p = Socket.pair(AF_UNIX, SOCK_STREAM);
  if (typeof p === 'number') throw new Error(`socketpair: errno ${-p}`);
  return [track(p[0]), track(p[1])];
}

describe(`collectNow on ${process.env.SOCKPORT_POLLER ?? 'the default backend'}`, () => {
  it('settles a wait whose data has come before the caller goes on', async () => {
    const [a, b] = pair();
    const order: string[] = [];
    const waiting = new Promise<number>((resolve) => b.waitThen(READABLE, deadline(5), resolve)).then((bits) => {
      order.push(`woken ${bits}`);
    });
    expect(a.send(Buffer.from('x'))).toBe(1);
    expect(collectNow()).toBe(true);
    // Queued after the collect: the woken wait's continuation runs first.
    await Promise.resolve().then(() => order.push('after collect'));
    await waiting;
    expect(order).toEqual([`woken ${READABLE}`, 'after collect']);
  });

  it('does nothing inside a wait callback (it would overwrite the batch being handled)', async () => {
    const [a, b] = pair();
    const inside = new Promise<boolean>((resolve) => b.waitThen(READABLE, deadline(5), () => resolve(collectNow())));
    expect(a.send(Buffer.from('x'))).toBe(1);
    expect(await inside).toBe(false);
  });
});
