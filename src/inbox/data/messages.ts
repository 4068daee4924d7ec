import { createHash } from 'node:crypto';
import { DeleteCommand, PutCommand, TransactWriteCommand, UpdateCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { db, epochSeconds, isConditionFailure, table } from '../../core/data/client';
import { ItemConflict, OwnedElsewhere } from '../../core/data/errors';
import { tableDesign } from '../../core/data/table-design';

/**
 * The message inbox, which is also the callback's de-duplication of WeChat's retries: one item per
 * message, written once with the answer already decided (`attribute_not_exists(pk)`), so a retry
 * finds it and is answered the same. Kept per account, newest first, by TTL.
 *   INBOX#<appid> / MSG#<CreateTime, 10 digits>#<32 hex of sha256(message key)>
 *     gsi1pk INBOX#<appid>#<openid>, gsi1sk = sk   (one follower's conversation)
 *   MSGMARK#<appid> / same sk                     (retention 0: de-duplicates, never listed; 10 min;
 *                                                  holds the message's kind, not its content)
 *   PUSHPAIR#<appid> / <timestamp>#<32 hex of sha256(nonce)>   messageHash; one per delivery's
 *                                                  (timestamp, nonce), while the timestamp is in the window
 * The message key is hashed so no text, EventKey, MsgId or FromUserName, however long, becomes
 * part of a key. The callback owns the writes; the inbox API reads these items.
 */
export type AnswerKind = 'passive' | 'custom' | 'none';

export interface InboxAnswer {
  kind: AnswerKind;
  replyType?: string;
  /** A short human summary of what was (or will be) sent. */
  summary?: string;
  /** The plaintext passive reply XML (passive only). */
  xml?: string;
  /** The normalized keyword of the rule that answered (`@default`, `@subscribe…` included). */
  rule?: string;
}

export interface InboxMessage {
  appid: string;
  openid: string;
  msgType: string;
  event?: string;
  eventKey?: string;
  content?: string;
  mediaId?: string;
  picUrl?: string;
  format?: string;
  recognition?: string;
  location?: { x: string; y: string; scale: string; label: string };
  link?: { title: string; description: string; url: string };
  msgId?: string;
  /**
   * WeChat's job outcomes (PUBLISHJOBFINISH, MASSSENDJOBFINISH, TEMPLATESENDJOBFINISH): their fields as pushed, for the
   * content area's stream plug-in (src/content/job-finish-feed.ts). Kept on a retention-0 mark too.
   */
  job?: Record<string, string | string[]>;
  createTime: number;
}

export interface InboxItem extends InboxMessage {
  type: 'inboxMessage';
  receivedAt: string;
  answer: InboxAnswer;
  state: 'done' | 'pending';
  handled: false;
  ttl: number;
}

export interface InboxKey {
  pk: string;
  sk: string;
}

export const defaultRetentionDays = 5;
/** How long a retention-0 mark de-duplicates (WeChat retries within 15 s; generous). */
export const markLifetimeSeconds = 600;
/** Menu keys are at most 128 bytes and scenes 64 (WeChat's limits): a longer EventKey is not kept on a mark. */
const markEventKeyLength = 256;

const gsi = tableDesign.indexes.gsi1;

export const inboxPk = (appid: string) => `INBOX#${appid}`;
export const markPk = (appid: string) => `MSGMARK#${appid}`;

/** A real openid is 28 characters; anything much longer is hashed so it cannot overflow a key. */
export const conversationPk = (appid: string, openid: string) =>
  `INBOX#${appid}#${openid.length <= 128 ? openid : `sha256:${sha256Hex(openid)}`}`;

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** `MSG#<CreateTime as 10 digits>#<first 32 hex of sha256(messageKey)>`. */
export const inboxSk = (createTime: number, messageKey: string): string => {
  const seconds = Number.isSafeInteger(createTime) && createTime >= 0 && createTime < 1e10 ? createTime : 0;
  return `MSG#${String(seconds).padStart(10, '0')}#${sha256Hex(messageKey).slice(0, 32)}`;
};

/** Where a message's item goes, given the account's retention (0 → a short-lived mark). */
export const inboxKey = (appid: string, retentionDays: number, createTime: number, messageKey: string): InboxKey => ({
  pk: retentionDays > 0 ? inboxPk(appid) : markPk(appid),
  sk: inboxSk(createTime, messageKey),
});

export const toItem = (
  key: InboxKey,
  message: InboxMessage,
  answer: InboxAnswer,
  state: 'done' | 'pending',
  retentionDays: number,
  now = Date.now(),
): Record<string, unknown> => {
  const receivedAt = new Date(now).toISOString();
  if (retentionDays <= 0) {
    // Keep nothing of the message: only what de-duplicating and finishing side effects need, and
    // its kind (msgType, event; no content), which the record stream's plug-ins select on
    // (src/records/): a follower's subscribe counts at any retention.
    return {
      ...key,
      type: 'messageMark',
      appid: message.appid,
      openid: message.openid,
      msgType: message.msgType,
      ...(message.event !== undefined ? { event: message.event } : {}),
      // A menu button's key or a QR scene, never a follower's words: menu taps and QR scenes count at any retention.
      ...(message.eventKey !== undefined && message.eventKey.length <= markEventKeyLength ? { eventKey: message.eventKey } : {}),
      ...(message.job !== undefined ? { job: message.job } : {}),
      createTime: message.createTime,
      receivedAt,
      answer,
      state,
      ttl: epochSeconds(now) + markLifetimeSeconds,
    };
  }
  const item: InboxItem = {
    type: 'inboxMessage',
    ...message,
    receivedAt,
    answer,
    state,
    handled: false,
    ttl: epochSeconds(now) + retentionDays * 86_400,
  };
  return { ...key, [gsi.partitionKey]: conversationPk(message.appid, message.openid), [gsi.sortKey]: key.sk, ...item };
};

export interface StoredAnswer {
  state: 'done' | 'pending';
  answer: InboxAnswer;
}

/** The item a failed condition returned (ALL_OLD): the document client leaves it in wire format. */
const oldItem = (error: unknown): Record<string, any> | undefined => {
  const item = (error as { Item?: Record<string, any> }).Item;
  return item ? unmarshall(item) : undefined;
};

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * What binds a delivery to its message: its (timestamp, nonce) may carry this message only. The
 * plain signature covers timestamp and nonce but not the body, so without this a captured query
 * could carry any message for as long as the timestamp is accepted.
 */
export interface PushGuard {
  appid: string;
  timestamp: string;
  nonce: string;
  /** sha256 of the (decrypted) message text. */
  messageHash: string;
  /** Until when the pair matters: the timestamp leaves the accepted window (epoch seconds). */
  expiresAt: number;
  /** One more write of the same transaction (learning the account's original ID), if any. */
  also?: TransactItem | undefined;
}

/** The pair came before with another message: a replay. */
export class PushPairReused extends ItemConflict {
  override name = 'PushPairReused';
}

/** The guard's extra write was refused (the account's original ID is another, or the account is gone). */
export class PushAddresseeRefused extends OwnedElsewhere {
  override name = 'PushAddresseeRefused';
}

export const pushPairKey = (appid: string, timestamp: string, nonce: string): InboxKey => ({
  pk: `PUSHPAIR#${appid}`,
  sk: `${timestamp.slice(0, 12)}#${sha256Hex(nonce).slice(0, 32)}`,
});

export const messageHash = (text: string): string => sha256Hex(text);

const storedOf = (old: Record<string, any> | undefined): StoredAnswer => ({ state: old?.['state'] ?? 'done', answer: old?.['answer'] ?? { kind: 'none' } });

/**
 * The one write of a message: records it with its answer unless it is there already; then the
 * stored answer is returned (a retry, or a delivery racing this one) and nothing is overwritten.
 * With a guard it is one TransactWriteItems (still one request): the message, its delivery's
 * (timestamp, nonce) pair, and the guard's extra write all happen, or none.
 */
export const recordOnce = async (item: Record<string, unknown>, guard?: PushGuard): Promise<StoredAnswer | undefined> => {
  if (guard) return recordGuarded(item, guard);
  try {
    await db.send(
      new PutCommand({
        TableName: table(),
        Item: item,
        ConditionExpression: 'attribute_not_exists(pk)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return undefined;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    return storedOf(oldItem(error));
  }
};

const recordGuarded = async (item: Record<string, unknown>, guard: PushGuard): Promise<StoredAnswer | undefined> => {
  const items: TransactItem[] = [
    { Put: { TableName: table(), Item: item, ConditionExpression: 'attribute_not_exists(pk)', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } },
    {
      Put: {
        TableName: table(),
        Item: { ...pushPairKey(guard.appid, guard.timestamp, guard.nonce), type: 'pushPair', messageHash: guard.messageHash, ttl: guard.expiresAt },
        // The same pair with the same message is WeChat retrying: allowed (the message's own
        // item then answers what was stored); with another message it is a replay.
        ConditionExpression: 'attribute_not_exists(pk) OR messageHash = :h',
        ExpressionAttributeValues: { ':h': guard.messageHash },
      },
    },
    ...(guard.also ? [guard.also] : []),
  ];
  try {
    await db.send(new TransactWriteCommand({ TransactItems: items }));
    return undefined;
  } catch (error) {
    if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') throw error;
    const reasons = (error as Error & { CancellationReasons?: { Code?: string; Item?: Record<string, any> }[] }).CancellationReasons ?? [];
    const failed = (i: number) => reasons[i]?.Code === 'ConditionalCheckFailed';
    if (failed(1)) throw new PushPairReused('nonce: this timestamp and nonce came before with another message (a replayed push)', { cause: error });
    if (failed(2)) throw new PushAddresseeRefused('ToUserName: is not the original ID of this account', { cause: error });
    if (failed(0)) {
      const old = reasons[0]?.Item;
      return storedOf(old ? unmarshall(old) : undefined);
    }
    throw error;
  }
};

/** Undoes a pending claim whose hand-off failed, so WeChat's retry processes the message again. */
export const releaseClaim = async (key: InboxKey): Promise<void> => {
  await db
    .send(
      new DeleteCommand({
        TableName: table(),
        Key: key,
        ConditionExpression: '#s = :pending AND attribute_not_exists(leaseUntil)',
        ExpressionAttributeNames: { '#s': 'state' },
        ExpressionAttributeValues: { ':pending': 'pending' },
      }),
    )
    .catch((error) => {
      if (!isConditionFailure(error)) throw error;
    });
};

/**
 * A worker's lease on a pending side effect: only one runs it at a time; a lease left by a worker
 * that died expires and the next delivery takes over. Answers 'done' when it was done already.
 */
export const leaseSideEffect = async (key: InboxKey, leaseSeconds: number): Promise<'leased' | 'done' | 'busy'> => {
  const now = epochSeconds();
  try {
    await db.send(
      new UpdateCommand({
        TableName: table(),
        Key: key,
        UpdateExpression: 'SET leaseUntil = :until',
        ConditionExpression: '#s = :pending AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)',
        ExpressionAttributeNames: { '#s': 'state' },
        ExpressionAttributeValues: { ':pending': 'pending', ':now': now, ':until': now + leaseSeconds },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return 'leased';
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const old = oldItem(error);
    return old?.['state'] === 'done' ? 'done' : 'busy';
  }
};

/** Gives a lease back after a failure, so the queue's next delivery runs the side effect again. */
export const dropLease = async (key: InboxKey): Promise<void> => {
  await db.send(new UpdateCommand({ TableName: table(), Key: key, UpdateExpression: 'REMOVE leaseUntil' }));
};

/** The side effect happened: done, with what was sent. */
export const completeSideEffect = async (key: InboxKey, answer: InboxAnswer): Promise<void> => {
  await db.send(
    new UpdateCommand({
      TableName: table(),
      Key: key,
      UpdateExpression: 'SET #s = :done, #a = :answer REMOVE leaseUntil',
      ExpressionAttributeNames: { '#s': 'state', '#a': 'answer' },
      ExpressionAttributeValues: { ':done': 'done', ':answer': answer },
    }),
  );
};

/**
 * A late reply's claim: the message is recorded (if it is not) as pending a customer-service
 * message. If the callback's own write got there first with a passive answer WeChat never
 * delivered (the callback had already answered `success`), that answer is turned into a pending
 * customer-service one. Answers what the worker must do next.
 */
export const claimLateReply = async (item: Record<string, unknown>, answer: InboxAnswer): Promise<'claimed' | 'done'> => {
  const stored = await recordOnce(item);
  if (stored === undefined) return 'claimed';
  if (stored.state === 'pending') return 'claimed';
  if (stored.answer.kind !== 'passive') return 'done';
  try {
    await db.send(
      new UpdateCommand({
        TableName: table(),
        Key: { pk: item['pk'], sk: item['sk'] },
        UpdateExpression: 'SET #s = :pending, #a = :answer',
        ConditionExpression: '#s = :done AND #a.#k = :passive',
        ExpressionAttributeNames: { '#s': 'state', '#a': 'answer', '#k': 'kind' },
        ExpressionAttributeValues: { ':pending': 'pending', ':done': 'done', ':passive': 'passive', ':answer': answer },
      }),
    );
    return 'claimed';
  } catch (error) {
    if (isConditionFailure(error)) return claimLateReply(item, answer);
    throw error;
  }
};
