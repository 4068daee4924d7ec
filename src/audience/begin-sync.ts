import { randomUUID } from 'node:crypto';
import type { Account } from '../core/data/accounts';
import { emptyCounts, getSync, startSync, type SyncRecord } from './data/audience-state';
import { enqueueSync } from './jobs';

/**
 * Starting a run is the route's and the hourly job's; carrying it is the worker's (sync.ts). Kept
 * apart so the starters' bundles hold no WeChat client.
 */
/** A new run, or the paused/failed one resumed from its checkpoint. Answers the run as saved. */
export const beginSync = async (account: Account, orgId: string, now = new Date()): Promise<SyncRecord> => {
  const previous = await getSync(account.appid);
  const resume = previous && (previous.state === 'paused' || previous.state === 'failed');
  const { pausedUntil: _p, reason: _r, finishedAt: _f, ...kept } = previous ?? ({} as SyncRecord);
  const record: SyncRecord = resume
    ? { ...kept, state: 'running', updatedAt: now.toISOString(), version: previous.version + 1 }
    : {
        runId: randomUUID(),
        orgId,
        state: 'running',
        kind: previous?.state === 'done' ? 'resync' : 'full',
        pageFrom: '',
        offset: 0,
        wechatTotal: 0,
        checked: 0,
        written: 0,
        unchanged: 0,
        wechatCalls: 0,
        counts: emptyCounts(),
        startedAt: now.toISOString(),
        updatedAt: now.toISOString(),
        version: 0,
      };
  await startSync(account.appid, record);
  await enqueueSync({ appid: account.appid, runId: record.runId });
  return record;
};

