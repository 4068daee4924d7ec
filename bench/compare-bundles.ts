import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildFunction, functionEntries, loadMs, scratchDir } from './bundles';

/**
 * Bundles of another commit beside today's, measured in one run: `npx tsx bench/compare-bundles.ts
 * <git ref> <function id>…` prints, per function, KB without the SDK and module load / floor for
 * both, every load interleaved with the floor handler (fresh Node process each, medians). The ref's
 * tree is unpacked under node_modules/.cache (so it resolves today's node_modules) and removed after.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const [ref, ...ids] = process.argv.slice(2);
if (!ref || ids.length === 0) throw new Error('usage: compare-bundles.ts <git ref> <function id>…');
const runs = Number(process.env['RUNS'] ?? 9);
const { dir, loader, remove } = scratchDir(root, 'compare');
try {
  const base = join(dir, 'tree');
  mkdirSync(base);
  execFileSync('sh', ['-c', `git -C "${root}" archive "${ref}" | tar -x -C "${base}"`]);
  // `define`: today's compile-time constants (lib/bundling.ts's bundleDefine) on today's side only; a commit before them had none.
  const place = async (tree: string, entry: string, name: string, define?: Record<string, string>) => {
    const outdir = join(dir, name);
    const constants = define ? { define } : {};
    await buildFunction(tree, entry, { sdk: 'bundled', outdir, ...constants });
    return { file: join(outdir, 'index.mjs'), kb: (await buildFunction(tree, entry, { sdk: 'external', ...constants })).bytes / 1024, ratios: [] as number[] };
  };
  const floor = await place(root, 'bench/fixtures/floor-handler.ts', 'floor');
  const entries = functionEntries();
  const rows = [];
  for (const id of ids) {
    const fn = entries.find((f) => f.id === id);
    if (!fn) throw new Error(`no function ${id}`);
    rows.push({ id, before: await place(base, fn.entry, `${id}-before`), after: await place(root, fn.entry, `${id}-after`, fn.define) });
  }
  for (let r = 0; r < runs; r++) {
    for (const row of rows) {
      for (const side of [row.before, row.after]) {
        const f = loadMs(loader, floor.file);
        side.ratios.push(loadMs(loader, side.file) / f);
      }
    }
  }
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!;
  console.table(
    rows.map((r) => ({
      function: r.id,
      [`KB ${ref}`]: Number(r.before.kb.toFixed(1)),
      'KB now': Number(r.after.kb.toFixed(1)),
      [`load / floor ${ref}`]: Number(median(r.before.ratios).toFixed(2)),
      'load / floor now': Number(median(r.after.ratios).toFixed(2)),
    })),
  );
} finally {
  remove();
}
