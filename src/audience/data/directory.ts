import { createHash } from 'node:crypto';
import { BatchGetCommand, BatchWriteCommand, DeleteCommand, GetCommand, PutCommand, QueryCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { db, isConditionFailure, table } from '../../core/data/client';

/**
 * The follower directory, PACKED (docs/audience.md, "Layout"): a follower is not an item. Every
 * question stays a key query; what changed is how many items a follower costs (2.55 → ~0.1),
 * because DynamoDB bills a write per item (1 unit per started KB) and DynamoDB Local writes items,
 * not bytes, at its pace.
 *
 * - Record blocks `FOLLOWERS#<appid>#g<gen>#<shard>` / `B<bucket>`: ~50 followers per item, keyed by a
 *   hash bucket of the openid (the bucket count chosen from user/get's total, kept in the layout),
 *   one attribute per follower (name: the openid; value: the record as compact JSON). One follower
 *   by openid is one GetItem.
 * - Packed index blocks `FOLLOWERIDX#<appid>#g<gen>#<index>#<shard>` / `<week start>#<n>` for `time`,
 *   `tag:<id>` and `scene:<qr scene>`: one item per index, shard and week of subscribe time,
 *   one attribute per member (openid → subscribe time). A week holding more than `subBlockCap`
 *   spills into sub-blocks `#001`, `#002`…, so an item stays a few KB (an update is billed by the item).
 * - The remark index stays one small item per remarked follower (`<remark>#<openid>`, sorted for a
 *   prefix), with the follower's projection.
 *
 * Concurrency: the sync and the bulk routes write whole blocks with a version condition (`v`) and,
 * when someone else wrote first, read the block again, re-apply their own entries and write again;
 * the record stream plug-in changes only its follower's attribute (UpdateItem SET/REMOVE, v + 1),
 * so both land. A new layout (many more followers than buckets) is a new generation: the sync
 * builds it beside the current one, the plug-in writes both while it is built, and the sync's end
 * flips the layout and the counters in one transaction and drops the old generation.
 * An unfollowed follower keeps their record 30 days (SPEC §6 retention): unanswered after that, and
 * removed from its block by the next write of the block (the daily resync rewrites every block it changes).
 */
export const shards = 8;
export const unfollowedKeptDays = 30;
/** Followers a record block aims at; the layout's bucket count is the total over this. */
export const followersPerBlock = 50;
/** Index blocks span a week of subscribe time. */
export const windowSeconds = 7 * 86_400;
/**
 * Members of one index sub-block (≈ 35 B each: ≈ 3.5 KB). DynamoDB bills an update by the whole
 * item, so a follow that adds one member pays for its sub-block: small sub-blocks keep that at ~4
 * units; a busy week simply has more of them (read together, one Query page).
 */
export const subBlockCap = 100;

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

/** Where an account's directory lives: the generation read, its bucket count, and one being built. */
export interface Layout {
  generation: number;
  buckets: number;
  building?: { generation: number; buckets: number; runId: string };
}
export type Generation = { generation: number; buckets: number };

/** An account nobody synced yet: followers that came by the record stream, in 8 buckets. */
export const initialLayout: Layout = { generation: 0, buckets: shards };

const md5 = (s: string) => createHash('md5').update(s).digest();
/** The shard of the `time` index (and of the remark index) a follower is in. */
export const shardOf = (openid: string): number => md5(openid)[0]! % shards;
export const bucketOf = (openid: string, buckets: number): number => md5(openid).readUInt32BE(4) % buckets;
/** Buckets for a total: ~50 followers each, a multiple of the shards. */
export const bucketsFor = (total: number): number => Math.max(shards, Math.ceil(Math.ceil(total / followersPerBlock) / shards) * shards);

const layoutKey = (appid: string) => ({ pk: `AUDIENCE#${appid}`, sk: 'LAYOUT' });

export const getLayout = async (appid: string): Promise<Layout> => {
  const out = await db.send(new GetCommand({ TableName: table(), Key: layoutKey(appid), ConsistentRead: true }));
  if (!out.Item) return initialLayout;
  return {
    generation: Number(out.Item['generation']),
    buckets: Number(out.Item['buckets']),
    ...(out.Item['building'] ? { building: out.Item['building'] as Layout['building'] } : {}),
  };
};

/** The layout as a write (the sync's end puts it in one transaction with the counters). */
export const layoutPut = (appid: string, layout: Layout) => ({ Put: { Item: { ...layoutKey(appid), type: 'audienceLayout', ...layout } } });

/** Marks a generation as being built (the plug-in then writes it too). */
export const startBuilding = async (appid: string, layout: Layout, building: NonNullable<Layout['building']>): Promise<void> => {
  await db.send(new PutCommand({ TableName: table(), Item: layoutPut(appid, { generation: layout.generation, buckets: layout.buckets, building }).Put.Item }));
};

/** The generations a change must reach: the one read, and the one being built. */
export const liveGenerations = (layout: Layout): Generation[] => [
  { generation: layout.generation, buckets: layout.buckets },
  ...(layout.building && layout.building.generation !== layout.generation ? [{ generation: layout.building.generation, buckets: layout.building.buckets }] : []),
];

const blockKey = (appid: string, gen: Generation, openid: string) => {
  const bucket = bucketOf(openid, gen.buckets);
  return { pk: `FOLLOWERS#${appid}#g${gen.generation}#${bucket % shards}`, sk: `B${String(bucket).padStart(6, '0')}` };
};
const indexPk = (appid: string, generation: number, index: string, shard: number) => `FOLLOWERIDX#${appid}#g${generation}#${index}#${shard}`;
const time10 = (t: number) => String(Math.max(0, Math.floor(t))).padStart(10, '0');
const windowOf = (t: number) => time10(Math.floor(Math.max(0, t) / windowSeconds) * windowSeconds);

export type IndexName = 'time' | `tag:${number}` | `scene:${string}` | 'remark';
const isPacked = (index: IndexName) => index !== 'remark';
/** `time` is spread over the shards (every follower is in it); a tag or scene is one key per week. */
const indexShards = (index: IndexName) => (index === 'time' || index === 'remark' ? shards : 1);
const indexShardOf = (index: IndexName, openid: string) => (indexShards(index) === 1 ? 0 : shardOf(openid));

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

/** The key of the record block holding this follower (in the initial layout unless one is given). */
export const followerKey = (appid: string, openid: string, gen: Generation = initialLayout) => blockKey(appid, gen, openid);

/** A follower's record as stored in its block: compact JSON, short names, defaults left out. */
export const toItem = (f: DirectoryFollower): string =>
  JSON.stringify({
    t: f.subscribeTime,
    ...(f.subscribed ? {} : { x: f.unsubscribedAt ?? 0 }),
    ...(f.subscribeScene ? { s: f.subscribeScene } : {}),
    ...(f.qrScene ? { q: f.qrScene } : {}),
    ...(f.remark ? { r: f.remark } : {}),
    ...(f.tags.length ? { g: f.tags } : {}),
    ...(f.language ? { l: f.language } : {}),
    ...(f.unionid ? { u: f.unionid } : {}),
    ...(f.blocked ? { b: 1 } : {}),
  });

export const fromItem = (openid: string, stored: string): DirectoryFollower => {
  const r = JSON.parse(stored) as { t: number; x?: number; s?: string; q?: string; r?: string; g?: number[]; l?: string; u?: string; b?: 1 };
  return {
    openid,
    subscribed: r.x === undefined,
    subscribeTime: r.t,
    subscribeScene: r.s ?? '',
    qrScene: r.q ?? '',
    remark: r.r ?? '',
    tags: r.g ?? [],
    ...(r.l ? { language: r.l } : {}),
    ...(r.u ? { unionid: r.u } : {}),
    ...(r.b ? { blocked: true } : {}),
    ...(r.x !== undefined ? { unsubscribedAt: r.x } : {}),
  };
};

const blockMeta = new Set(['pk', 'sk', 'type', 'v', 'n']);
/** The followers of a stored block, without those unfollowed more than 30 days ago (SPEC §6). */
const entriesOf = (item: Record<string, any>, now = Date.now()): Map<string, string> => {
  const keepAfter = Math.floor(now / 1000) - unfollowedKeptDays * 86_400;
  const entries = new Map<string, string>();
  for (const [name, value] of Object.entries(item)) {
    if (blockMeta.has(name) || typeof value !== 'string') continue;
    const gone = /"x":(\d+)/.exec(value);
    if (gone && Number(gone[1]) < keepAfter) continue;
    entries.set(name, value);
  }
  return entries;
};

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
export type DirectoryWrite =
  | { Put: { Item: Record<string, unknown> } }
  | { Delete: { Key: { pk: string; sk: string } } }
  | { Update: { Key: { pk: string; sk: string }; UpdateExpression: string; ExpressionAttributeNames: Record<string, string>; ExpressionAttributeValues: Record<string, unknown> } };

/**
 * The changes of many followers, gathered before anything is written, so a block that gets ten
 * followers is written once: record entries per block (null: take out), index members per index
 * key and week (null: take out), and the remark items.
 */
export interface Plan {
  records: Map<string, { key: { pk: string; sk: string }; set: Map<string, string | null> }>;
  packed: Map<string, { pk: string; window: string; set: Map<string, number | null> }>;
  remark: DirectoryWrite[];
  followers: number;
}
export const emptyPlan = (): Plan => ({ records: new Map(), packed: new Map(), remark: [], followers: 0 });

/** Adds what turns `before` into `after` in one generation; false when nothing changed. */
export const planChange = (plan: Plan, appid: string, gen: Generation, before: DirectoryFollower | undefined, after: DirectoryFollower): boolean => {
  if (!differs(before, after)) return false;
  plan.followers++;
  const key = blockKey(appid, gen, after.openid);
  const id = `${key.pk}|${key.sk}`;
  let block = plan.records.get(id);
  if (!block) plan.records.set(id, (block = { key, set: new Map() }));
  block.set.set(after.openid, toItem(after));
  const old = new Map((before ? indexesOf(before) : []).map((e) => [e.index, e]));
  const projected = projection(after);
  const projectionChanged = before && JSON.stringify(projection(before)) !== JSON.stringify(projected);
  const member = (index: IndexName, time: number, value: number | null) => {
    const pk = indexPk(appid, gen.generation, index, indexShardOf(index, after.openid));
    const window = windowOf(time);
    const mid = `${pk}|${window}`;
    let w = plan.packed.get(mid);
    if (!w) plan.packed.set(mid, (w = { pk, window, set: new Map() }));
    w.set.set(after.openid, value);
  };
  const remarkKey = (sort: string) => ({ pk: indexPk(appid, gen.generation, 'remark', shardOf(after.openid)), sk: `${sort}#${after.openid}` });
  for (const e of indexesOf(after)) {
    const had = old.get(e.index);
    old.delete(e.index);
    if (e.index === 'remark') {
      if (had && had.sort !== e.sort) plan.remark.push({ Delete: { Key: remarkKey(had.sort) } });
      if (!had || had.sort !== e.sort || projectionChanged) plan.remark.push({ Put: { Item: { ...remarkKey(e.sort), type: 'followerIndex', ...projected } } });
    } else if (!had || had.sort !== e.sort) {
      if (had) member(e.index, before!.subscribeTime, null);
      member(e.index, after.subscribeTime, after.subscribeTime);
    }
  }
  for (const e of old.values()) {
    if (e.index === 'remark') plan.remark.push({ Delete: { Key: remarkKey(e.sort) } });
    else member(e.index, before!.subscribeTime, null);
  }
  return true;
};

export interface WriteStats {
  requests: number;
  items: number;
  /** Bytes of the items written as DynamoDB sizes them (names + values), and the write units that makes (1 per started KB). */
  bytes?: number;
  units?: number;
  /** Write capacity units DynamoDB reports (ReturnConsumedCapacity): about 1 per KB per item, plus an index's. */
  capacityUnits: number;
  /** Block writes that lost their version condition to another writer and were made again. */
  conflicts?: number;
}

export interface ReadStats {
  requests: number;
  capacityUnits: number;
}

const countWrite = (stats: WriteStats | undefined, item: Record<string, unknown> | undefined, consumed: { CapacityUnits?: number }[] | { CapacityUnits?: number } | undefined) => {
  if (!stats) return;
  stats.requests++;
  stats.items++;
  const size = item ? itemSize(item) : 100;
  stats.bytes = (stats.bytes ?? 0) + size;
  stats.units = (stats.units ?? 0) + Math.max(1, Math.ceil(size / 1024));
  const list = Array.isArray(consumed) ? consumed : consumed ? [consumed] : [];
  stats.capacityUnits += list.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
};

/** BatchWriteItem in 25s, `parallel` at once, unprocessed items retried with a short back-off (Put and Delete only). */
export const writeAll = async (writes: DirectoryWrite[], stats?: WriteStats, parallel = 8): Promise<void> => {
  type Request = { PutRequest?: { Item: Record<string, unknown> }; DeleteRequest?: { Key: { pk: string; sk: string } } };
  const requests: Request[] = writes.flatMap((w): Request[] => ('Put' in w ? [{ PutRequest: { Item: w.Put.Item } }] : 'Delete' in w ? [{ DeleteRequest: { Key: w.Delete.Key } }] : []));
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
          const size = r.PutRequest ? itemSize(r.PutRequest.Item) : 100;
          stats.bytes = (stats.bytes ?? 0) + size;
          stats.units = (stats.units ?? 0) + Math.max(1, Math.ceil(size / 1024));
        }
        stats.capacityUnits += out.ConsumedCapacity?.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0) ?? 0;
      }
      pending = (out.UnprocessedItems?.[table()] ?? []) as typeof pending;
    }
  };
  await inParallel(batches, parallel, writeBatch);
};

