import { createHash } from 'node:crypto';
import { BatchGetCommand, BatchWriteCommand, QueryCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { db, epochSeconds, table } from '../../core/data/client';

/**
 * The follower directory: one item per follower, and small index items beside it so every question
 * the product asks is a key query, never a scan. Everything is spread over `shards` partitions by
 * a hash of the openid: DynamoDB takes about 1,000 writes a second per partition key, so a million
 * followers written under one key would take 17 minutes; over 8 they take the sync's own pace.
 *
 * - `FOLLOWERS#<appid>#<shard>` / `<openid>`: the follower (what WeChat still says since 2021-12-27:
 *   subscribe time and scene, QR scene, remark, tags, language, unionid) and whether they follow.
 * - `FOLLOWERIDX#<appid>#<index>#<shard>` / `<sort>#<openid>`: one per index the follower is in,
 *   holding the same short projection, so a page of a list is one query per shard, no second read:
 *   `time` (every follower, by subscribe time), `tag:<id>`, `scene:<qr scene>`, `remark` (sorted by
 *   the remark in lower case, for prefix search).
 * An unfollowed follower keeps their item for 30 days (SPEC §6 retention), out of every index.
 */
export const shards = 8;
export const unfollowedKeptDays = 30;

export interface DirectoryFollower {
  openid: string;
  subscribed: boolean;
  subscribeTime: number;
  subscribeScene: string;
  qrScene: string;
  remark: string;
  tags: number[];
  language?: string;
  unionid?: string;
  blocked?: boolean;
  unsubscribedAt?: number;
}

export const shardOf = (openid: string): number => createHash('md5').update(openid).digest()[0]! % shards;

const followerPk = (appid: string, shard: number) => `FOLLOWERS#${appid}#${shard}`;
const indexPk = (appid: string, index: string, shard: number) => `FOLLOWERIDX#${appid}#${index}#${shard}`;
const time10 = (t: number) => String(Math.max(0, Math.floor(t))).padStart(10, '0');

export type IndexName = 'time' | `tag:${number}` | `scene:${string}` | 'remark';

/** The index entries a follower has (none once unfollowed). */
export const indexesOf = (f: DirectoryFollower): { index: IndexName; sort: string }[] => {
  if (!f.subscribed) return [];
  const at = time10(f.subscribeTime);
  return [
    { index: 'time', sort: at },
    ...f.tags.map((t) => ({ index: `tag:${t}` as const, sort: at })),
    ...(f.qrScene ? [{ index: `scene:${f.qrScene}` as const, sort: at }] : []),
    ...(f.remark ? [{ index: 'remark' as const, sort: f.remark.toLowerCase() }] : []),
  ];
};

const projection = (f: DirectoryFollower) => ({
  openid: f.openid,
  subscribeTime: f.subscribeTime,
  remark: f.remark,
  tags: f.tags,
  qrScene: f.qrScene,
  subscribeScene: f.subscribeScene,
  ...(f.blocked ? { blocked: true } : {}),
});

export const followerKey = (appid: string, openid: string) => ({ pk: followerPk(appid, shardOf(openid)), sk: openid });
const indexKey = (appid: string, openid: string, e: { index: IndexName; sort: string }) => ({
  pk: indexPk(appid, e.index, shardOf(openid)),
  sk: `${e.sort}#${openid}`,
});

export const toItem = (appid: string, f: DirectoryFollower, now = Date.now()) => ({
  ...followerKey(appid, f.openid),
  type: 'follower',
  appid,
  ...f,
  ...(f.subscribed ? {} : { ttl: epochSeconds(now) + unfollowedKeptDays * 86_400 }),
});

export const fromItem = (item: Record<string, any>): DirectoryFollower => ({
  openid: item['openid'],
  subscribed: item['subscribed'] === true,
  subscribeTime: Number(item['subscribeTime'] ?? 0),
  subscribeScene: item['subscribeScene'] ?? '',
  qrScene: item['qrScene'] ?? '',
  remark: item['remark'] ?? '',
  tags: (item['tags'] as number[] | undefined)?.map(Number) ?? [],
  ...(item['language'] ? { language: item['language'] } : {}),
  ...(item['unionid'] ? { unionid: item['unionid'] } : {}),
  ...(item['blocked'] ? { blocked: true } : {}),
  ...(item['unsubscribedAt'] ? { unsubscribedAt: Number(item['unsubscribedAt']) } : {}),
});

/** Whether two versions differ in anything the directory keeps (the daily resync writes only these). */
export const differs = (a: DirectoryFollower | undefined, b: DirectoryFollower): boolean =>
  !a ||
  a.subscribed !== b.subscribed ||
  a.subscribeTime !== b.subscribeTime ||
  a.subscribeScene !== b.subscribeScene ||
  a.qrScene !== b.qrScene ||
  a.remark !== b.remark ||
  (a.language ?? '') !== (b.language ?? '') ||
  (a.unionid ?? '') !== (b.unionid ?? '') ||
  !!a.blocked !== !!b.blocked ||
  a.tags.length !== b.tags.length ||
  a.tags.some((t, i) => t !== b.tags[i]);

/** A table write in the shape the record consumer and BatchWrite both take (no TableName). */
export type DirectoryWrite = { Put: { Item: Record<string, unknown> } } | { Delete: { Key: { pk: string; sk: string } } };

/**
 * What turns `before` into `after`: the follower's item when it changed, the index entries that
 * came or went. Nothing when nothing changed, so writing it twice is writing it once.
 */
export const changeWrites = (appid: string, before: DirectoryFollower | undefined, after: DirectoryFollower, now = Date.now()): DirectoryWrite[] => {
  if (!differs(before, after)) return [];
  const writes: DirectoryWrite[] = [{ Put: { Item: toItem(appid, after, now) } }];
  const old = new Map((before ? indexesOf(before) : []).map((e) => [`${e.index}|${e.sort}`, e]));
  const next = indexesOf(after);
  const projected = projection(after);
  const projectionChanged = before && JSON.stringify(projection(before)) !== JSON.stringify(projected);
  for (const e of next) {
    const had = old.delete(`${e.index}|${e.sort}`);
    if (!had || projectionChanged) writes.push({ Put: { Item: { ...indexKey(appid, after.openid, e), type: 'followerIndex', ...projected } } });
  }
  for (const e of old.values()) writes.push({ Delete: { Key: indexKey(appid, after.openid, e) } });
  return writes;
};

export interface WriteStats {
  requests: number;
  items: number;
  /** Bytes of the items written as DynamoDB sizes them (names + values), and the write units that makes (1 per started KB). */
  bytes?: number;
  units?: number;
  /** Write capacity units DynamoDB reports (ReturnConsumedCapacity): about 1 per KB per item, plus an index's. */
  capacityUnits: number;
}

/** BatchWriteItem in 25s, `parallel` at once, unprocessed items retried with a short back-off. */
export const writeAll = async (writes: DirectoryWrite[], stats?: WriteStats, parallel = 8): Promise<void> => {
  const requests = writes.map((w) => ('Put' in w ? { PutRequest: { Item: w.Put.Item } } : { DeleteRequest: { Key: w.Delete.Key } }));
  const batches: (typeof requests)[] = [];
  for (let i = 0; i < requests.length; i += 25) batches.push(requests.slice(i, i + 25));
  const writeBatch = async (batch: typeof requests) => {
    let pending = batch;
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt > 8) throw new Error('BatchWriteItem left items unprocessed after 8 attempts');
      if (attempt) await new Promise((r) => setTimeout(r, 25 * 2 ** attempt));
      const out = await db.send(new BatchWriteCommand({ RequestItems: { [table()]: pending }, ReturnConsumedCapacity: 'TOTAL' }));
      if (stats) {
        stats.requests++;
        stats.items += pending.length - (out.UnprocessedItems?.[table()]?.length ?? 0);
        for (const r of pending) {
          const size = 'PutRequest' in r && r.PutRequest ? itemSize(r.PutRequest.Item) : 100;
          stats.bytes = (stats.bytes ?? 0) + size;
          stats.units = (stats.units ?? 0) + Math.max(1, Math.ceil(size / 1024));
        }
        stats.capacityUnits += out.ConsumedCapacity?.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0) ?? 0;
      }
      pending = (out.UnprocessedItems?.[table()] ?? []) as typeof pending;
    }
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, batches.length) }, async () => {
      while (next < batches.length) await writeBatch(batches[next++]!);
    }),
  );
};

