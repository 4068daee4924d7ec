import { getAccount } from '../core/data/accounts';
import { WechatApiError } from '../wechat/api-error';
import { nextChinaMidnight } from '../wechat/error-table';
import { batchGetProfiles, listFollowers, type WechatFollower } from '../wechat/api/users';
import { changeWrites, getFollowers, writeAll, type DirectoryFollower, type ReadStats, type WriteStats } from './data/directory';
import { getSync, putCountsWrite, saveSync, takeTokens, type Counts } from './data/audience-state';
import { enqueueSync, type SyncJob } from './jobs';
import { db, table } from '../core/data/client';
import { PutCommand } from '@aws-sdk/lib-dynamodb';

/**
 * The follower directory's sync: WeChat's list (user/get, 10,000 openids a page, after
 * next_openid) and profiles (user/info/batchget, 100 a call), written to the directory.
 *
 * - Resumable: the run's checkpoint (the page's next_openid and how far into it) and its counts
 *   move together in one conditional write after each step; a worker killed anywhere redoes at most
 *   the step it was in, and redoing it writes nothing (only what differs from the directory is
 *   written), so nothing is counted or written twice.
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
  try {
    for (;;) {
      const page = await listFollowers(account, record.pageFrom);
      record.wechatCalls++;
      record.wechatTotal = page.total;
      const openids = page.data?.openid ?? [];
      while (record.offset < openids.length) {
        if (Date.now() > deadline) {
          record.updatedAt = new Date().toISOString();
          if (!(await saveSync(job.appid, record))) return 'superseded';
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
          record.updatedAt = new Date().toISOString();
          if (!(await saveSync(job.appid, record))) return 'superseded';
          await enqueueSync(job, wait / 1000);
          return 'waiting';
        }
        const batches: string[][] = [];
        for (let i = 0; i < chunk.length; i += profileBatch) batches.push(chunk.slice(i, i + profileBatch));
        const stepStart = performance.now();
        const [profiles, existing] = await Promise.all([
          Promise.all(batches.map((b) => batchGetProfiles(account, b))).then((r) => {
            if (meter) meter.wechatMs += performance.now() - stepStart;
            return r.flat();
          }),
          getFollowers(job.appid, chunk, stats?.reads),
        ]);
        const writeStart = performance.now();
        record.wechatCalls += calls;
        const writes = [];
        for (const p of profiles) {
          const before = existing.get(p.openid);
          const after = fromWechat(p, before);
          const change = changeWrites(job.appid, before, after);
          if (change.length) record.written++;
          else record.unchanged++;
          writes.push(...change);
          count(record.counts, after);
        }
        await writeAll(writes, stats?.writes);
        record.offset += chunk.length;
        record.checked += profiles.length;
        record.updatedAt = new Date().toISOString();
        const saved = await saveSync(job.appid, record);
        if (meter) {
          meter.checkpoints++;
          meter.dynamoMs += performance.now() - writeStart;
        }
        if (!saved) return 'superseded';
      }
      if (openids.length < wechatPage || !page.next_openid) {
        await db.send(new PutCommand({ TableName: table(), Item: putCountsWrite(job.appid, record.counts).Put.Item }));
        const now = new Date().toISOString();
        return (await saveSync(job.appid, { ...record, state: 'done', finishedAt: now, updatedAt: now })) ? 'done' : 'superseded';
      }
      record.pageFrom = page.next_openid;
      record.offset = 0;
      if (!(await saveSync(job.appid, record))) return 'superseded';
    }
  } catch (error) {
    if (error instanceof WechatApiError && error.wxerrcode === 45009) {
      const now = new Date();
      await saveSync(job.appid, { ...record, state: 'paused', reason: 'wechatDailyApiQuota', pausedUntil: nextChinaMidnight(now), updatedAt: now.toISOString() });
      return 'paused';
    }
    throw error;
  }
};

/** After the queue's last delivery failed: the run says so (the owner can press sync to resume it). */
export const failSync = async (job: SyncJob, reason: string): Promise<void> => {
  const record = await getSync(job.appid);
  if (!record || record.runId !== job.runId || record.state !== 'running') return;
  await saveSync(job.appid, { ...record, state: 'failed', reason, updatedAt: new Date().toISOString() });
};
