import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { bundleDefine, esbuildOptions, sdkPackages } from '../lib/bundling';
import { functionList } from '../lib/functions';
import { routeList } from '../lib/routes';

/**
 * Bundle size and cold module load of every function (issue 12 item 4), built with the stack's own
 * esbuild options (lib/bundling.ts):
 * - size: the minified bundle with the AWS SDK left out (what a function carries besides the SDK);
 * - load: `await import()` of the bundle as shipped, in a fresh Node process, against the floor
 *   handler (only the DynamoDB document client, SDK bundled and minified), interleaved, medians;
 * - and against its own SDK floor: a handler that creates the document client and every other SDK
 *   client the function's bundle imports at load (SES, SQS, the SigV4 signer…), so the ratio to it is
 *   the part of the load that is our code, the rest the SDK's.
 */
export interface FunctionEntry {
  id: string;
  entry: string;
  /** Its compile-time constants, as the stack builds it (`bundleDefine`). */
  define: Record<string, string>;
}

export const functionEntries = (): FunctionEntry[] => functionList.map((f) => ({ id: f.id, entry: f.handler, define: bundleDefine(f) }));

export interface BuildOptions {
  /** Leave the SDK out (size "besides the SDK") or bundle it (as shipped when bundled). */
  sdk: 'external' | 'bundled';
  /** Write index.mjs (and its map) here; omitted = in memory. */
  outdir?: string;
  sourcemap?: boolean;
  /** Compile-time constants of the function (`FunctionEntry.define`). */
  define?: Record<string, string>;
}

export const buildFunction = async (root: string, entry: string, options: BuildOptions) => {
  const result = await build({
    ...esbuildOptions,
    external: options.sdk === 'external' ? [...esbuildOptions.external, ...sdkPackages] : [...esbuildOptions.external],
    entryPoints: [join(root, entry)],
    absWorkingDir: root,
    outfile: join(options.outdir ?? join(tmpdir(), 'unused'), 'index.mjs'),
    write: options.outdir !== undefined,
    metafile: true,
    sourcemap: options.sourcemap ?? false,
    ...(options.define ? { define: options.define } : {}),
    logLevel: 'silent',
  });
  const metafile = result.metafile!;
  const output = Object.entries(metafile.outputs).find(([file]) => file.endsWith('.mjs'))!;
  return { bytes: output[1].bytes, metafile };
};

/**
 * Several functions as shipped (SDK bundled, lib/bundling.ts's options, each its own `define`), in one
 * esbuild build per set of compile-time constants: each entry is still its own bundle (no shared
 * chunks, what buildFunction builds one by one), but the modules they share, the SDK first, are
 * parsed once per set. Written under `outdir` as `<entry path>.mjs`; returns each function's file.
 */
export const buildFunctions = async (root: string, fns: FunctionEntry[], outdir: string): Promise<Map<string, string>> => {
  const groups = new Map<string, FunctionEntry[]>();
  for (const f of fns) groups.set(JSON.stringify(f.define), [...(groups.get(JSON.stringify(f.define)) ?? []), f]);
  await Promise.all(
    [...groups.values()].map((group) =>
      build({
        ...esbuildOptions,
        define: group[0]!.define,
        entryPoints: group.map((f) => join(root, f.entry)),
        absWorkingDir: root,
        outdir,
        outbase: root,
        outExtension: { '.js': '.mjs' },
        logLevel: 'silent',
      }),
    ),
  );
  return new Map(fns.map((f) => [f.id, join(outdir, f.entry.replace(/\.ts$/, '.mjs'))]));
};

/** Bytes in the output by package (`own` for the project's code). */
export const bytesByPackage = (metafile: Metafile): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const output of Object.values(metafile.outputs)) {
    for (const [file, input] of Object.entries(output.inputs)) {
      const pkg = file.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1] ?? 'own';
      out[pkg] = (out[pkg] ?? 0) + input.bytesInOutput;
    }
  }
  return out;
};