const inParallel = async <T>(list: T[], parallel: number, work: (x: T) => Promise<void>): Promise<void> => {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, list.length) }, async () => {
      while (next < list.length) await work(list[next++]!);
    }),
  );
};

/** An item's size as DynamoDB bills it: attribute names plus values (strings by UTF-8 bytes, numbers about their digits). */
const itemSize = (item: Record<string, unknown>): number => {
  const valueSize = (v: unknown): number =>
    typeof v === 'string' ? Buffer.byteLength(v) : typeof v === 'number' ? Math.ceil(String(v).length / 2) + 1 : typeof v === 'boolean' ? 1 : Array.isArray(v) ? 3 + v.reduce((s: number, x) => s + 1 + valueSize(x), 0) : v && typeof v === 'object' ? 3 + Object.entries(v).reduce((s, [k, x]) => s + 1 + Buffer.byteLength(k) + valueSize(x), 0) : 1;
  return Object.entries(item).reduce((s, [k, v]) => s + Buffer.byteLength(k) + valueSize(v), 0);
};

/** A record block as read: its version (0: not there) and its followers. */
export interface Block {
  v: number;
  entries: Map<string, string>;
}
export type BlockCache = Map<string, Block>;

/** Record blocks by key (BatchGetItem by 100, eventually consistent unless `consistent`), into `cache`. */
export const readBlocks = async (keys: { pk: string; sk: string }[], cache: BlockCache, stats?: ReadStats, consistent = false): Promise<void> => {
  const wanted = [...new Map(keys.filter((k) => !cache.has(`${k.pk}|${k.sk}`)).map((k) => [`${k.pk}|${k.sk}`, k])).values()];
  const batches: (typeof wanted)[] = [];
  for (let i = 0; i < wanted.length; i += 100) batches.push(wanted.slice(i, i + 100));
  await inParallel(batches, 8, async (batch) => {
    let pending: Record<string, any>[] = batch;
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt > 8) throw new Error('BatchGetItem left keys unprocessed after 8 attempts');
      if (attempt) await new Promise((r) => setTimeout(r, 25 * 2 ** attempt));
      const out = await db.send(new BatchGetCommand({ RequestItems: { [table()]: { Keys: pending, ConsistentRead: consistent } }, ReturnConsumedCapacity: 'TOTAL' }));
      if (stats) {
        stats.requests++;
        stats.capacityUnits += out.ConsumedCapacity?.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0) ?? 0;
      }
      for (const item of out.Responses?.[table()] ?? []) cache.set(`${item['pk']}|${item['sk']}`, { v: Number(item['v'] ?? 0), entries: entriesOf(item) });
      pending = out.UnprocessedKeys?.[table()]?.Keys ?? [];
    }
  });
  for (const k of wanted) if (!cache.has(`${k.pk}|${k.sk}`)) cache.set(`${k.pk}|${k.sk}`, { v: 0, entries: new Map() });
};

