import { conversationPk, inboxPk, inboxSk } from '../../src/inbox/data/messages';
import { putItem } from './dynamo';

/**
 * Inbox items as the callback writes them, put with the real DynamoDB client, so the read side can
 * be tested with any message in any state; the keys come from src/inbox/data/messages.ts, as the callback's.
 */
export interface InboxFields {
  openid: string;
  msgType: string;
  createTime?: number;
  event?: string;
  eventKey?: string;
  content?: string;
  mediaId?: string;
  thumbMediaId?: string;
  picUrl?: string;
  format?: string;
  recognition?: string;
  location?: { x: string; y: string; scale: string; label: string };
  link?: { title: string; description: string; url: string };
  msgId?: string;
  answer?: { kind: 'passive' | 'custom' | 'none'; replyType?: string; summary?: string; xml?: string };
  handled?: boolean;
  /** Days kept (5 by default, as the account's default retention). */
  retentionDays?: number;
}

let sequence = 0;

/** Writes one inbox item; answers the id the API lists it under. */
export const putInboxMessage = async (appid: string, fields: InboxFields): Promise<{ id: string; createTime: number; item: Record<string, unknown> }> => {
  const createTime = fields.createTime ?? Math.floor(Date.now() / 1000);
  const msgId = fields.msgType === 'event' ? undefined : (fields.msgId ?? `${Date.now()}${String(++sequence).padStart(6, '0')}`);
  // src/callback/message-key.ts: MsgId, or sender + CreateTime + Event + EventKey.
  const messageKey = msgId ? `id:${msgId}` : ['ev', fields.openid, String(createTime), fields.event ?? '', fields.eventKey ?? ''].join(':');
  const sk = inboxSk(createTime, messageKey);
  const { retentionDays = 5, handled = false, answer = { kind: 'none' }, createTime: _c, msgId: _m, ...rest } = fields;
  const item = {
    pk: inboxPk(appid),
    sk,
    gsi1pk: conversationPk(appid, fields.openid),
    gsi1sk: sk,
    type: 'inboxMessage',
    appid,
    ...rest,
    ...(msgId ? { msgId } : {}),
    createTime,
    receivedAt: new Date(createTime * 1000).toISOString(),
    answer,
    state: 'done',
    handled,
    ttl: createTime + retentionDays * 86_400,
  };
  await putItem(item);
  // The API's id is the sort key without its prefix: `<10 digits>-<32 hex>`.
  return { id: sk.slice('MSG#'.length).replace('#', '-'), createTime, item };
};
