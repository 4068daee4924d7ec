import { getAccount } from '../../core/data/accounts';
import { logger } from '../../core/http/logger';
import { getSync, listSyncs, saveSync } from '../data/audience-state';
import { enqueueSync } from '../jobs';
import { beginSync } from '../begin-sync';

/**
 * Hourly: runs paused by the daily quota go on from their checkpoint once WeChat's day has turned,
 * and a directory finished a day ago is checked against WeChat again (a resync writes only what
 * changed). A running or failed run is left alone (failed waits for its owner).
 */
const resyncAfterMs = 24 * 3600_000;

export const resumeAndResync = async (now = Date.now()): Promise<{ resumed: number; started: number }> => {
  let resumed = 0;
  let started = 0;
  for (const { appid, state } of await listSyncs()) {
    try {
      if (state === 'paused') {
        const record = await getSync(appid);
        if (record && record.state === 'paused' && Date.parse(record.pausedUntil ?? '') <= now && (await saveSync(appid, { ...record, state: 'running', updatedAt: new Date().toISOString() }))) {
          await enqueueSync({ appid, runId: record.runId });
          resumed++;
        }
      } else if (state === 'done') {
        const account = await getAccount(appid);
        const record = await getSync(appid);
        if (account && record && Date.parse(record.finishedAt ?? '') + resyncAfterMs <= now) {
          await beginSync(account, record.orgId);
          started++;
        }
      }
    } catch (error) {
      logger.warn('daily resync: an account was skipped', { appid, error });
    }
  }
  return { resumed, started };
};

/** EventBridge's scheduled invocation (its event carries nothing this needs). */
export const handler = (): Promise<{ resumed: number; started: number }> => resumeAndResync();
