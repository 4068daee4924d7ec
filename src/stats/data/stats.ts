import { createHash } from 'node:crypto';
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { cancellationReasons, db, epochSeconds, isConditionFailure, queryAll, table } from '../../core/data/client';

/**
 * An account's statistics, all under one partition per account (read a range with one Query):
 *   STATS#<appid> / DAY#<day>                   our own counters of the day (messages, events, replied,
 *                                               texts, keywordHits, unmatched, subscribes, unsubscribes, taps, scans)
 *   STATS#<appid> / UNM#<day>#<32 hex>          a text no keyword rule answered: text (normalized), n;
 *                                               ttl = the inbox's (followers' words follow its retention)
 *   STATS#<appid> / TAP#<day>#<32 hex>          taps of one menu button: key, n
 *   STATS#<appid> / QR#<day>#<32 hex>           one QR scene's day: scene, scans, followers
 *   STATS#<appid> / WX#<source>#<day>           WeChat's own numbers of a day (datacube), written once,
 *                                               kept for good (source: user, upstream, interface, articles)
 *   STATS#<appid> / LAT#<day>                   the callback's API Gateway latency of the day: count, sumMs,
 *                                               b<bucket> counts (src/stats/latency-histogram.ts)
 *   STATS#<appid> / LATMARK#<32 hex>            one access-log delivery folded in (its log events' ids
 *                                               hashed), so a redelivered batch counts once; 3 days (TTL)
 * Counters are ADDs fed by the record stream's plug-ins (src/records/stats-counters.ts), which commit
 * them with their mark, so a record delivered twice counts once. Day = Asia/Shanghai, as WeChat's.
 */
export const statsPk = (appid: string) => `STATS#${appid}`;

const hash32 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 32);

export type OwnCounter = 'messages' | 'events' | 'replied' | 'texts' | 'keywordHits' | 'unmatched' | 'subscribes' | 'unsubscribes' | 'taps' | 'scans';

/** What a plug-in hands the consumer (src/records/data/stream-marks.ts TableWrite, structurally). */
export interface CounterWrite {
  Update: {
    Key: { pk: string; sk: string };
    UpdateExpression: string;
    ExpressionAttributeNames?: Record<string, string>;
    ExpressionAttributeValues: Record<string, unknown>;
  };
}

export const ownDayWrite = (appid: string, day: string, counters: Partial<Record<OwnCounter, number>>): CounterWrite | undefined => {
  const entries = Object.entries(counters).filter(([, n]) => n);
  if (entries.length === 0) return undefined;
  return {
    Update: {
      Key: { pk: statsPk(appid), sk: `DAY#${day}` },
      UpdateExpression: `SET #day = :day ADD ${entries.map(([name], i) => `#c${i} :c${i}`).join(', ')}`,
      ExpressionAttributeNames: { '#day': 'day', ...Object.fromEntries(entries.map(([name], i) => [`#c${i}`, name])) },
      ExpressionAttributeValues: { ':day': day, ...Object.fromEntries(entries.map(([, n], i) => [`:c${i}`, n])) },
    },
  };
};

/** A text no keyword answered, by its normalized form; lives as long as the inbox keeps the message (its TTL). */
export const unmatchedWrite = (appid: string, day: string, normalized: string, ttl: number): CounterWrite => ({
  Update: {
    Key: { pk: statsPk(appid), sk: `UNM#${day}#${hash32(normalized)}` },
    UpdateExpression: 'SET #text = :text, #day = :day, #ttl = if_not_exists(#ttl, :ttl) ADD n :one',
    ExpressionAttributeNames: { '#text': 'text', '#day': 'day', '#ttl': 'ttl' },
    ExpressionAttributeValues: { ':text': normalized, ':day': day, ':ttl': ttl, ':one': 1 },
  },
});

export const tapWrite = (appid: string, day: string, key: string, event: string): CounterWrite => ({
  Update: {
    Key: { pk: statsPk(appid), sk: `TAP#${day}#${hash32(`${event}\u0000${key}`)}` },
    UpdateExpression: 'SET #key = :key, #event = :event, #day = :day ADD n :one',
    ExpressionAttributeNames: { '#key': 'key', '#event': 'event', '#day': 'day' },
    ExpressionAttributeValues: { ':key': key, ':event': event, ':day': day, ':one': 1 },
  },
});

export const qrDayWrite = (appid: string, day: string, scene: string, newFollower: boolean): CounterWrite => ({
  Update: {
    Key: { pk: statsPk(appid), sk: `QR#${day}#${hash32(scene)}` },
    UpdateExpression: `SET #scene = :scene, #day = :day ADD scans :one${newFollower ? ', followers :one' : ''}`,
    ExpressionAttributeNames: { '#scene': 'scene', '#day': 'day' },
    ExpressionAttributeValues: { ':scene': scene, ':day': day, ':one': 1 },
  },
});