/**
 * What a floor handler does with each AWS SDK package: import it and create its client (or take the
 * function it exports), nothing else. The floor of a function is the DynamoDB document client plus
 * every SDK package its bundle imports at load (static imports; a dynamic `import()` costs nothing
 * until used), so its load against that floor is the part that is ours, not the SDK's.
 */
const sdkFloorParts: Record<string, { imports: string; use: string }> = {
  '@aws-sdk/client-dynamodb': { imports: "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';", use: '' },
  '@aws-sdk/lib-dynamodb': { imports: "import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';", use: 'DynamoDBDocumentClient.from(new DynamoDBClient({}))' },
  '@aws-sdk/util-dynamodb': { imports: "import { marshall } from '@aws-sdk/util-dynamodb';", use: 'marshall' },
  '@aws-sdk/client-s3': { imports: "import { S3Client } from '@aws-sdk/client-s3';", use: 'new S3Client({})' },
  '@aws-sdk/client-ses': { imports: "import { SESClient } from '@aws-sdk/client-ses';", use: 'new SESClient({})' },
  '@aws-sdk/client-sqs': { imports: "import { SQSClient } from '@aws-sdk/client-sqs';", use: 'new SQSClient({})' },
  // The SigV4 signer that S3, KMS and Secrets Manager are called with (src/core/aws/signed-fetch.ts): the DynamoDB client already carries it.
  '@smithy/signature-v4': { imports: "import { SignatureV4 } from '@smithy/signature-v4';", use: 'SignatureV4' },
};

/** The SDK packages a bundle (built with the SDK external) imports at load, sorted; the document client always. */
export const sdkLoadedAtStart = (metafile: Metafile): string[] => {
  const pkgs = new Set(['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb']);
  for (const input of Object.values(metafile.inputs)) {
    for (const i of input.imports) {
      if (!i.external || i.kind === 'dynamic-import') continue;
      const pkg = i.path.match(/^@(?:aws-sdk|smithy|aws-crypto)\/[^/]+/)?.[0];
      if (pkg) pkgs.add(pkg);
    }
  }
  return [...pkgs].sort();
};

/** Source of the floor handler for those SDK packages (throws on one it does not know, so none is silently left out). */
export const sdkFloorSource = (pkgs: string[]): string => {
  const parts = pkgs.map((pkg) => {
    const part = sdkFloorParts[pkg];
    if (!part) throw new Error(`bench/bundles.ts: no floor recipe for ${pkg}`);
    return part;
  });
  const uses = parts.map((p) => p.use).filter(Boolean);
  return `${parts.map((p) => p.imports).join('\n')}\nconst made = [${uses.join(', ')}];\nexport const handler = async () => ({ statusCode: 200, body: String(made.length) });\n`;
};

/** A short name for an SDK floor: the packages besides the document client. */
export const sdkFloorName = (pkgs: string[]) =>
  pkgs.filter((p) => !['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb', '@aws-sdk/util-dynamodb'].includes(p)).map((p) => p.replace(/^@(aws-sdk|smithy)\/(client-)?/, '')).join('+') || 'dynamodb';

const loaderSource = `const started = performance.now();
await import(process.argv[2]);
process.stdout.write(String(performance.now() - started));
`;

/**
 * A scratch folder for one bench run, with the loader script in it: under node_modules/.cache, inside
 * the project, so a bundle that leaves the SDK out finds it in node_modules, as on Lambda's runtime.
 * `remove()` deletes it (call it in a `finally`).
 */
export const scratchDir = (root: string, name: string, loader = loaderSource) => {
  const cache = join(root, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, `socialinzen-${name}-`));
  const loaderFile = join(dir, 'load.mjs');
  writeFileSync(loaderFile, loader);
  return { dir, loader: loaderFile, remove: () => rmSync(dir, { recursive: true, force: true }) };
};

