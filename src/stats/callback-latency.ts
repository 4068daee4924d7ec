import { createHash } from 'node:crypto';
import { appidFormat } from '../core/http/formats';
import type { AccessLogRecord } from '../core/observability/access-log';
import { addLatencies } from './data/stats';
import { shanghaiDay } from './days';
import { bucketOf } from './latency-histogram';

/**
 * The callback's latency as API Gateway measured it, per account per day: the stage's access-log
 * lines of `POST /wxplatform/callback/{appid}` (a subscription filter keeps only those) folded into
 * each account-day's histogram. Nothing on the callback's hot path: API Gateway writes the line
 * after answering, CloudWatch Logs hands batches to this function.
 */
export interface LogEvent {
  id: string;
  timestamp: number;
  message: string;
}

/** The account of a callback path (`/wxplatform/callback/<appid>`; on a stage other than $default API Gateway prefixes the stage). */
export const appidOfCallbackPath = (path: string): string | undefined => {
  const match = path.match(/\/wxplatform\/callback\/([^/?]+)\/?$/);
  // An appid is letters and digits: a segment with a % in it is someone's probe, not an account
  // (and decoding a malformed one would throw away the whole delivery's lines).
  const appid = match?.[1];
  return appid && appidFormat.pattern.test(appid) ? appid : undefined;
};

interface Share {
  appid: string;
  day: string;
  ids: string[];
  buckets: Map<number, number>;
  sumMs: number;
}

/**
 * Counts what a request's line says about the callback: requests whose function ran (integration
 * latency logged; a throttled or refused request never reached it, and its 0 ms would flatter p50).
 */
const measured = (record: Partial<AccessLogRecord>): number | undefined => {
  const latency = Number(record.latency);
  return record.integrationLatency && record.integrationLatency !== '-' && Number.isFinite(latency) && latency >= 0 ? latency : undefined;
};

export interface FoldReport {
  lines: number;
  counted: number;
  skipped: number;
  shares: number;
  already: number;
}

/** Folds one delivery's log events into the histograms; a share delivered before is not counted again. */
export const foldAccessLog = async (events: readonly LogEvent[], now = Date.now()): Promise<FoldReport> => {
  const shares = new Map<string, Share>();
  let skipped = 0;
  for (const event of events) {
    let record: Partial<AccessLogRecord>;
    try {
      record = JSON.parse(event.message) as Partial<AccessLogRecord>;
    } catch {
      skipped++;
      continue;
    }
    const appid = appidOfCallbackPath(String(record.path ?? ''));
    const latency = measured(record);
    const time = Number(record.time);
    if (!appid || latency === undefined) {
      skipped++;
      continue;
    }
    const day = shanghaiDay(Number.isFinite(time) && time > 0 ? time : event.timestamp);
    const key = `${appid}\u0000${day}`;
    const share: Share = shares.get(key) ?? { appid, day, ids: [], buckets: new Map(), sumMs: 0 };
    share.ids.push(event.id);
    share.buckets.set(bucketOf(latency), (share.buckets.get(bucketOf(latency)) ?? 0) + 1);
    share.sumMs += latency;
    shares.set(key, share);
  }
  let already = 0;
  for (const share of shares.values()) {
    // CloudWatch Logs gives every log event a unique id: the same delivery hashes the same.
    const deliveryKey = createHash('sha256').update([...share.ids].sort().join(',')).digest('hex');
    if ((await addLatencies(share.appid, share.day, deliveryKey, share.buckets, share.sumMs, now)) === 'already') already++;
  }
  const counted = [...shares.values()].reduce((n, s) => n + s.ids.length, 0);
  return { lines: events.length, counted, skipped, shares: shares.size, already };
};
