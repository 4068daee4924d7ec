import { getAccount } from '../core/data/accounts';
import { WechatApiError } from '../wechat/api-error';
import { nextChinaMidnight } from '../wechat/error-table';
import { batchGetProfiles, listFollowers, type WechatFollower } from '../wechat/api/users';
import {
  bucketsFor,
  dropGeneration,
  emptyPlan,
  followerKey,
  followersIn,
  getLayout,
  layoutPut,
  planChange,
  readBlocks,
  startBuilding,
  writePlan,
  type BlockCache,
  type DirectoryFollower,
  type Generation,
  type ReadStats,
  type WriteStats,
} from './data/directory';
import { getSync, putCountsWrite, saveSync, takeTokens, type Counts } from './data/audience-state';
import { enqueueSync, type SyncJob } from './jobs';
import { db, table } from '../core/data/client';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { logger } from '../core/http/logger';

/**
 * The follower directory's sync: WeChat's list (user/get, 10,000 openids a page, after
 * next_openid) and profiles (user/info/batchget, 100 a call), written to the directory.
 *
 * - Resumable: the slice gathers its changes in memory and writes each touched block once (a
 *   flush: at the slice's end, every `flushFollowers`, on a pause or at the end); only then do the
 *   run's checkpoint (the page's next_openid and how far into it) and its counts move, together,
 *   in one conditional write. A worker killed anywhere redoes at most its slice, and redoing it
 *   writes nothing (only what differs from the directory is written), so nothing is counted or
 *   written twice.
 * - Sliced: a worker stops after its slice, checkpoints, and queues the next slice.
 * - WeChat's daily quota (45009) pauses the run until midnight China time (the daily job resumes
 *   it), or until the owner clears the quota and presses sync again.
 * - Each organization's WeChat calls for bulk work come from its own token bucket.
 */
const wechatPage = 10_000;
const profileBatch = 100;

const env = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
export const syncSettings = () => ({
  /** How long one worker carries a run before handing it to the next message (Lambda: 120 s timeout). */
  sliceMs: env('AUDIENCE_SYNC_SLICE_MS', 90_000),
  /** batchget calls in flight at once for one run. */
  parallel: env('AUDIENCE_SYNC_PARALLEL', 8),
  /** Each organization's WeChat calls a second for bulk work, and its burst. */
  tenantRate: env('AUDIENCE_TENANT_CALLS_PER_SECOND', 100),
  tenantBurst: env('AUDIENCE_TENANT_CALLS_BURST', 200),
  /**
   * Followers gathered in memory before their blocks are written: a block gets its ~50 followers
   * from ~50 different steps, so writing per step would write each block ~50 times.
   */
  flushFollowers: env('AUDIENCE_SYNC_FLUSH_FOLLOWERS', 200_000),
});

/** What the directory keeps of WeChat's profile; `blocked` is ours (the blacklist is not in batchget). */
export const fromWechat = (p: WechatFollower, before: DirectoryFollower | undefined): DirectoryFollower => ({
  openid: p.openid,
  subscribed: p.subscribe === 1,
  subscribeTime: p.subscribe_time ?? before?.subscribeTime ?? 0,
  subscribeScene: p.subscribe_scene ?? '',
  qrScene: p.qr_scene_str || (p.qr_scene ? String(p.qr_scene) : ''),
  remark: p.remark ?? '',
  tags: [...(p.tagid_list ?? [])].sort((a, b) => a - b),
  ...(p.language ? { language: p.language } : {}),
  ...(p.unionid ? { unionid: p.unionid } : {}),
  ...(before?.blocked ? { blocked: true } : {}),
  ...(p.subscribe === 1 ? {} : { unsubscribedAt: Math.floor(Date.now() / 1000) }),
});

const count = (counts: Counts, f: DirectoryFollower) => {
  if (!f.subscribed) return;
  counts.total++;
  if (!f.tags.length) counts.untagged++;
  for (const t of f.tags) counts.tags[String(t)] = (counts.tags[String(t)] ?? 0) + 1;
  if (f.qrScene) counts.scenes[f.qrScene] = (counts.scenes[f.qrScene] ?? 0) + 1;
};

export interface SliceStats {
  writes: WriteStats;
  reads: ReadStats;
}

/**
 * A meter the benchmark hangs on globalThis (bench/audience-sync.ts): when present, every slice
 * counts its DynamoDB requests and consumed capacity into it. Absent in Lambda: nothing is counted.
 */
const meterKey = Symbol.for('socialinzen.audience.syncMeter');
export type SyncMeter = SliceStats & { checkpoints: number; wechatMs: number; dynamoMs: number };
const meterOf = (): SyncMeter | undefined => (globalThis as { [meterKey]?: SyncMeter })[meterKey];

