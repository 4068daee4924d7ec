import { draftGoneUpdate } from '../content/data/drafts';
import { getSend, jobOutcomeUpdate, sendOfJob, sendUpdate } from '../content/data/sends';
import { massOutcome, publishOutcome } from '../content/job-outcomes';
import type { RecordPlugin, TableWrite } from './plugin';

/**
 * WeChat's job outcomes, pushed to the account's callback and recorded there like any event, reach
 * the content area's history here (never on the callback's path): PUBLISHJOBFINISH marks a publish
 * published (with its article URLs) or failed (WeChat's reason); MASSSENDJOBFINISH records a mass
 * send's counts (sent / filtered / error). The push names WeChat's job id; our send is found through
 * the job key written when WeChat took the job. A send already settled (by polling) is left alone.
 */
const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : typeof value === 'string' && value ? [value] : []);

export const contentJobsFeed: RecordPlugin = {
  id: 'content.jobs',
  wants: { msgTypes: ['event'], events: ['PUBLISHJOBFINISH', 'MASSSENDJOBFINISH'] },
  entities: ['CONTENT'],
  handle: async (record): Promise<TableWrite[]> => {
    const job = record.item['job'] as Record<string, unknown> | undefined;
    if (!job || !record.appid) return [];
    const publish = record.event?.toUpperCase() === 'PUBLISHJOBFINISH';
    const jobId = String((publish ? job['publish_id'] : job['MsgID']) ?? '');
    if (!jobId) return [];
    const failIdx = list(job['fail_idx']).flatMap((v) => v.split(',')).map(Number).filter((n) => n > 0);
    const outcome = publish ? publishOutcome(Number(job['publish_status']), list(job['article_url']), failIdx) : massOutcome(job);
    if (!outcome) return [];
    const kind = publish ? 'publish' : 'mass';
    const sendId = await sendOfJob(record.appid, kind, jobId);
    // Not known yet (WeChat's answer to us came later than its push, or was lost and learned on a
    // retry): the outcome waits on the job key, and the send takes it when the job is remembered.
    if (!sendId) return [{ Update: jobOutcomeUpdate(record.appid, kind, jobId, outcome) }];
    const send = await getSend(record.appid, sendId);
    if (!send || !['submitted', 'sending'].includes(send.status)) return [];
    const writes: TableWrite[] = [{ Update: sendUpdate(record.appid, send.sendId, ['submitted', 'sending'], outcome.status, outcome.change) }];
    if (publish && outcome.status === 'published' && send.message.mediaId) writes.push({ Update: draftGoneUpdate(record.appid, send.message.mediaId, 'published', send.sendId) });
    return writes;
  },
};
