import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, isConditionFailure, queryAll, table } from '../../core/data/client';
import { ItemConflict } from '../../core/data/errors';
import '../rule-texts';

/**
 * An account's audience bookkeeping, under `AUDIENCE#<appid>`: the sync's progress (`SYNC`, its
 * checkpoint: which user/get page and how far into it) and the directory's counters (`COUNTS`:
 * total, untagged, per tag, per QR scene), so totals are one GetItem at any size. The per-tenant
 * token bucket of WeChat calls lives under `AUDIENCEBUCKET#<orgId>`.
 */
export type SyncState = 'running' | 'paused' | 'done' | 'failed';

export interface Counts {
  total: number;
  untagged: number;
  tags: Record<string, number>;
  scenes: Record<string, number>;
}

export interface SyncRecord {
  runId: string;
  orgId: string;
  state: SyncState;
  /** `full`: the first sync (or after a failure); `resync`: the daily one, writing only what changed. */
  kind: 'full' | 'resync';
  /** The next_openid user/get was asked with for the page in progress ('' = the first page). */
  pageFrom: string;
  /** How many openids of that page are done. */
  offset: number;
  /** WeChat's follower total when the run last listed. */
  wechatTotal: number;
  checked: number;
  written: number;
  unchanged: number;
  wechatCalls: number;
  counts: Counts;
  startedAt: string;
  updatedAt: string;
  finishedAt?: string;
  /** Paused by WeChat's daily quota (45009): when it resets (midnight China time). */
  pausedUntil?: string;
  reason?: string;
  /** The directory generation this run writes (chosen at its first user/get page from WeChat's total). */
  target?: { generation: number; buckets: number };
  version: number;
}

const syncKey = (appid: string) => ({ pk: `AUDIENCE#${appid}`, sk: 'SYNC' });
/** Every account with a sync, for the daily job (gsi1). */
const syncIndex = (appid: string) => ({ gsi1pk: 'AUDIENCESYNCS', gsi1sk: appid });

const countsKey = (appid: string) => ({ pk: `AUDIENCE#${appid}`, sk: 'COUNTS' });

export const emptyCounts = (): Counts => ({ total: 0, untagged: 0, tags: {}, scenes: {} });

export const getSync = async (appid: string): Promise<SyncRecord | undefined> => {
  const out = await db.send(new GetCommand({ TableName: table(), Key: syncKey(appid), ConsistentRead: true }));
  if (!out.Item) return undefined;
  const { pk: _pk, sk: _sk, type: _type, gsi1pk: _g, gsi1sk: _gs, ...rest } = out.Item;
  return rest as SyncRecord;
};

/**
 * Starts a run unless one is running (ItemConflict: the caller answers 40902 with the running one).
 * A paused or failed run is resumed from its checkpoint, not restarted.
 */
export const startSync = async (appid: string, record: SyncRecord): Promise<SyncRecord> => {
  try {
    await db.send(
      new PutCommand({
        TableName: table(),
        Item: { ...syncKey(appid), ...syncIndex(appid), type: 'audienceSync', ...record },
        ConditionExpression: 'attribute_not_exists(pk) OR #state <> :running',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':running': 'running' },
      }),
    );
    return record;
  } catch (error) {
    if (isConditionFailure(error)) throw new ItemConflict('a sync of this account is running', { rule: 'audience.syncRunning' });
    throw error;
  }
};

/**
 * Moves a run forward from `version` (its checkpoint, counts and state); false when someone else
 * did first (a redelivered message running beside the first): that one carries on, this one stops.
 */