/** An item's size as DynamoDB bills it: attribute names plus values (strings by UTF-8 bytes, numbers about their digits). */
const itemSize = (item: Record<string, unknown>): number => {
  const valueSize = (v: unknown): number =>
    typeof v === 'string' ? Buffer.byteLength(v) : typeof v === 'number' ? Math.ceil(String(v).length / 2) + 1 : typeof v === 'boolean' ? 1 : Array.isArray(v) ? 3 + v.reduce((s: number, x) => s + 1 + valueSize(x), 0) : v && typeof v === 'object' ? 3 + Object.entries(v).reduce((s, [k, x]) => s + 1 + Buffer.byteLength(k) + valueSize(x), 0) : 1;
  return Object.entries(item).reduce((s, [k, v]) => s + Buffer.byteLength(k) + valueSize(v), 0);
};

export interface ReadStats {
  requests: number;
  capacityUnits: number;
}

/** The directory's items for these openids (BatchGetItem by 100; eventually consistent: half the price). */
export const getFollowers = async (appid: string, openids: string[], stats?: ReadStats): Promise<Map<string, DirectoryFollower>> => {
  const found = new Map<string, DirectoryFollower>();
  const readBatch = async (batch: string[]) => {
    let keys: Record<string, any>[] = batch.map((o) => followerKey(appid, o));
    for (let attempt = 0; keys.length; attempt++) {
      if (attempt > 8) throw new Error('BatchGetItem left keys unprocessed after 8 attempts');
      if (attempt) await new Promise((r) => setTimeout(r, 25 * 2 ** attempt));
      const out = await db.send(new BatchGetCommand({ RequestItems: { [table()]: { Keys: keys } }, ReturnConsumedCapacity: 'TOTAL' }));
      if (stats) {
        stats.requests++;
        stats.capacityUnits += out.ConsumedCapacity?.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0) ?? 0;
      }
      for (const item of out.Responses?.[table()] ?? []) found.set(item['openid'], fromItem(item));
      keys = out.UnprocessedKeys?.[table()]?.Keys ?? [];
    }
  };
  const batches: string[][] = [];
  for (let i = 0; i < openids.length; i += 100) batches.push(openids.slice(i, i + 100));
  await Promise.all(batches.map(readBatch));
  return found;
};

