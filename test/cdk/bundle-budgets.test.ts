import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildFunction, bytesByPackage, functionEntries } from '../../bench/bundles';
import { bundleBudgetsKB, defaultBudgetKB } from '../../lib/bundling';

const root = resolve(import.meta.dirname, '../..');

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
  });

});
