import { join, resolve } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { bytesByPackage, functionEntries } from '../../bench/bundles';
import { bundleBudgetsKB, defaultBudgetKB, esbuildOptions, sdkPackages } from '../../lib/bundling';
import { routeList } from '../../lib/routes';

const root = resolve(import.meta.dirname, '../..');
const bodyOf = new Map<string, string>(routeList.map((r) => [r.id, r.body]));
const definesOf = new Map<string, Record<string, string>>();

/**
 * Every function's bundle, built with the stack's esbuild options (lib/bundling.ts) and the AWS
 * SDK left out, stays within its size budget. Built with esbuild directly (no CDK synth), all
 * functions in one build per set of compile-time constants (`bundleDefine`; each entry still its own
 * bundle, no shared chunks: what bench/bundles.ts's buildFunction measures one by one), so the shared
 * modules are parsed once or twice.
 */
const entries = functionEntries();
for (const f of entries) definesOf.set(f.id, f.define);
const built = new Map<string, { bytes: number; metafile: Metafile }>();

beforeAll(async () => {
  const groups = new Map<string, typeof entries>();
  for (const f of entries) groups.set(JSON.stringify(f.define), [...(groups.get(JSON.stringify(f.define)) ?? []), f]);
  for (const group of groups.values()) await buildGroup(group);
}, 120_000);

const buildGroup = async (group: typeof entries) => {
  const result = await build({
    ...esbuildOptions,
    external: [...esbuildOptions.external, ...sdkPackages],
    define: group[0]!.define,
    entryPoints: group.map((f) => join(root, f.entry)),
    absWorkingDir: root,
    outdir: join(root, 'unused'),
    outbase: root,
    outExtension: { '.js': '.mjs' },
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    if (!output.entryPoint || !file.endsWith('.mjs')) continue;
    built.set(output.entryPoint, { bytes: output.bytes, metafile: { inputs: result.metafile.inputs, outputs: { [file]: output } } });
  }
};

describe('bundle size budgets', () => {
  it.each(entries.map((f) => [f.id, f.entry] as const))('%s stays within its budget', (id, entry) => {
    // Act
    const { bytes, metafile } = built.get(entry)!;

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
    // No SDK client for KMS, nor Powertools Parameters: KMS is called over its JSON protocol
    // (src/core/aws/kms.ts), measured cheaper at a cold function's first request than the client
    // (docs/performance.md); Secrets Manager goes through its SDK client, measured as cheap as ours.
    const imported = Object.values(metafile.outputs).flatMap((o) => o.imports.map((i) => i.path));
    expect(imported.filter((p) => /^@aws-sdk\/client-kms|^@aws-lambda-powertools\/parameters/.test(p)), id).toEqual([]);
    // A function never given a tenant key (not `wechat`) carries no code that asks KMS for one;
    // one given the key does (so this check sees the keyring where it is).
    const kmsBytes = Object.values(metafile.outputs).reduce((sum, o) => sum + (o.inputs['src/core/aws/kms.ts']?.bytesInOutput ?? 0), 0);
    if (definesOf.get(id)?.['process.env.TENANT_KEY_ID'] === 'undefined') expect(kmsBytes, `${id}: bytes of src/core/aws/kms.ts`).toBe(0);
    else expect(kmsBytes, `${id}: bytes of src/core/aws/kms.ts`).toBeGreaterThan(0);
    // Only a function whose changes are audited carries the audit write path (the data client's
    // audited send, ~2.4 KB minified): reads, the callback, workers and WeChat's pushes load none of it
    // but the module's two constants.
    const auditBytes = Object.values(metafile.outputs).reduce((sum, o) => sum + (o.inputs['src/core/data/audited-writes.ts']?.bytesInOutput ?? 0), 0);
    if (definesOf.get(id)?.['process.env.AUDITED_CHANGES'] === '"off"') expect(auditBytes, `${id}: bytes of src/core/data/audited-writes.ts`).toBeLessThan(256);
    else expect(auditBytes, `${id}: bytes of src/core/data/audited-writes.ts`).toBeGreaterThan(2048);
  });

  it('keeps every budget within the ceilings of the cold-start target: 200 KB, the message callback 150 KB', () => {
    for (const { id } of functionEntries()) {
      expect(bundleBudgetsKB[id] ?? defaultBudgetKB, id).toBeLessThanOrEqual(id === 'callback.message' ? 150 : 200);
    }
  });
});
