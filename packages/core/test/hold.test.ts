// The reactor holds the process alive by a count of pending waits: every way a wait
// begins and ends (settled by readiness, by its deadline, by a close, dropped by
// waitAny, callbacks and promises alike) must keep that count exact, or a process
// would hang at exit or leave while something waits. Random sequences of them, checked
// against what is pending.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binding } from '../src/binding.js';
import { AF_UNIX, monotonic, READABLE, SOCK_STREAM, Socket, waitAny, WRITABLE } from '../src/index.js';

const RUNS = Math.max(20, Math.ceil(Number(process.env.FUZZ_RUNS ?? 4000) / 40));

// Lets the settles, their continuations and the reactor's release run.
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 5));

const held = (): boolean => binding.reactorInfo()?.held ?? false;

type Op =
  | { kind: 'wait'; at: number; mask: 1 | 2 | 3; timeout: number | null }
  | { kind: 'then'; at: number; timeout: number | null }
  | { kind: 'any'; at: number[]; timeout: number | null }
  | { kind: 'send'; at: number }
  | { kind: 'drain'; at: number }
  | { kind: 'close'; at: number };

const timeout = fc.oneof(fc.constant(null), fc.constantFrom(0, 0.001, 0.01));
const at = fc.nat(5);
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('wait' as const), at, mask: fc.constantFrom(1 as const, 2 as const, 3 as const), timeout }),
  fc.record({ kind: fc.constant('then' as const), at, timeout }),
  fc.record({ kind: fc.constant('any' as const), at: fc.array(at, { minLength: 1, maxLength: 3 }), timeout }),
  fc.record({ kind: fc.constant('send' as const), at }),
  fc.record({ kind: fc.constant('drain' as const), at }),
  fc.record({ kind: fc.constant('close' as const), at }),
);

function pairs(): Socket[] {
  const out: Socket[] = [];
  for (let i = 0; i < 3; i++) {
    const p = Socket.pair(AF_UNIX, SOCK_STREAM);
    if (typeof p === 'number') throw new Error(`socketpair: errno ${-p}`);
    out.push(...p);
  }
  return out;
}

describe('the reactor holds the process while waits are pending, and only then', () => {
  it('random waits, settles, timeouts, closes and dropped waitAny entries keep the count exact', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
        const socks = pairs();
        // Each pending wait settles once; `open` counts those not settled yet.
        let open = 0;
        const track = (p: Promise<unknown>): void => {
          open++;
          void p.finally(() => open--);
        };
        const deadline = (t: number | null): number => (t === null ? Infinity : monotonic() + t);
        for (const o of ops) {
          const s = socks[Array.isArray(o.at) ? 0 : o.at]!;
          if (o.kind === 'wait') track(s.wait(o.mask, deadline(o.timeout)).catch(() => undefined));
          else if (o.kind === 'then') {
            let done!: () => void;
            const p = new Promise<void>((r) => (done = r));
            if (s.ioReadyThen(READABLE, deadline(o.timeout), () => done()) < 0) track(p);
          } else if (o.kind === 'any') track(waitAny((o.at as number[]).map((i) => [socks[i]!, READABLE] as const), deadline(o.timeout)).catch(() => undefined));
          else if (o.kind === 'send') s.send(Buffer.from('x'));
          else if (o.kind === 'drain') s.recv(Buffer.alloc(64));
          else s.close();
          if (Math.random() < 0.3) await settle();
        }
        await settle();
        // Whatever still waits has no deadline and nothing to read: held.
        if (open > 0 && !held()) return false;
        for (const s of socks) s.close();
        await settle();
        await settle();
        return open === 0 && !held();
      }),
      { numRuns: RUNS },
    );
  });

  it('a writable socket waited on and settled at once leaves nothing held', async () => {
    const socks = pairs();
    expect(await socks[0]!.wait(WRITABLE)).toBe(WRITABLE);
    await settle();
    expect(held()).toBe(false);
    for (const s of socks) s.close();
  });
});
