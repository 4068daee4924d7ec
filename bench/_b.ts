import { resolve } from 'node:path';
import { benchBundles } from './bundles';
const root = process.argv[2] ?? resolve(import.meta.dirname, '..');
const loadSdk = (process.argv[3] ?? 'bundled') as 'bundled' | 'external';
const sourcemap = process.argv[4] === 'map';
const only = process.argv[5]?.split(',');
const r = await benchBundles(root, { loadSdk, sourcemap, ...(only ? { only } : {}) });
console.log(JSON.stringify({ root, loadSdk, sourcemap, floorMs: r.floorMs, emptyMs: r.emptyMs }));
console.table(r.rows);
