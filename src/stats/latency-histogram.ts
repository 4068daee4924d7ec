/**
 * A latency histogram with fixed buckets, so days (and runs of days) add up by counts and p50/p95
 * are read from counts: exact for 0–15 ms (API Gateway logs whole milliseconds), then 8 buckets per
 * doubling from 16 ms (each 9.05% wide) up to 60 s, one bucket past that. A percentile is the upper
 * end of the bucket its rank falls in, rounded up to a whole ms: never below the true value, above it
 * by less than 9.05% (0 below 16 ms).
 */
const exactBelow = 16;
const perDoubling = 8;
const logBuckets = Math.ceil(Math.log2(60_000 / exactBelow) * perDoubling); // 95: up to 60 s
/** Buckets 0–15: that many ms; 16 … 16+logBuckets-1: [16·2^(k/8), 16·2^((k+1)/8)); the last: beyond 60 s. */
export const bucketCount = exactBelow + logBuckets + 1;

export const bucketOf = (ms: number): number => {
  if (!(ms >= 0)) return 0;
  if (ms < exactBelow) return Math.floor(ms);
  const k = Math.floor(Math.log2(ms / exactBelow) * perDoubling);
  return Math.min(exactBelow + k, bucketCount - 1);
};

/** The largest value a bucket holds, as a whole ms (the overflow bucket: 60 s and more, said as 60 000). */
export const bucketUpperMs = (bucket: number): number => {
  if (bucket < exactBelow) return bucket;
  if (bucket >= bucketCount - 1) return 60_000;
  // Whole-ms inputs: the bucket's largest integer is below its upper end.
  return Math.ceil(exactBelow * 2 ** ((bucket - exactBelow + 1) / perDoubling)) - 1;
};

/** Counts by bucket index (sparse). */
export type Histogram = Map<number, number>;

export const histogramOf = (values: readonly number[]): Histogram => {
  const h: Histogram = new Map();
  for (const v of values) h.set(bucketOf(v), (h.get(bucketOf(v)) ?? 0) + 1);
  return h;
};

export const mergeHistograms = (histograms: readonly Histogram[]): Histogram => {
  const out: Histogram = new Map();
  for (const h of histograms) for (const [b, n] of h) out.set(b, (out.get(b) ?? 0) + n);
  return out;
};

/** The p-quantile (0 < p ≤ 1) by nearest rank: the value of the ceil(p·count)-th smallest; undefined when empty. */
export const percentileOf = (h: Histogram, p: number): number | undefined => {
  const count = [...h.values()].reduce((a, b) => a + b, 0);
  if (count === 0) return undefined;
  const rank = Math.max(1, Math.ceil(p * count));
  let seen = 0;
  for (const bucket of [...h.keys()].sort((a, b) => a - b)) {
    seen += h.get(bucket)!;
    if (seen >= rank) return bucketUpperMs(bucket);
  }
  return undefined;
};

/** What the statistics answer per day or range: null percentiles when nothing was measured. */
export const latencySummary = (h: Histogram): { p50: number | null; p95: number | null; count: number } => ({
  p50: percentileOf(h, 0.5) ?? null,
  p95: percentileOf(h, 0.95) ?? null,
  count: [...h.values()].reduce((a, b) => a + b, 0),
});
