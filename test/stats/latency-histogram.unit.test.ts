import { describe, expect, it } from 'vitest';
import { bucketCount, bucketOf, bucketUpperMs, histogramOf, latencySummary, mergeHistograms, percentileOf } from '../../src/stats/latency-histogram';

/** The callback latency's histogram (src/stats/latency-histogram.ts): percentiles read from fixed buckets. */
const exactPercentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.max(1, Math.ceil(p * values.length)) - 1]!;

describe('the latency histogram', () => {
  it('gives exact percentiles below 16 ms, where API Gateway’s whole milliseconds each have a bucket', () => {
    const values = [1, 2, 2, 3, 3, 3, 4, 5, 8, 15];
    const h = histogramOf(values);
    expect(percentileOf(h, 0.5)).toBe(3);
    expect(percentileOf(h, 0.95)).toBe(15);
    expect(latencySummary(h)).toEqual({ p50: 3, p95: 15, count: 10 });
  });

  it('never reports below the true percentile and at most 9.05% above it, over a wide spread of latencies', () => {
    // Prepare: a deterministic spread from 1 ms to 30 s (log-uniform), as a day of callbacks with a slow tail
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const values = Array.from({ length: 5000 }, () => Math.round(Math.exp(random() * Math.log(30_000))));

    // Act
    const h = histogramOf(values);

    // Assess
    for (const p of [0.5, 0.9, 0.95, 0.99]) {
      const exact = exactPercentile(values, p);
      const reported = percentileOf(h, p)!;
      expect(reported, `p${p * 100}`).toBeGreaterThanOrEqual(exact);
      expect(reported / exact, `p${p * 100}`).toBeLessThan(1.0905);
    }
  });

  it('puts every whole millisecond in a bucket whose upper end holds it, buckets in order', () => {
    const wrong: string[] = [];
    for (let ms = 0; ms <= 61_000; ms++) {
      const b = bucketOf(ms);
      if (b < 0 || b >= bucketCount) wrong.push(`${ms}: bucket ${b}`);
      if (ms <= 60_000 && bucketUpperMs(b) < ms) wrong.push(`${ms}: above its bucket's upper end ${bucketUpperMs(b)}`);
      if (b > 0 && bucketUpperMs(b - 1) >= ms) wrong.push(`${ms}: the bucket below also holds it`);
    }
    expect(wrong).toEqual([]);
  });

  it('adds days by counts: the range’s p95 is that of all its requests, not an average of the days’', () => {
    // A quiet fast day and a busy slow one
    const fast = Array.from({ length: 100 }, () => 10);
    const slow = Array.from({ length: 900 }, (_, i) => 200 + i);
    const merged = mergeHistograms([histogramOf(fast), histogramOf(slow)]);
    const all = [...fast, ...slow];
    expect(latencySummary(merged).count).toBe(1000);
    expect(percentileOf(merged, 0.5)!).toBeGreaterThanOrEqual(exactPercentile(all, 0.5));
    expect(percentileOf(merged, 0.5)! / exactPercentile(all, 0.5)).toBeLessThan(1.0905);
    expect(percentileOf(merged, 0.95)! / exactPercentile(all, 0.95)).toBeLessThan(1.0905);
  });

  it('answers null percentiles for a day without requests', () => {
    expect(latencySummary(new Map())).toEqual({ p50: null, p95: null, count: 0 });
  });
});