/** Items of one kind (DAY, UNM, TAP, QR, WX#<source>) from `from` to `to`, both included. */
export const readDays = (appid: string, kind: string, from: string, to: string): Promise<Record<string, any>[]> =>
  queryAll({
    TableName: table(),
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': statsPk(appid), ':from': `${kind}#${from}`, ':to': `${kind}#${to}~` },
  });

export type WechatSource = 'user' | 'upstream' | 'interface' | 'articles';

/**
 * WeChat's numbers of one day, written once: a day is stored only when WeChat has finished it, and
 * never changed after (a second collector run, or two overlapping ones, leave the first write).
 */
export const putWechatDay = async (appid: string, source: WechatSource, day: string, data: Record<string, unknown>, collectedAt: string): Promise<boolean> => {
  try {
    await db.send(
      new PutCommand({
        TableName: table(),
        Item: { pk: statsPk(appid), sk: `WX#${source}#${day}`, day, source, data, collectedAt },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
};

/** The days of a source already stored between two days. */
export const storedWechatDays = async (appid: string, source: WechatSource, from: string, to: string): Promise<Map<string, Record<string, any>>> =>
  new Map((await readDays(appid, `WX#${source}`, from, to)).map((item) => [String(item['day']), (item['data'] ?? {}) as Record<string, any>]));

/** Where the daily collection of an account stands: what the dashboard says when WeChat's numbers are missing. */
export interface CollectState {
  /** collected: up to date; partial: some days wait (WeChat not finished, or a failure); skipped: see reason. */
  state: 'collected' | 'partial' | 'skipped';
  reason?: 'unverified' | 'unauthorized' | 'wechatError';
  /** The last day WeChat's user numbers are stored for. */
  lastDay?: string;
  error?: { errcode: number; errmsg: string };
  at: string;
}

const collectKey = (appid: string) => ({ pk: statsPk(appid), sk: 'COLLECT' });

export const readCollectState = async (appid: string): Promise<CollectState | undefined> => {
  const { Item } = await db.send(new GetCommand({ TableName: table(), Key: collectKey(appid) }));
  if (!Item) return undefined;
  const { pk: _pk, sk: _sk, ...state } = Item;
  return state as CollectState;
};

export const writeCollectState = async (appid: string, state: CollectState): Promise<void> => {
  await db.send(new PutCommand({ TableName: table(), Item: { ...collectKey(appid), ...state } }));
};

/** How long a delivery's mark is kept: Lambda retries an asynchronous invocation for up to 6 hours. */
export const latencyMarkLifetimeSeconds = 3 * 86_400;

/**
 * Adds one account-day's share of an access-log delivery to its histogram, once: the mark (keyed by
 * the hash of the delivery's log event ids for this account and day) and the counts go in ONE
 * transaction, guarded by the mark's absence. 'already': this share was counted before.
 */
export const addLatencies = async (
  appid: string,
  day: string,
  deliveryKey: string,
  buckets: ReadonlyMap<number, number>,
  sumMs: number,
  now = Date.now(),
): Promise<'added' | 'already'> => {
  const entries = [...buckets].filter(([, n]) => n > 0);
  const count = entries.reduce((a, [, n]) => a + n, 0);
  if (count === 0) return 'added';
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table(),
              Item: { pk: statsPk(appid), sk: `LATMARK#${hash32(`${day}\u0000${deliveryKey}`)}`, day, ttl: epochSeconds(now) + latencyMarkLifetimeSeconds },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Update: {
              TableName: table(),
              Key: { pk: statsPk(appid), sk: `LAT#${day}` },
              UpdateExpression: `SET #day = :day ADD #count :count, #sum :sum, ${entries.map(([b], i) => `#b${i} :b${i}`).join(', ')}`,
              ExpressionAttributeNames: { '#day': 'day', '#count': 'count', '#sum': 'sumMs', ...Object.fromEntries(entries.map(([b], i) => [`#b${i}`, `b${b}`])) },
              ExpressionAttributeValues: { ':day': day, ':count': count, ':sum': sumMs, ...Object.fromEntries(entries.map(([, n], i) => [`:b${i}`, n])) },
            },
          },
        ],
      }),
    );
    return 'added';
  } catch (error) {
    if (cancellationReasons(error)?.[0] === 'ConditionalCheckFailed') return 'already';
    throw error;
  }
};

/** The latency histograms of the days from `from` to `to`, by day (bucket index → count). */
export const latencyDays = async (appid: string, from: string, to: string): Promise<Map<string, Map<number, number>>> =>
  new Map(
    (await readDays(appid, 'LAT', from, to)).map((item) => [
      String(item['day']),
      new Map(
        Object.entries(item)
          .filter(([name]) => /^b\d+$/.test(name))
          .map(([name, n]) => [Number(name.slice(1)), Number(n)] as [number, number]),
      ),
    ]),
  );