export const saveSync = async (appid: string, record: SyncRecord): Promise<boolean> => {
  try {
    await db.send(
      new PutCommand({
        TableName: table(),
        Item: { ...syncKey(appid), ...syncIndex(appid), type: 'audienceSync', ...record, version: record.version + 1 },
        ConditionExpression: 'runId = :run AND version = :v',
        ExpressionAttributeValues: { ':run': record.runId, ':v': record.version },
      }),
    );
    record.version += 1;
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
};

export const getCounts = async (appid: string): Promise<Counts> => {
  const out = await db.send(new GetCommand({ TableName: table(), Key: countsKey(appid) }));
  return out.Item ? { total: out.Item['total'] ?? 0, untagged: out.Item['untagged'] ?? 0, tags: out.Item['tags'] ?? {}, scenes: out.Item['scenes'] ?? {} } : emptyCounts();
};

export const putCountsWrite = (appid: string, counts: Counts) => ({ Put: { Item: { ...countsKey(appid), type: 'audienceCounts', ...counts } } });

/**
 * The counters' change for one follower coming (+1) or going (−1), as a write for the record
 * consumer's transaction (so a redelivered event counts once). Per-tag and per-scene counts are
 * changed only where the sync made those maps (`withMaps`): ADD cannot reach into a missing map.
 */
export const countDeltaWrite = (appid: string, delta: 1 | -1, tags: number[], scene: string, withMaps: boolean) => {
  const names: Record<string, string> = { '#type': 'type', '#total': 'total' };
  const adds = ['#total :d'];
  if (!tags.length) {
    names['#untagged'] = 'untagged';
    adds.push('#untagged :d');
  }
  if (withMaps) {
    tags.forEach((t, i) => {
      names[`#t${i}`] = String(t);
      adds.push(`tags.#t${i} :d`);
    });
    if (scene) {
      names['#scene'] = scene;
      adds.push('scenes.#scene :d');
    }
  }
  return {
    Update: {
      Key: countsKey(appid),
      UpdateExpression: `ADD ${adds.join(', ')} SET #type = :type`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: { ':d': delta, ':type': 'audienceCounts' },
    },
  };
};

/** Whether the counters item has its per-tag and per-scene maps (the sync made them). */
export const countsHaveMaps = async (appid: string): Promise<boolean> => {
  const out = await db.send(new GetCommand({ TableName: table(), Key: countsKey(appid), ProjectionExpression: 'tags, scenes' }));
  return out.Item?.['tags'] !== undefined && out.Item?.['scenes'] !== undefined;
};

/** Adds `delta` to tag counts (batchTag through the product), keeping `untagged` right for followers who had none or have none left. */
export const addTagCounts = async (appid: string, tagId: number, delta: number, untaggedDelta: number): Promise<void> => {
  await db.send(new UpdateCommand({ TableName: table(), Key: countsKey(appid), UpdateExpression: 'SET #type = :type, tags = if_not_exists(tags, :empty)', ExpressionAttributeNames: { '#type': 'type' }, ExpressionAttributeValues: { ':type': 'audienceCounts', ':empty': {} } }));
  await db.send(
    new UpdateCommand({
      TableName: table(),
      Key: countsKey(appid),
      UpdateExpression: 'ADD tags.#tag :d, #untagged :u',
      ExpressionAttributeNames: { '#tag': String(tagId), '#untagged': 'untagged' },
      ExpressionAttributeValues: { ':d': delta, ':u': untaggedDelta },
    }),
  );
};

/**
 * A token bucket per tenant (organization) of WeChat calls made by bulk work: `rate` a second up
 * to `burst`. One organization's million-follower sync takes its own share and no more, so the
 * queue's workers stay free for the others. Answers 0 when the tokens were taken, else how many
 * ms until they will be there.
 */
export const takeTokens = async (orgId: string, n: number, rate: number, burst: number, now = Date.now()): Promise<number> => {
  const key = { pk: `AUDIENCEBUCKET#${orgId}`, sk: 'BUCKET' };
  for (let attempt = 0; attempt < 5; attempt++) {
    const out = await db.send(new GetCommand({ TableName: table(), Key: key, ConsistentRead: true }));
    const at = Number(out.Item?.['at'] ?? 0);
    const had = out.Item ? Number(out.Item['tokens']) : burst;
    const tokens = Math.min(burst, had + ((now - at) / 1000) * rate);
    if (tokens < n) return Math.ceil(((n - tokens) / rate) * 1000);
    try {
      await db.send(
        new PutCommand({
          TableName: table(),
          Item: { ...key, type: 'audienceBucket', tokens: tokens - n, at: now, ttl: Math.floor(now / 1000) + 86_400 },
          ...(out.Item ? { ConditionExpression: '#at = :at', ExpressionAttributeNames: { '#at': 'at' }, ExpressionAttributeValues: { ':at': at } } : { ConditionExpression: 'attribute_not_exists(pk)' }),
        }),
      );
      return 0;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
  return 50;
};

/** The accounts that have a sync, and its state (the daily job's list). */
export const listSyncs = async (): Promise<{ appid: string; state: SyncState }[]> =>
  (
    await queryAll({
      TableName: table(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :k',
      ExpressionAttributeValues: { ':k': 'AUDIENCESYNCS' },
      ProjectionExpression: 'gsi1sk, #state',
      ExpressionAttributeNames: { '#state': 'state' },
    })
  ).map((i) => ({ appid: i['gsi1sk'], state: i['state'] }));
