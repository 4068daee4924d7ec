import { feedWrite, readQuota } from '../inbox/data/reply-quota';
import { grantOf } from '../inbox/reply-quota';
import type { RecordPlugin } from './plugin';

/**
 * Feeds each follower's customer-service quota (src/inbox/reply-quota.ts) from what the callback
 * records: a message opens the 48 hours' 5, a follow, a QR scan or a click/scancode tap the
 * minute's 3. Marks (retention 0) carry the message's kind too, so the quota is kept at any
 * retention. The replies the platform threads (`direction: out`) are not the follower's.
 * Reading the item first makes a late or out-of-order record a no-op instead of a failed condition.
 */
export const replyQuotaFeed: RecordPlugin = {
  id: 'inbox.replyQuota',
  wants: {},
  entities: ['REPLYQUOTA'],
  handle: async (record) => {
    if (record.item['direction'] === 'out' || !record.openid || !record.appid) return [];
    const grant = grantOf({ msgType: record.msgType, event: record.event, createTime: Number(record.item['createTime']) });
    if (!grant) return [];
    const write = feedWrite(record.appid, record.openid, grant, await readQuota(record.appid, record.openid));
    return write ? [write] : [];
  },
};
