import { pushOutcomeWrites, type PushOutcome } from '../templates/data/sends';
import type { RecordPlugin, TableWrite } from './plugin';

/**
 * TEMPLATESENDJOBFINISH, pushed to the account's callback for each template message and recorded
 * there like any event, reaches the send's recipient and counts here (never on the callback's
 * path): Status "success" delivered, "failed:user block" refused (the follower refuses the
 * account's messages), "failed: system failed" (or anything else) undelivered, counted as failed
 * (developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html,
 * 事件推送). The push names WeChat's msgid; the recipient is found through the msgid key written
 * when WeChat took the message. The consumer's mark keeps a redelivered record to one count.
 */
export const outcomeOfStatus = (status: string): PushOutcome => {
  const s = status.trim().toLowerCase();
  if (s === 'success') return 'delivered';
  if (s.replace(/\s+/g, '') === 'failed:userblock') return 'refused';
  return 'undelivered';
};

export const templateJobsFeed: RecordPlugin = {
  id: 'templates.jobs',
  wants: { msgTypes: ['event'], events: ['TEMPLATESENDJOBFINISH'] },
  entities: ['TEMPLATE'],
  handle: async (record): Promise<TableWrite[]> => {
    const job = record.item['job'] as Record<string, unknown> | undefined;
    const msgid = String(job?.['MsgID'] ?? '');
    if (!record.appid || !/^\d+$/.test(msgid)) return [];
    return (await pushOutcomeWrites(record.appid, msgid, outcomeOfStatus(String(job?.['Status'] ?? '')))) as TableWrite[];
  },
};
