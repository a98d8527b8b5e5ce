import { Socket, type OptionValue } from '../src/index.js';
const v: OptionValue<'TCP_NODELAY'> = true;
const l: OptionValue<'SO_LINGER'> = { on: true, seconds: 1 };
// @ts-expect-error a boolean option is not a number
const bad: OptionValue<'TCP_NODELAY'> = 1;
export { v, l, bad, Socket };