/** Followers of one generation from blocks already read. */
export const followersIn = (appid: string, gen: Generation, openids: string[], cache: BlockCache): Map<string, DirectoryFollower> => {
  const found = new Map<string, DirectoryFollower>();
  for (const openid of openids) {
    const key = blockKey(appid, gen, openid);
    const stored = cache.get(`${key.pk}|${key.sk}`)?.entries.get(openid);
    if (stored) found.set(openid, fromItem(openid, stored));
  }
  return found;
};

/** The directory's followers for these openids in one generation (the layout's current one unless given). */
export const getFollowers = async (appid: string, openids: string[], stats?: ReadStats, gen?: Generation): Promise<Map<string, DirectoryFollower>> => {
  const g = gen ?? (await getLayout(appid));
  const cache: BlockCache = new Map();
  await readBlocks(
    openids.map((o) => blockKey(appid, g, o)),
    cache,
    stats,
  );
  return followersIn(appid, g, openids, cache);
};

export const getFollower = async (appid: string, openid: string, gen?: Generation): Promise<DirectoryFollower | undefined> =>
  (await getFollowers(appid, [openid], undefined, gen)).get(openid);

/**
 * Writes a plan with read-modify-write under each block's version: record blocks from `cache`
 * (read here when missing), index weeks read whole (every sub-block of the week). A block someone
 * else wrote since it was read fails its condition; it is read again and this plan's entries are
 * applied to what is there now, so both writers' followers are kept.
 */