/** Milliseconds to import a module in a fresh Node process (after Node's own start). */
export const loadMs = (loader: string, file: string, nodeOptions: string[] = []): number =>
  Number(
    execFileSync(process.execPath, [...nodeOptions, loader, pathToFileURL(file).href], {
      env: { PATH: process.env['PATH'], AWS_REGION: 'us-east-1', TABLE_NAME: 'bench', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      encoding: 'utf8',
    }),
  );

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** The middle half of the values (first to third quartile, nearest rank): how far one median of a few loads can be trusted. */
const quartiles = (values: number[]): [number, number] => {
  const sorted = [...values].sort((a, b) => a - b);
  return [sorted[Math.floor((sorted.length - 1) / 4)]!, sorted[Math.ceil(((sorted.length - 1) * 3) / 4)]!];
};

export interface BenchOptions {
  runs?: number;
  only?: string[];
  /** How the functions load the SDK (the floor always bundles it). Default: as lib/bundling.ts ships. */
  loadSdk?: 'bundled' | 'external';
  /** Build with source maps and load with --enable-source-maps (to measure their cost). */
  sourcemap?: boolean;
}

export const benchBundles = async (root: string, options: BenchOptions = {}) => {
  const runs = options.runs ?? 5;
  const loadSdk = options.loadSdk ?? (esbuildOptions.external.some((e) => e.startsWith('@aws-sdk')) ? 'external' : 'bundled');
  const { dir, loader, remove } = scratchDir(root, 'bundles');
  try {
    const place = async (name: string, entry: string, sdk: 'bundled' | 'external' = 'bundled', sourcemap = false, define?: Record<string, string>) => {
      const outdir = join(dir, name);
      mkdirSync(outdir, { recursive: true });
      await buildFunction(root, entry, { sdk, outdir, sourcemap, ...(define ? { define } : {}) });
      return join(outdir, 'index.mjs');
    };
    const fnNodeOptions = options.sourcemap ? ['--enable-source-maps'] : [];
    const floor = await place('floor', 'bench/fixtures/floor-handler.ts');
    const empty = await place('empty', 'bench/fixtures/empty-handler.ts');
    const floorRuns: number[] = [];
    const emptyRuns: number[] = [];
    const floorLoad = () => {
      const ms = loadMs(loader, floor);
      floorRuns.push(ms);
      return ms;
    };
    for (let i = 0; i < runs; i++) {
      emptyRuns.push(loadMs(loader, empty));
      floorLoad();
    }

    // One floor per set of SDK packages loaded at start, built once, measured beside each function using it.
    const sdkFloors = new Map<string, { file: string; runs: number[] }>();
    const sdkFloor = async (pkgs: string[]) => {
      const name = sdkFloorName(pkgs);
      let floorOf = sdkFloors.get(name);
      if (!floorOf) {
        const source = join(dir, `floor-${name}.ts`);
        writeFileSync(source, sdkFloorSource(pkgs));
        floorOf = { file: await place(`floor-${name}`, relative(root, source)), runs: [] };
        sdkFloors.set(name, floorOf);
      }
      return { name, ...floorOf };
    };

    const rows = [];
    for (const fn of functionEntries().filter((f) => !options.only || options.only.includes(f.id))) {
      const { bytes, metafile } = await buildFunction(root, fn.entry, { sdk: 'external', define: fn.define });
      const file = await place(fn.id, fn.entry, loadSdk, options.sourcemap ?? false, fn.define);
      const own = await sdkFloor(sdkLoadedAtStart(metafile));
      const fnRuns: number[] = [];
      const ratios: number[] = [];
      const ownRatios: number[] = [];
      const sdkRatios: number[] = [];
      for (let i = 0; i < runs; i++) {
        const f = floorLoad();
        const o = loadMs(loader, own.file);
        own.runs.push(o);
        const ms = loadMs(loader, file, fnNodeOptions);
        fnRuns.push(ms);
        ratios.push(ms / f);
        ownRatios.push(ms / o);
        sdkRatios.push(o / f);
      }
      const top = Object.entries(bytesByPackage(metafile))
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([pkg, b]) => `${pkg} ${(b / 1024).toFixed(0)}`)
        .join(', ');
      rows.push({
        function: fn.id,
        'KB w/o SDK': Number((bytes / 1024).toFixed(1)),
        'load ms': Number(median(fnRuns).toFixed(1)),
        'load / floor': Number(median(ratios).toFixed(2)),
        'load / floor, q1–q3': quartiles(ratios).map((q) => q.toFixed(2)).join('–'),
        'SDK at start': own.name,
        'its SDK floor / floor': Number(median(sdkRatios).toFixed(2)),
        'load / its SDK floor': Number(median(ownRatios).toFixed(2)),
        'largest parts (KB)': top,
      });
    }
    return { rows, floorMs: median(floorRuns), emptyMs: median(emptyRuns), loadSdk };
  } finally {
    remove();
  }
};

