import { performance } from 'node:perf_hooks';

/** A small latency harness: runs `fn` `count` times, `concurrency` at a time, reports quantiles. */
export interface Measurement {
  name: string;
  count: number;
  medianMs: number;
  p99Ms: number;
  maxMs: number;
  rps: number;
}

const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

/** One workload's latencies (ms, any order) over `elapsedMs` of wall clock. */
const summarize = (name: string, samples: number[], elapsedMs: number): Measurement => {
  samples.sort((a, b) => a - b);
  return {
    name,
    count: samples.length,
    medianMs: quantile(samples, 0.5),
    p99Ms: quantile(samples, 0.99),
    maxMs: samples[samples.length - 1]!,
    rps: (samples.length / elapsedMs) * 1000,
  };
};

export const measure = async (
  name: string,
  options: { count: number; concurrency: number; warmup?: number },
  fn: (i: number) => Promise<void>,
): Promise<Measurement> => {
  for (let i = 0; i < (options.warmup ?? 10); i++) await fn(-1 - i);
  const samples: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < options.count) {
      const i = next++;
      const t0 = performance.now();
      await fn(i);
      samples.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const elapsed = performance.now() - started;
  return summarize(name, samples, elapsed);
};

export const report = (rows: Measurement[]): void => {
  console.table(
    rows.map((r) => ({
      benchmark: r.name,
      requests: r.count,
      'median ms': r.medianMs.toFixed(2),
      'p99 ms': r.p99Ms.toFixed(2),
      'max ms': r.maxMs.toFixed(2),
      'req/s': r.rps.toFixed(0),
    })),
  );
};

/**
 * Several workloads measured side by side: `rounds` short rounds, the workloads in turn (the order
 * alternating), samples pooled per workload, so load that comes and goes on a shared machine falls
 * on all of them alike. req/s is requests over the time spent on that workload.
 */
export const measureInterleaved = async (
  workloads: { name: string; fn: (i: number) => Promise<void> }[],
  options: { count: number; concurrency: number; rounds: number },
): Promise<Measurement[]> => {
  const pooled = workloads.map(() => ({ samples: [] as number[], elapsed: 0 }));
  const perRound = Math.ceil(options.count / options.rounds);
  for (const { fn } of workloads) for (let i = 0; i < 10; i++) await fn(-1 - i);
  for (let round = 0; round < options.rounds; round++) {
    const order = workloads.map((_, i) => i);
    if (round % 2 === 1) order.reverse();
    for (const w of order) {
      let next = 0;
      const base = round * perRound;
      const started = performance.now();
      const worker = async () => {
        while (next < perRound) {
          const i = base + next++;
          const t0 = performance.now();
          await workloads[w]!.fn(i);
          pooled[w]!.samples.push(performance.now() - t0);
        }
      };
      await Promise.all(Array.from({ length: options.concurrency }, worker));
      pooled[w]!.elapsed += performance.now() - started;
    }
  }
  return workloads.map(({ name }, w) => summarize(name, pooled[w]!.samples, pooled[w]!.elapsed));
};