export const getFollower = async (appid: string, openid: string): Promise<DirectoryFollower | undefined> =>
  (await getFollowers(appid, [openid])).get(openid);

export interface IndexPage {
  followers: ReturnType<typeof projection>[];
  /** Where each shard stopped (absent: that shard is done); undefined when every shard is done. */
  cursor?: Record<number, string>;
}

/**
 * One page of an index, merged over the shards in sort order: each shard is asked for `limit`
 * entries after its own position, the first `limit` of all of them are answered, and each shard's
 * position moves past what it gave. `range` bounds the sort key (subscribe time, or a remark prefix).
 */
export const queryIndex = async (
  appid: string,
  index: IndexName,
  opts: { limit: number; cursor?: Record<number, string>; from?: string; to?: string; prefix?: string; descending?: boolean },
): Promise<IndexPage> => {
  const live = opts.cursor ? Object.keys(opts.cursor).map(Number) : [...Array(shards).keys()];
  const answers = await Promise.all(
    live.map(async (shard) => {
      const after = opts.cursor?.[shard];
      const names: Record<string, string> = { '#pk': 'pk' };
      const values: Record<string, unknown> = { ':pk': indexPk(appid, index, shard) };
      let condition = '#pk = :pk';
      if (opts.prefix !== undefined) {
        names['#sk'] = 'sk';
        values[':prefix'] = opts.prefix;
        condition += ' AND begins_with(#sk, :prefix)';
      } else if (opts.from !== undefined || opts.to !== undefined) {
        names['#sk'] = 'sk';
        values[':from'] = opts.from ?? '';
        values[':to'] = `${opts.to ?? '9999999999'}#~`;
        condition += ' AND #sk BETWEEN :from AND :to';
      }
      const out: QueryCommandOutput = await db.send(
        new QueryCommand({
          TableName: table(),
          KeyConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          Limit: opts.limit,
          ScanIndexForward: !opts.descending,
          ...(after ? { ExclusiveStartKey: { pk: indexPk(appid, index, shard), sk: after } } : {}),
        }),
      );
      return { shard, items: out.Items ?? [], more: out.LastEvaluatedKey !== undefined };
    }),
  );
  const all = answers.flatMap((a) => a.items.map((item) => ({ shard: a.shard, item })));
  all.sort((x, y) => (x.item['sk'] < y.item['sk'] ? -1 : x.item['sk'] > y.item['sk'] ? 1 : 0) * (opts.descending ? -1 : 1));
  const page = all.slice(0, opts.limit);
  const cursor: Record<number, string> = {};
  for (const a of answers) {
    const given = page.filter((p) => p.shard === a.shard);
    const last = given[given.length - 1]?.item['sk'] ?? opts.cursor?.[a.shard];
    // A shard with entries not given out (or more beyond its page) stays in the cursor.
    if (given.length < a.items.length || a.more) cursor[a.shard] = last ?? '';
  }
  return {
    followers: page.map((p) => ({
      openid: p.item['openid'],
      subscribeTime: Number(p.item['subscribeTime']),
      remark: p.item['remark'] ?? '',
      tags: (p.item['tags'] as number[] | undefined)?.map(Number) ?? [],
      qrScene: p.item['qrScene'] ?? '',
      subscribeScene: p.item['subscribeScene'] ?? '',
      ...(p.item['blocked'] ? { blocked: true } : {}),
    })),
    ...(Object.keys(cursor).length ? { cursor } : {}),
  };
};
