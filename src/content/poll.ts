import { getAccount } from '../core/data/accounts';
import { logger } from '../core/http/logger';
import { stopBy } from '../core/messages/stops';
import { getPublishStatus } from '../wechat/api/content';
import { markDraftGone } from './data/drafts';
import { duePendingJobs, getSend, moveSend } from './data/sends';
import { publishOutcome } from './job-outcomes';

/**
 * Publishes whose PUBLISHJOBFINISH did not come (a push lost, the callback down): freepublish/get
 * is asked from a minute after the submission, then every minute, for a day at most. Whichever
 * comes first, the push (src/records/content-jobs.ts) or this, moves the send; the other finds it
 * moved and does nothing (both are conditional on `submitted`).
 */
const giveUpAfterMs = 86_400_000;
const nextLookMs = 60_000;

export const pollPublishes = async (now = Date.now()): Promise<{ checked: number; settled: number }> => {
  const due = await duePendingJobs(new Date(now).toISOString());
  let settled = 0;
  for (const { appid, sendId } of due) {
    try {
      const send = await getSend(appid, sendId);
      if (!send || send.status !== 'submitted' || !send.jobId) {
        if (send) await moveSend(appid, sendId, [send.status], send.status, { pendingUntil: null });
        continue;
      }
      const account = await getAccount(appid);
      const answer = account ? await getPublishStatus(account, send.jobId) : undefined;
      const outcome = answer ? publishOutcome(answer.publish_status, answer.article_detail?.item.map((i) => i.article_url) ?? [], answer.fail_idx) : undefined;
      if (!outcome) {
        const late = now - Date.parse(send.updatedAt) > giveUpAfterMs;
        await moveSend(appid, sendId, ['submitted'], late ? 'failed' : 'submitted', late ? { reason: 'WeChat gave no outcome within a day', stop: stopBy('publish.noOutcome'), pendingUntil: null } : { pendingUntil: new Date(now + nextLookMs).toISOString() });
        continue;
      }
      const moved = await moveSend(appid, sendId, ['submitted'], outcome.status, outcome.change);
      if (moved && outcome.status === 'published' && send.message.mediaId) await markDraftGone(appid, send.message.mediaId, 'published', sendId);
      if (moved) settled++;
    } catch (error) {
      // One account's failure (its token revoked, WeChat busy) does not stop the others; it is asked again next time.
      logger.warn('publish status not polled', { appid, sendId, error });
    }
  }
  return { checked: due.length, settled };
};
