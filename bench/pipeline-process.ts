import { benchPipeline } from './callback-pipeline';

/**
 * Entry of the in-process comparison when it runs as Lambda runs the code: bench/callback.ts
 * bundles this file with the stack's esbuild options (lib/bundling.ts) and runs it in a fresh
 * Node process, which prints the numbers as one JSON line.
 */
const rounds = Number(process.env['PIPELINE_ROUNDS'] ?? 60);
console.log(JSON.stringify(await benchPipeline(rounds)));