export const writePlan = async (plan: Plan, stats?: WriteStats, cache: BlockCache = new Map(), reads?: ReadStats, parallel = 16): Promise<void> => {
  const records = [...plan.records.values()];
  await readBlocks(
    records.map((r) => r.key),
    cache,
    reads,
  );
  // Record blocks, index weeks and remark entries are different items: written side by side.
  const writeRecords = inParallel(records, parallel, async ({ key, set }) => {
    const id = `${key.pk}|${key.sk}`;
    for (let attempt = 0; ; attempt++) {
      const block = cache.get(id)!;
      const entries = new Map(block.entries);
      for (const [openid, value] of set) value === null ? entries.delete(openid) : entries.set(openid, value);
      const item = { ...key, type: 'followerBlock', v: block.v + 1, ...Object.fromEntries(entries) };
      try {
        const out = await db.send(
          new PutCommand({
            TableName: table(),
            Item: item,
            ConditionExpression: block.v ? 'v = :v' : 'attribute_not_exists(pk)',
            ...(block.v ? { ExpressionAttributeValues: { ':v': block.v } } : {}),
            ReturnConsumedCapacity: 'TOTAL',
          }),
        );
        countWrite(stats, item, out.ConsumedCapacity);
        cache.set(id, { v: block.v + 1, entries });
        return;
      } catch (error) {
        if (!isConditionFailure(error) || attempt >= 20) throw error;
        if (stats) stats.conflicts = (stats.conflicts ?? 0) + 1;
        cache.delete(id);
        await readBlocks([key], cache, reads, true);
      }
    }
  });
  await Promise.all([writeRecords, inParallel([...plan.packed.values()], parallel, (w) => writeWeek(w, stats, reads)), writeAll(plan.remark, stats)]);
};

