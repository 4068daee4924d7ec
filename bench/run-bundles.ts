import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printBundles } from './bundles';

/**
 * Only the bundle part of `npm run bench` (no local stack): `npx tsx bench/run-bundles.ts
 * [function id …]` prints every function's (or the named ones') bundle size without the SDK and
 * module load against the floor handler, measured side by side in one run. `RUNS=<n>` loads each
 * function n times (default 5; the middle half of the ratios is printed beside the median).
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
const runs = process.env['RUNS'] ? Number(process.env['RUNS']) : undefined;
await printBundles(root, { ...(only.length ? { only } : {}), ...(runs ? { runs } : {}) });
