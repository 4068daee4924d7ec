import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildFunction, bytesByPackage, functionEntries } from '../../bench/bundles';
import { bundleBudgetsKB, defaultBudgetKB } from '../../lib/bundling';
import { routeList } from '../../lib/routes';

const root = resolve(import.meta.dirname, '../..');
const bodyOf = new Map<string, string>(routeList.map((r) => [r.id, r.body]));

/**
 * Every function's bundle, built with the stack's esbuild options (lib/bundling.ts) and the AWS
 * SDK left out, stays within its size budget. Built with esbuild directly (no CDK synth): fast.
 */
describe('bundle size budgets', () => {
  it.each(functionEntries().map((f) => [f.id, f.entry] as const))('%s stays within its budget', async (id, entry) => {
    // Act
    const { bytes, metafile } = await buildFunction(root, entry, { sdk: 'external' });

    // Assess
    const budget = bundleBudgetsKB[id] ?? defaultBudgetKB;
    const parts = Object.entries(bytesByPackage(metafile))
      .sort((a, b) => b[1] - a[1])
      .map(([pkg, b]) => `${pkg} ${(b / 1024).toFixed(1)} KB`)
      .join(', ');
    expect(bytes / 1024, `${id}: ${(bytes / 1024).toFixed(1)} KB (${parts})`).toBeLessThanOrEqual(budget);
    // No package that the Lambda runtime provides or that the transport no longer needs sneaks back in.
    expect(Object.keys(bytesByPackage(metafile))).not.toContain('undici');
    // busboy only where files are read; every other route reads multipart text fields with the platform.
    if (bodyOf.get(id) !== 'multipart') expect(Object.keys(bytesByPackage(metafile)), id).not.toContain('@fastify/busboy');
    // Its own route entry, not the whole table (one const per route in lib/routes.ts).
    const routeBytes = Object.values(metafile.outputs).reduce((sum, o) => sum + (o.inputs['lib/routes.ts']?.bytesInOutput ?? 0), 0);
    expect(routeBytes, `${id}: bytes of lib/routes.ts`).toBeLessThan(2048);
  });

  it('keeps every budget within the ceilings of the cold-start target: 200 KB, the message callback 150 KB', () => {
    for (const { id } of functionEntries()) {
      expect(bundleBudgetsKB[id] ?? defaultBudgetKB, id).toBeLessThanOrEqual(id === 'callback.message' ? 150 : 200);
    }
  });
});