export type SliceOutcome = 'stale' | 'continued' | 'paused' | 'done' | 'superseded' | 'waiting';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Carries a run forward for one slice (see the module's comment). Throws what should be retried. */
export const runSyncSlice = async (job: SyncJob, given?: SliceStats): Promise<SliceOutcome> => {
  const settings = syncSettings();
  const meter = meterOf();
  const stats = given ?? meter;
  const record = await getSync(job.appid);
  if (!record || record.runId !== job.runId || record.state !== 'running') return 'stale';
  const account = await getAccount(job.appid);
  if (!account) {
    await saveSync(job.appid, { ...record, state: 'failed', reason: 'accountGone', updatedAt: new Date().toISOString() });
    return 'done';
  }
  const deadline = Date.now() + settings.sliceMs;
  // What this slice learned and has not written yet: the run's record moves in memory, and only
  // a flush (the blocks, then the checkpoint) makes it the run's checkpoint.
  let plan = emptyPlan();
  let cache: BlockCache = new Map();
  const flush = async (): Promise<boolean> => {
    const start = performance.now();
    if (plan.followers) await writePlan(plan, stats?.writes, cache, stats?.reads);
    if (plan.followers >= settings.flushFollowers) cache = new Map();
    plan = emptyPlan();
    record.updatedAt = new Date().toISOString();
    const saved = await saveSync(job.appid, record);
    if (meter) {
      meter.checkpoints++;
      meter.dynamoMs += performance.now() - start;
    }
    return saved;
  };
  try {
    for (;;) {
      const page = await listFollowers(account, record.pageFrom);
      record.wechatCalls++;
      record.wechatTotal = page.total;
      if (!record.target) {
        record.target = await chooseGeneration(job.appid, record.runId, page.total);
        if (!(await saveSync(job.appid, record))) return 'superseded';
      }
      const target = record.target;
      const openids = page.data?.openid ?? [];
      while (record.offset < openids.length) {
        if (Date.now() > deadline) {
          if (!(await flush())) return 'superseded';
          await enqueueSync(job);
          return 'continued';
        }
        const chunk = openids.slice(record.offset, record.offset + settings.parallel * profileBatch);
        const calls = Math.ceil(chunk.length / profileBatch);
        const wait = await takeTokens(record.orgId, calls, settings.tenantRate, settings.tenantBurst);
        if (wait > 0) {
          if (Date.now() + wait < deadline) {
            await sleep(wait);
            continue;
          }
          // The organization's share is spent for now: hand over, and come back when it refills.
          if (!(await flush())) return 'superseded';
          await enqueueSync(job, wait / 1000);
          return 'waiting';
        }
        const batches: string[][] = [];
        for (let i = 0; i < chunk.length; i += profileBatch) batches.push(chunk.slice(i, i + profileBatch));
        const stepStart = performance.now();
        const [profiles] = await Promise.all([
          Promise.all(batches.map((b) => batchGetProfiles(account, b))).then((r) => {
            if (meter) meter.wechatMs += performance.now() - stepStart;
            return r.flat();
          }),
          readBlocks(
            chunk.map((o) => followerKey(job.appid, o, target)),
            cache,
            stats?.reads,
          ),
        ]);
        record.wechatCalls += calls;
        const existing = followersIn(job.appid, target, chunk, cache);
        for (const p of profiles) {
          const before = existing.get(p.openid);
          const after = fromWechat(p, before);
          if (planChange(plan, job.appid, target, before, after)) record.written++;
          else record.unchanged++;
          count(record.counts, after);
        }
        record.offset += chunk.length;
        record.checked += profiles.length;
        if (plan.followers >= settings.flushFollowers && !(await flush())) return 'superseded';
      }
      if (openids.length < wechatPage || !page.next_openid) {
        if (!(await flush())) return 'superseded';
        const layout = await getLayout(job.appid);
        // The counters and the layout move together: a reader sees the old generation with its
        // counts, or the new one with its counts.
        await db.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: table(), ...putCountsWrite(job.appid, record.counts).Put } },
              { Put: { TableName: table(), ...layoutPut(job.appid, { generation: target.generation, buckets: target.buckets }).Put } },
            ],
          }),
        );
        const now = new Date().toISOString();
        const saved = await saveSync(job.appid, { ...record, state: 'done', finishedAt: now, updatedAt: now });
        if (layout.generation !== target.generation) {
          await dropGeneration(job.appid, layout.generation, stats?.writes).catch((error: unknown) =>
            logger.warn('audience: the old generation was not dropped', { appid: job.appid, generation: layout.generation, error }),
          );
        }
        return saved ? 'done' : 'superseded';
      }
      record.pageFrom = page.next_openid;
      record.offset = 0;
    }
  } catch (error) {
    if (error instanceof WechatApiError && error.wxerrcode === 45009) {
      // Keep what this slice did: write it, then pause at the position written.
      await flush();
      const now = new Date();
      await saveSync(job.appid, { ...record, state: 'paused', reason: 'wechatDailyApiQuota', pausedUntil: nextChinaMidnight(now), updatedAt: now.toISOString() });
      return 'paused';
    }
    throw error;
  }
};

/**
 * The generation a run writes: the current one while its buckets fit the total (up to twice the
 * aimed size per block), else a new one with buckets for the total, built beside the current one
 * (a build left by an earlier run is carried on: the plug-in kept it current).
 */
const chooseGeneration = async (appid: string, runId: string, total: number): Promise<Generation> => {
  const layout = await getLayout(appid);
  const needed = bucketsFor(total);
  if (needed <= layout.buckets * 2 && !layout.building) return { generation: layout.generation, buckets: layout.buckets };
  const building = layout.building && layout.building.buckets * 2 >= needed ? layout.building : { generation: Math.max(layout.generation, layout.building?.generation ?? 0) + 1, buckets: needed };
  await startBuilding(appid, layout, { generation: building.generation, buckets: building.buckets, runId });
  return { generation: building.generation, buckets: building.buckets };
};

/** After the queue's last delivery failed: the run says so (the owner can press sync to resume it). */
export const failSync = async (job: SyncJob, reason: string): Promise<void> => {
  const record = await getSync(job.appid);
  if (!record || record.runId !== job.runId || record.state !== 'running') return;
  await saveSync(job.appid, { ...record, state: 'failed', reason, updatedAt: new Date().toISOString() });
};