export const printBundles = async (root: string, options: BenchOptions = {}) => {
  if (!options.only) {
    console.log('\nCold-start choices, each against the floor (fresh Node process, median of 7):');
    console.table(await benchChoices(root));
  }
  const runs = options.runs ?? 5;
  console.log(`\nBundles (esbuild, the stack's options) and cold module load (fresh Node process, median of ${runs}, interleaved with the floor):`);
  const { rows, floorMs, emptyMs } = await benchBundles(root, { ...options, runs });
  console.table(rows);
  console.log(`floor handler (DynamoDB document client, SDK bundled+minified): ${floorMs.toFixed(1)} ms to import; empty handler ${emptyMs.toFixed(1)} ms`);
  console.log("its SDK floor: the document client plus every SDK client the function's bundle imports at load ('SDK at start'), created and nothing else; load / its SDK floor is the part that is our code");
  const worst = rows.reduce((a, b) => (b['load / floor'] > a['load / floor'] ? b : a));
  const worstOwn = rows.reduce((a, b) => (b['load / its SDK floor'] > a['load / its SDK floor'] ? b : a));
  const over = rows.filter((r) => r['load / floor'] > 1.5);
  const clearlyOver = rows.filter((r) => Number(r['load / floor, q1–q3'].split('–')[0]) > 1.5);
  console.log(
    `over 1.5× the floor: ${over.length} of ${rows.length} by the median (${over.map((r) => r.function).join(', ') || 'none'}); with even the first quartile over 1.5×: ${clearlyOver.length} (${clearlyOver.map((r) => r.function).join(', ') || 'none'}). A median of ${runs} loads moves about ±0.2× between runs on a shared machine: \`RUNS=21 npx tsx bench/run-bundles.ts <id …>\` to decide one function`,
  );
  console.log(`largest load ratio: ${worst.function} ${worst['load / floor']}× the floor; against its own SDK floor: ${worstOwn.function} ${worstOwn['load / its SDK floor']}×; largest bundle w/o SDK: ${Math.max(...rows.map((r) => r['KB w/o SDK']))} KB`);
};

/**
 * The measured decisions behind lib/bundling.ts and the WeChat transport, side by side with the
 * floor: SDK bundled vs loaded from node_modules (as the runtime provides it), undici bundled vs
 * Node's built-in fetch, the S3 client (the SDK's, aws4fetch, the SDK's signer over fetch), KMS and
 * Secrets Manager (the SDK's client or Powertools vs the JSON protocol on the signer), parts of
 * our functions alone on the floor (where their load goes: README, "Cold start"), source maps on vs off.
 */
