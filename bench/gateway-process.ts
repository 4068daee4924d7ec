import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchGatewayOverhead } from './gateway';

/**
 * Entry of the gateway-overhead measurement in a process of its own (bench/callback.ts runs it
 * under tsx, as `npm start` runs the gateway): CPU time is per process, and the bench's own
 * process also hosts the local stack's queue workers and timers.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
console.log(JSON.stringify(await benchGatewayOverhead(root)));