/** The name of a week's next sub-block (after the highest there: an emptied one may have gone). */
const nextSubBlock = (window: string, subs: { sk: string }[]) =>
  `${window}#${String(subs.reduce((max, s) => Math.max(max, Number(String(s.sk).split('#')[1] ?? -1)), -1) + 1).padStart(3, '0')}`;

/** One index week: its sub-blocks read, members moved in or out, changed sub-blocks written under their versions. */
const writeWeek = async (w: { pk: string; window: string; set: Map<string, number | null> }, stats?: WriteStats, reads?: ReadStats): Promise<void> => {
  for (let attempt = 0; ; attempt++) {
    const out = await db.send(
      new QueryCommand({ TableName: table(), KeyConditionExpression: 'pk = :pk AND begins_with(sk, :w)', ExpressionAttributeValues: { ':pk': w.pk, ':w': `${w.window}#` }, ConsistentRead: true, ReturnConsumedCapacity: 'TOTAL' }),
    );
    if (reads) {
      reads.requests++;
      reads.capacityUnits += out.ConsumedCapacity?.CapacityUnits ?? 0;
    }
    const subs = (out.Items ?? []).map((item) => ({
      sk: String(item['sk']),
      v: Number(item['v'] ?? 0),
      members: new Map(Object.entries(item).filter(([k, v]) => !blockMeta.has(k) && typeof v === 'number') as [string, number][]),
      changed: false,
    }));
    for (const [openid, time] of w.set) {
      const holder = subs.find((s) => s.members.has(openid));
      if (time === null) {
        if (holder) {
          holder.members.delete(openid);
          holder.changed = true;
        }
        continue;
      }
      if (holder) {
        if (holder.members.get(openid) !== time) {
          holder.members.set(openid, time);
          holder.changed = true;
        }
        continue;
      }
      let room = subs.find((s) => s.members.size < subBlockCap);
      if (!room) subs.push((room = { sk: nextSubBlock(w.window, subs), v: 0, members: new Map(), changed: false }));
      room.members.set(openid, time);
      room.changed = true;
    }
    try {
      for (const s of subs.filter((x) => x.changed)) {
        const key = { pk: w.pk, sk: s.sk };
        const condition = s.v ? { ConditionExpression: 'v = :v', ExpressionAttributeValues: { ':v': s.v } } : { ConditionExpression: 'attribute_not_exists(pk)' };
        if (!s.members.size && s.v) {
          const del = await db.send(new DeleteCommand({ TableName: table(), Key: key, ...condition, ReturnConsumedCapacity: 'TOTAL' }));
          countWrite(stats, undefined, del.ConsumedCapacity);
          continue;
        }
        if (!s.members.size) continue;
        const item = { ...key, type: 'followerIndexBlock', v: s.v + 1, n: s.members.size, ...Object.fromEntries(s.members) };
        const put = await db.send(new PutCommand({ TableName: table(), Item: item, ...condition, ReturnConsumedCapacity: 'TOTAL' }));
        countWrite(stats, item, put.ConsumedCapacity);
      }
      return;
    } catch (error) {
      // Another writer changed a sub-block of this week: read the week again (what this plan
      // already wrote is there, and re-applying it changes nothing).
      if (!isConditionFailure(error) || attempt >= 20) throw error;
      if (stats) stats.conflicts = (stats.conflicts ?? 0) + 1;
    }
  }
};

