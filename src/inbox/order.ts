/**
 * The order of a thread, the same wherever it is read (the API's pages and the console's chat):
 * when things happened, never when they reached us nor how DynamoDB ranks their keys (a sort key
 * ends in a hash, which orders the messages of one second at random). Within one second of
 * WeChat's CreateTime: what the follower did before what the account answered; among the
 * follower's, events (no MsgId) before messages, messages by WeChat's MsgId as a number (a 64-bit id, later
 * ones larger in what WeChat hands out; at worst a fixed order, never a random one);
 * among the account's replies, by the moment they were sent; the id last, so no two tie.
 */
export interface Ordered {
  id: string;
  createTime: number;
  direction?: 'in' | 'out';
  msgId?: string;
  receivedAt?: string;
}

/** A MsgId as 20 digits (a 64-bit number at most), so a text comparison is a numeric one. */
const msgIdKey = (msgId: string | undefined) => (msgId && /^\d{1,20}$/.test(msgId) ? msgId.padStart(20, '0') : '');

const tieKey = (m: Ordered) => (m.direction === 'out' ? `1${m.receivedAt ?? ''}` : `0${msgIdKey(m.msgId)}`);

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Oldest first. */
export const happenedOrder = (a: Ordered, b: Ordered): number => a.createTime - b.createTime || compareText(tieKey(a), tieKey(b)) || compareText(a.id, b.id);

/** Newest first (the inbox's lists and pages). */
export const newestFirst = (a: Ordered, b: Ordered): number => happenedOrder(b, a);
