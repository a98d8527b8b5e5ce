// The TypeScript twins of the Lua scenario scripts, by family (lua/<family>.lua).
import type { Printer } from '../format.js';
import { run as address } from './address.js';
import { run as connect } from './connect.js';
import { run as datagram } from './datagram.js';
import { run as luasocket } from './luasocket.js';
import { run as module } from './module.js';
import { run as numbers } from './numbers.js';
import { run as options } from './options.js';
import { run as server } from './server.js';
import { run as stream } from './stream.js';
import { run as wait } from './wait.js';

export const families: Record<string, (p: Printer) => Promise<void>> = {
  module,
  address,
  stream,
  datagram,
  options,
  wait,
  connect,
  server,
  luasocket,
  numbers,
};