/**
 * The same plan as single-attribute updates, for the record stream plug-in's transaction: a
 * follower's attribute SET or REMOVEd in its record block and in the index sub-block that holds
 * (or will hold) it, each bumping the block's version so a sync holding an older copy writes again.
 * Reads the index weeks' sub-block sizes to choose where a new member goes.
 */
export const planAsUpdates = async (plan: Plan): Promise<DirectoryWrite[]> => {
  const writes: DirectoryWrite[] = [];
  for (const { key, set } of plan.records.values()) writes.push(attributeUpdate(key, set, 'followerBlock', false));
  for (const w of plan.packed.values()) {
    const names = Object.fromEntries([...w.set.keys()].map((o, i) => [`#o${i}`, o]));
    const out = await db.send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :w)',
        ExpressionAttributeValues: { ':pk': w.pk, ':w': `${w.window}#` },
        ProjectionExpression: ['sk', 'n', ...Object.keys(names)].map((n) => (n.startsWith('#') ? n : `#${n}`)).join(', '),
        ExpressionAttributeNames: { ...names, '#sk': 'sk', '#n': 'n' },
        ConsistentRead: true,
      }),
    );
    const subs = out.Items ?? [];
    const bySub = new Map<string, Map<string, number | null>>();
    for (const [openid, time] of w.set) {
      const holder = subs.find((s) => s[openid] !== undefined);
      const target = holder ? String(holder['sk']) : time === null ? undefined : String(subs.find((s) => Number(s['n'] ?? 0) < subBlockCap)?.['sk'] ?? nextSubBlock(w.window, subs as { sk: string }[]));
      if (!target) continue;
      if (!bySub.has(target)) bySub.set(target, new Map());
      bySub.get(target)!.set(openid, time);
    }
    for (const [sk, set] of bySub) writes.push(attributeUpdate({ pk: w.pk, sk }, set, 'followerIndexBlock', true));
  }
  return [...writes, ...plan.remark];
};