export const benchChoices = async (root: string, runs = 7) => {
  const { dir, loader, remove } = scratchDir(root, 'choices');
  try {
    const callback = routeList.find((r) => r.id === 'callback.message')!.handler;
    const variants: { name: string; entry: string; sdk: 'bundled' | 'external'; sourcemap?: boolean }[] = [
      { name: 'floor: SDK bundled + minified', entry: 'bench/fixtures/floor-handler.ts', sdk: 'bundled' },
      { name: 'floor: SDK from node_modules (as the runtime has it)', entry: 'bench/fixtures/floor-handler.ts', sdk: 'external' },
      { name: 'empty handler', entry: 'bench/fixtures/empty-handler.ts', sdk: 'bundled' },
      { name: 'transport: undici package, bundled', entry: 'bench/fixtures/transport-undici.ts', sdk: 'bundled' },
      { name: "transport: Node's built-in fetch", entry: 'bench/fixtures/transport-fetch.ts', sdk: 'bundled' },
      { name: "S3: the SDK's S3 client + presigner (+ floor)", entry: 'bench/fixtures/s3-sdk-client.ts', sdk: 'bundled' },
      { name: 'S3: aws4fetch (+ floor)', entry: 'bench/fixtures/s3-aws4fetch.ts', sdk: 'bundled' },
      { name: "S3: src/core/uploads/s3.ts, the SDK's signer + fetch (+ floor)", entry: 'bench/fixtures/s3-signer.ts', sdk: 'bundled' },
      { name: 'parts of ours: zod/mini and one schema (+ floor)', entry: 'bench/fixtures/floor-zod-mini.ts', sdk: 'bundled' },
      { name: 'parts of ours: every platform request schema (+ floor)', entry: 'bench/fixtures/floor-platform-schemas.ts', sdk: 'bundled' },
      { name: 'parts of ours: the Powertools Logger (+ floor)', entry: 'bench/fixtures/floor-logger.ts', sdk: 'bundled' },
      { name: "KMS: the SDK's KMS client, its first-use import() inlined (+ floor)", entry: 'bench/fixtures/kms-sdk-client.ts', sdk: 'bundled' },
      { name: "KMS: src/core/aws/kms.ts, JSON protocol on the SDK's signer + fetch (+ floor)", entry: 'bench/fixtures/kms-json.ts', sdk: 'bundled' },
      { name: "Secrets Manager: Powertools Parameters' getSecret (+ floor)", entry: 'bench/fixtures/secrets-powertools.ts', sdk: 'bundled' },
      { name: 'Secrets Manager: src/core/aws/secrets-manager.ts + its cache (+ floor)', entry: 'bench/fixtures/secrets-json.ts', sdk: 'bundled' },
      { name: 'callback, no source map', entry: callback, sdk: 'bundled' },
      { name: 'callback, source map + --enable-source-maps', entry: callback, sdk: 'bundled', sourcemap: true },
    ];
    const files = [];
    for (const [i, v] of variants.entries()) {
      const outdir = join(dir, String(i));
      mkdirSync(outdir, { recursive: true });
      const { bytes, metafile } = await buildFunction(root, v.entry, { sdk: v.sdk, outdir, sourcemap: v.sourcemap ?? false });
      const mapBytes = Object.entries(metafile.outputs).find(([f]) => f.endsWith('.map'))?.[1].bytes ?? 0;
      files.push({ ...v, file: join(outdir, 'index.mjs'), bytes, mapBytes, runs: [] as number[] });
    }
    for (let r = 0; r < runs; r++) {
      for (const f of files) f.runs.push(loadMs(loader, f.file, f.sourcemap ? ['--enable-source-maps'] : []));
    }
    const floor = median(files[0]!.runs);
    return files.map((f) => ({
      variant: f.name,
      'bundle KB': Number((f.bytes / 1024).toFixed(1)),
      'map KB': Number((f.mapBytes / 1024).toFixed(1)),
      'load ms': Number(median(f.runs).toFixed(1)),
      'load / floor': Number((median(f.runs) / floor).toFixed(2)),
    }));
  } finally {
    remove();
  }
};
