// The TypeScript half of the scenario format (lua/common.lua is the Lua half): values
// are printed the way common.lua prints their Lua counterparts, so that a twin and its
// Lua script produce the same lines when the port behaves like Tarantool.
import { LuaSocket, SocketBase } from '@sockport/tarantool-socket';

function stripZeros(mantissa: string): string {
  return mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa;
}

/** LuaJIT's tostring of a number (`%.14g`). */
export function luaNumber(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  const e = n.toExponential(13);
  const at = e.indexOf('e');
  const exponent = Number(e.slice(at + 1));
  if (exponent < -4 || exponent >= 14)
    return `${stripZeros(e.slice(0, at))}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  return stripZeros(n.toFixed(13 - exponent));
}

/** Collects the printed lines of one twin. */
export class Printer {
  readonly lines: string[] = [];

  constructor(readonly tmp: string) {}

  #quote(bytes: Uint8Array): string {
    let text = '';
    for (const b of bytes) text += b >= 32 && b <= 126 && b !== 34 && b !== 92 ? String.fromCharCode(b) : `\\x${b.toString(16).toUpperCase().padStart(2, '0')}`;
    return `"${text.split(this.tmp).join('<tmp>')}"`;
  }

  /** One value, as common.lua's fmt prints the Lua value it stands for. */
  fmt(v: unknown): string {
    if (v === null || v === undefined) return 'nil';
    if (typeof v === 'boolean') return String(v);
    if (typeof v === 'number') return luaNumber(v);
    if (typeof v === 'string') return this.#quote(Buffer.from(v, 'utf8'));
    if (v instanceof Uint8Array) return this.#quote(v);
    if (typeof v === 'function') return '<function>';
    if (v instanceof SocketBase) {
      if (v instanceof LuaSocket) {
        try {
          v.toString();
          return `<tcp{${v.kind}}>`;
        } catch {
          return '<socket>';
        }
      }
      return '<socket>';
    }
    if (typeof v === 'object') {
      const entries: [string, unknown][] = Array.isArray(v)
        ? v.map((x, i) => [String(i + 1), x])
        : Object.entries(v as Record<string, unknown>);
      // A Lua table cannot hold nil: such keys do not exist there.
      const present = entries.filter(([, x]) => x !== undefined && x !== null);
      present.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${present.map(([k, x]) => `${k}=${this.fmt(x)}`).join(',')}}`;
    }
    return `<${typeof v}>`;
  }

  /** `label [n] v1 | v2`: the values a call returned (a tuple spread, or one value). */
  show(label: string, ...values: unknown[]): void {
    this.lines.push(`${label} [${values.length}] ${values.map((v) => this.fmt(v)).join(' | ')}`);
  }

  /** show() of what `run` returns (a list of values), or `label raise: <message>` when it throws or rejects. */
  async try(label: string, run: () => unknown[] | Promise<unknown[]>): Promise<void> {
    try {
      this.show(label, ...(await run()));
    } catch (error) {
      this.lines.push(`${label} raise: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** An address table with a real (random) port hidden, as common.lua's masked. */
export function masked<T>(t: T): T {
  if (t === null || typeof t !== 'object') return t;
  const copy = { ...(t as Record<string, unknown>) };
  if (typeof copy.port === 'number' && copy.port > 0) copy.port = '<port>';
  return copy as T;
}