const attributeUpdate = (key: { pk: string; sk: string }, set: Map<string, string | number | null>, type: string, counted: boolean): DirectoryWrite => {
  const names: Record<string, string> = { '#type': 'type', '#v': 'v' };
  const values: Record<string, unknown> = { ':type': type, ':one': 1 };
  const sets = ['#type = :type'];
  const removes: string[] = [];
  let delta = 0;
  [...set].forEach(([openid, value], i) => {
    names[`#o${i}`] = openid;
    if (value === null) {
      removes.push(`#o${i}`);
      delta--;
    } else {
      values[`:o${i}`] = value;
      sets.push(`#o${i} = :o${i}`);
      delta++;
    }
  });
  const adds = ['#v :one'];
  if (counted && delta) {
    names['#n'] = 'n';
    values[':dn'] = delta;
    adds.push('#n :dn');
  }
  return {
    Update: {
      Key: key,
      UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''} ADD ${adds.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
};

/**
 * What turns `before` into `after` in one generation (the layout's current one unless given), as
 * writes for the record consumer's transaction. Nothing when nothing changed.
 */
export const changeWrites = async (appid: string, before: DirectoryFollower | undefined, after: DirectoryFollower, gen?: Generation): Promise<DirectoryWrite[]> => {
  const plan = emptyPlan();
  if (!planChange(plan, appid, gen ?? (await getLayout(appid)), before, after)) return [];
  return planAsUpdates(plan);
};

/**
 * Applies `change` to these followers in every live generation (read, changed, written under the
 * blocks' versions); answers the followers changed in the current one.
 */
export const updateFollowers = async (
  appid: string,
  openids: string[],
  change: (f: DirectoryFollower) => DirectoryFollower | undefined,
): Promise<{ changed: DirectoryFollower[] }> => {
  const layout = await getLayout(appid);
  const changed: DirectoryFollower[] = [];
  for (const [i, gen] of liveGenerations(layout).entries()) {
    const cache: BlockCache = new Map();
    await readBlocks(
      openids.map((o) => blockKey(appid, gen, o)),
      cache,
      undefined,
      true,
    );
    const plan = emptyPlan();
    for (const before of followersIn(appid, gen, openids, cache).values()) {
      if (!before.subscribed) continue;
      const after = change(before);
      if (after && planChange(plan, appid, gen, before, after) && i === 0) changed.push(before);
    }
    await writePlan(plan, undefined, cache);
  }
  return { changed };
};

/**
 * Takes a generation out of the table once the layout moved past it: every index entry its records
 * name, then the record blocks. Read by no one by then, so a pass cut short only leaves dead items
 * (the next flip's cleanup does not see them; see docs/audience.md).
 */
export const dropGeneration = async (appid: string, generation: number, stats?: WriteStats): Promise<number> => {
  const doomed = new Map<string, { pk: string; sk: string }>();
  const packedPks = new Set<string>();
  for (let shard = 0; shard < shards; shard++) {
    let start: Record<string, any> | undefined;
    do {
      const out: QueryCommandOutput = await db.send(
        new QueryCommand({ TableName: table(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `FOLLOWERS#${appid}#g${generation}#${shard}` }, ExclusiveStartKey: start }),
      );
      for (const item of out.Items ?? []) {
        doomed.set(`${item['pk']}|${item['sk']}`, { pk: item['pk'], sk: item['sk'] });
        for (const [openid, stored] of entriesOf(item, 0)) {
          for (const e of indexesOf(fromItem(openid, stored))) {
            if (e.index === 'remark') {
              const k = { pk: indexPk(appid, generation, 'remark', shardOf(openid)), sk: `${e.sort}#${openid}` };
              doomed.set(`${k.pk}|${k.sk}`, k);
            } else packedPks.add(indexPk(appid, generation, e.index, indexShardOf(e.index, openid)));
          }
        }
      }
      start = out.LastEvaluatedKey;
    } while (start);
  }
  for (let shard = 0; shard < shards; shard++) packedPks.add(indexPk(appid, generation, 'time', shard));
  for (const pk of packedPks) {
    let start: Record<string, any> | undefined;
    do {
      const out: QueryCommandOutput = await db.send(
        new QueryCommand({ TableName: table(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ProjectionExpression: 'pk, sk', ExclusiveStartKey: start }),
      );
      for (const item of out.Items ?? []) doomed.set(`${item['pk']}|${item['sk']}`, { pk: item['pk'], sk: item['sk'] });
      start = out.LastEvaluatedKey;
    } while (start);
  }
  await writeAll(
    [...doomed.values()].map((k) => ({ Delete: { Key: k } })),
    stats,
  );
  return doomed.size;
};

export interface IndexPage {
  followers: ReturnType<typeof projection>[];
  /** Where each shard stopped (absent: that shard is done); undefined when every shard is done. */
  cursor?: Record<number, string>;
}

type Entry = { sort: string; openid: string; item?: Record<string, any> };

/**
 * One shard's entries in order after its position: for the remark index its items, for a packed
 * index the members of whole weeks (a week's sub-blocks are read together, so its members can be
 * put in order), until `limit` are gathered.
 */
const shardEntries = async (
  pk: string,
  packed: boolean,
  opts: { limit: number; after?: string; from?: string; to?: string; prefix?: string; descending?: boolean },
): Promise<{ entries: Entry[]; more: boolean }> => {
  const names: Record<string, string> = { '#pk': 'pk' };
  const values: Record<string, unknown> = { ':pk': pk };
  let condition = '#pk = :pk';
  const after = opts.after || undefined;
  if (!packed) {
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
        ...(after ? { ExclusiveStartKey: { pk, sk: after } } : {}),
      }),
    );
    return { entries: (out.Items ?? []).map((item) => ({ sort: String(item['sk']), openid: item['openid'], item })), more: out.LastEvaluatedKey !== undefined };
  }
  // Weeks bound by the range and by the position (the week of the entry given last is read again).
  const fromT = opts.from !== undefined ? Number(opts.from) : 0;
  const toT = opts.to !== undefined ? Number(opts.to) : 9_999_999_999;
  let low = windowOf(fromT);
  let high = `${windowOf(toT)}#~`;
  if (after) {
    const at = Number(after.slice(0, 10));
    if (opts.descending) high = `${windowOf(at)}#~`;
    else low = windowOf(at);
  }
  names['#sk'] = 'sk';
  values[':low'] = low;
  values[':high'] = high;
  condition += ' AND #sk BETWEEN :low AND :high';
  const entries: Entry[] = [];
  let start: Record<string, any> | undefined;
  let lastWeek: string | undefined;
  for (;;) {
    const out: QueryCommandOutput = await db.send(
      new QueryCommand({ TableName: table(), KeyConditionExpression: condition, ExpressionAttributeNames: names, ExpressionAttributeValues: values, ScanIndexForward: !opts.descending, Limit: 8, ExclusiveStartKey: start }),
    );
    for (const item of out.Items ?? []) {
      const week = String(item['sk']).slice(0, 10);
      // A week is complete when the next one begins: stop there once enough are gathered.
      if (lastWeek !== undefined && week !== lastWeek && entries.length >= opts.limit) return { entries: order(entries, opts.descending), more: true };
      lastWeek = week;
      for (const [openid, t] of Object.entries(item)) {
        if (blockMeta.has(openid) || typeof t !== 'number' || t < fromT || t > toT) continue;
        const sort = `${time10(t)}#${openid}`;
        if (after && (opts.descending ? sort >= after : sort <= after)) continue;
        entries.push({ sort, openid });
      }
    }
    start = out.LastEvaluatedKey;
    if (!start) return { entries: order(entries, opts.descending), more: false };
  }
};

const order = (entries: Entry[], descending?: boolean) => entries.sort((x, y) => (x.sort < y.sort ? -1 : x.sort > y.sort ? 1 : 0) * (descending ? -1 : 1));

/**
 * One page of an index, merged over its shards in sort order: each shard gives `limit` entries
 * after its own position, the first `limit` of all of them are answered, and each shard's position
 * moves past what it gave. `range` bounds the sort key (subscribe time, or a remark prefix). A
 * packed index names its members; their records come from their blocks in one more read.
 */
export const queryIndex = async (
  appid: string,
  index: IndexName,
  opts: { limit: number; cursor?: Record<number, string>; from?: string; to?: string; prefix?: string; descending?: boolean },
): Promise<IndexPage> => {
  const layout = await getLayout(appid);
  const packed = isPacked(index);
  const live = opts.cursor ? Object.keys(opts.cursor).map(Number) : [...Array(indexShards(index)).keys()];
  const answers = await Promise.all(
    live.map(async (shard) => {
      const { entries, more } = await shardEntries(indexPk(appid, layout.generation, index, shard), packed, {
        limit: opts.limit,
        ...(opts.cursor?.[shard] ? { after: opts.cursor[shard] } : {}),
        ...(opts.from !== undefined ? { from: opts.from } : {}),
        ...(opts.to !== undefined ? { to: opts.to } : {}),
        ...(opts.prefix !== undefined ? { prefix: opts.prefix } : {}),
        ...(opts.descending ? { descending: true } : {}),
      });
      return { shard, items: entries, more };
    }),
  );
  const all = answers.flatMap((a) => a.items.map((entry) => ({ shard: a.shard, entry })));
  all.sort((x, y) => (x.entry.sort < y.entry.sort ? -1 : x.entry.sort > y.entry.sort ? 1 : 0) * (opts.descending ? -1 : 1));
  const page = all.slice(0, opts.limit);
  const cursor: Record<number, string> = {};
  for (const a of answers) {
    const given = page.filter((p) => p.shard === a.shard);
    const last = given[given.length - 1]?.entry.sort ?? opts.cursor?.[a.shard];
    // A shard with entries not given out (or more beyond its page) stays in the cursor.
    if (given.length < a.items.length || a.more) cursor[a.shard] = last ?? '';
  }
  const records = packed
    ? await getFollowers(
        appid,
        page.map((p) => p.entry.openid),
        undefined,
        layout,
      )
    : undefined;
  const followers = page.flatMap(({ entry }) => {
    if (records) {
      const f = records.get(entry.openid);
      return f?.subscribed ? [projection(f)] : [];
    }
    const item = entry.item!;
    return [
      {
        openid: item['openid'],
        subscribeTime: Number(item['subscribeTime']),
        remark: item['remark'] ?? '',
        tags: (item['tags'] as number[] | undefined)?.map(Number) ?? [],
        qrScene: item['qrScene'] ?? '',
        subscribeScene: item['subscribeScene'] ?? '',
        ...(item['blocked'] ? { blocked: true } : {}),
      },
    ];
  });
  return { followers, ...(Object.keys(cursor).length ? { cursor } : {}) };
};
