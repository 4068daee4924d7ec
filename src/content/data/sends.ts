import { randomBytes } from 'node:crypto';
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { db, epochSeconds, isConditionFailure, table } from '../../core/data/client';
import { InvalidReference, ItemConflict } from '../../core/data/errors';
import type { Stop } from '../../core/messages/stops';

/**
 * One history of everything published (发布) or mass-sent (群发) through the platform, newest first,
 * and what keeps each send to once:
 *   SENDS#<appid> / SEND#<sendId>            kind, status, what, to whom, who, when, WeChat's job id,
 *                                            article links, counts, reason; gsi1 CONTENTJOBS while a
 *                                            publish waits for its outcome (polled when no push comes)
 *   SENDS#<appid> / JOB#<publish|mass>#<id>  sendId: WeChat's job id → our send (its push names the job)
 *   SENDS#<appid> / REQ#<requestId>          sendId, ttl 24 h: a retried request is the same send
 *   SENDS#<appid> / QUOTA#<rule>#<window>    count, ttl: the daily / per-minute mass-send limits
 * sendIds are time-ordered (base-36 milliseconds, then random), so the partition read backwards is
 * the history newest first.
 */
export type SendKind = 'publish' | 'mass';
export type SendStatus = 'pendingApproval' | 'scheduled' | 'sending' | 'submitted' | 'published' | 'sent' | 'failed' | 'cancelled' | 'rejected';

/** An admin's approval of a send, when the organization asks for one (issue 28: src/content/approvals.ts). */
export interface SendApproval {
  state: 'pending' | 'approved' | 'rejected';
  by?: { userId: string; username: string };
  at?: string;
  reason?: string;
}

export interface SendMessage {
  type: 'mpnews' | 'text' | 'image' | 'voice' | 'mpvideo';
  mediaId?: string;
  text?: string;
}

export interface SendRecord {
  appid: string;
  sendId: string;
  kind: SendKind;
  status: SendStatus;
  message: SendMessage;
  /** Mass send only: everyone, or one tag. */
  target?: { toAll: true } | { tagId: number };
  titles?: string[];
  sendAt?: string;
  createdAt: string;
  updatedAt: string;
  by: { userId: string; username: string };
  /** The organization the sender acted in: a scheduled send re-checks their role there when it fires. */
  orgId: string;
  jobId?: string;
  articles?: { idx: number; url: string }[];
  counts?: { total: number; filtered: number; sent: number; error: number };
  /** Why it failed or was not sent, as the developer reads it (`stop`: the same for a person, worded when read). */
  reason?: string;
  stop?: Stop;
  warnings?: ('massSendMonthlyToAll' | 'massProtectionAtNight')[];
  /** The limits this send spent (given back if it is cancelled or refused). */
  spent?: QuotaSpend[];
  /** WeChat's answer was lost: the same sendId may be tried again (its clientmsgid keeps it to once). */
  retryable?: boolean;
  approval?: SendApproval;
}

export const newSendId = (now = Date.now()): string => `${now.toString(36).padStart(10, '0')}${randomBytes(8).toString('hex')}`;

export const sendKey = (appid: string, sendId: string) => ({ pk: `SENDS#${appid}`, sk: `SEND#${sendId}` });
const jobKey = (appid: string, kind: SendKind, jobId: string) => ({ pk: `SENDS#${appid}`, sk: `JOB#${kind}#${jobId}` });
const requestKey = (appid: string, requestId: string) => ({ pk: `SENDS#${appid}`, sk: `REQ#${requestId}` });
export const quotaKey = (appid: string, rule: string, window: string) => ({ pk: `SENDS#${appid}`, sk: `QUOTA#${rule}#${window}` });

/** The index of publishes waiting for their outcome, by when to look next. */
export const pendingJobsPartition = 'CONTENTJOBS';

const fromItem = (item: Record<string, any>): SendRecord => {
  const { pk: _pk, sk: _sk, type: _type, gsi1pk: _g, gsi1sk: _s, ...rest } = item;
  return rest as SendRecord;
};

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface QuotaSpend {
  rule: string;
  window: string;
  limit: number;
  ttl: number;
}

export type NewSendOutcome = { created: SendRecord } | { existing: SendRecord };

/**
 * Writes a new send with its quota spends, its request key and what else must hold (a free draft,
 * a draft lock) in one transaction. A request key seen within 24 hours answers the earlier send;
 * a spent quota answers which one (`quota`).
 */
export const createSend = async (
  send: SendRecord,
  options: { requestId?: string; quotas?: QuotaSpend[]; also?: TransactItem[] },
): Promise<NewSendOutcome | { quota: QuotaSpend }> => {
  const quotas = options.quotas ?? [];
  const items: TransactItem[] = [
    { Put: { TableName: table(), Item: { ...sendKey(send.appid, send.sendId), type: 'send', ...send }, ConditionExpression: 'attribute_not_exists(pk)' } },
    ...quotas.map(
      (q): TransactItem => ({
        Update: {
          TableName: table(),
          Key: quotaKey(send.appid, q.rule, q.window),
          UpdateExpression: 'ADD #count :one SET #ttl = :ttl',
          ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
          ExpressionAttributeNames: { '#count': 'count', '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':one': 1, ':limit': q.limit, ':ttl': q.ttl },
        },
      }),
    ),
    ...(options.requestId
      ? [{ Put: { TableName: table(), Item: { ...requestKey(send.appid, options.requestId), sendId: send.sendId, ttl: epochSeconds() + 86_400 }, ConditionExpression: 'attribute_not_exists(pk) OR #ttl < :now', ExpressionAttributeNames: { '#ttl': 'ttl' }, ExpressionAttributeValues: { ':now': epochSeconds() } } }]
      : []),
    ...(options.also ?? []),
  ];
  try {
    await db.send(new TransactWriteCommand({ TransactItems: items }));
    return { created: send };
  } catch (error) {
    const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
    if (!reasons) throw error;
    const failed = (i: number) => reasons[i]?.Code === 'ConditionalCheckFailed';
    const requestAt = options.requestId ? 1 + quotas.length : -1;
    if (requestAt >= 0 && failed(requestAt)) {
      const { Item } = await db.send(new GetCommand({ TableName: table(), Key: requestKey(send.appid, options.requestId!), ConsistentRead: true }));
      const earlier = Item ? await getSend(send.appid, String(Item['sendId'])) : undefined;
      if (earlier) return { existing: earlier };
    }
    const spent = quotas.findIndex((_, i) => failed(1 + i));
    if (spent >= 0) return { quota: quotas[spent]! };
    const alsoFrom = 1 + quotas.length + (options.requestId ? 1 : 0);
    if (reasons.slice(alsoFrom).some((r) => r.Code === 'ConditionalCheckFailed')) {
      throw new ItemConflict('mediaId: the draft is not in the draft box, or a scheduled send holds it');
    }
    throw error;
  }
};

/** Gives back a quota spent for a send WeChat then refused (it did not send). */
export const refundQuota = async (appid: string, q: QuotaSpend): Promise<void> => {
  await db
    .send(
      new UpdateCommand({
        TableName: table(),
        Key: quotaKey(appid, q.rule, q.window),
        UpdateExpression: 'ADD #count :minus',
        ConditionExpression: '#count > :zero',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: { ':minus': -1, ':zero': 0 },
      }),
    )
    .catch((error: unknown) => {
      if (!isConditionFailure(error)) throw error;
    });
};

export const getSend = async (appid: string, sendId: string): Promise<SendRecord | undefined> => {
  const { Item } = await db.send(new GetCommand({ TableName: table(), Key: sendKey(appid, sendId), ConsistentRead: true }));
  return Item ? fromItem(Item) : undefined;
};

export type SendChange = Partial<Omit<SendRecord, 'appid' | 'sendId' | 'status'>> & { pendingUntil?: string | null; clear?: readonly ('retryable' | 'reason' | 'stop')[] };

/**
 * The one conditional change of a send's status, as an update (no TableName: the record stream's
 * plug-ins return it for their transaction): only from one of `from`. `pendingUntil` puts the send
 * on the poller's index (null takes it off).
 */
export const sendUpdate = (appid: string, sendId: string, from: readonly SendStatus[], to: SendStatus, change: SendChange = {}) => {
  const { pendingUntil, clear = [], ...fields } = change;
  const names: Record<string, string> = { '#status': 'status', '#updatedAt': 'updatedAt' };
  const values: Record<string, unknown> = { ':to': to, ':now': new Date().toISOString() };
  const assignments = ['#status = :to', '#updatedAt = :now'];
  const removals: string[] = [...clear];
  Object.entries(fields).forEach(([name, value], i) => {
    if (value === undefined) return;
    names[`#f${i}`] = name;
    values[`:f${i}`] = value;
    assignments.push(`#f${i} = :f${i}`);
  });
  if (pendingUntil === null) removals.push('gsi1pk', 'gsi1sk');
  else if (pendingUntil !== undefined) {
    assignments.push('gsi1pk = :jobs', 'gsi1sk = :due');
    values[':jobs'] = pendingJobsPartition;
    values[':due'] = `${pendingUntil}#${appid}#${sendId}`;
  }
  from.forEach((status, i) => (values[`:from${i}`] = status));
  return {
    Key: sendKey(appid, sendId),
    UpdateExpression: `SET ${assignments.join(', ')}${removals.length ? ` REMOVE ${removals.join(', ')}` : ''}`,
    ConditionExpression: `attribute_exists(pk) AND #status IN (${from.map((_, i) => `:from${i}`).join(', ')})`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
};

/** Changes a send's status if it is one of `from`: the send after the change, or undefined (someone else moved it first). */
export const moveSend = async (appid: string, sendId: string, from: readonly SendStatus[], to: SendStatus, change: SendChange = {}): Promise<SendRecord | undefined> => {
  try {
    const { Attributes } = await db.send(new UpdateCommand({ TableName: table(), ...sendUpdate(appid, sendId, from, to, change), ReturnValues: 'ALL_NEW' }));
    return Attributes ? fromItem(Attributes) : undefined;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
};

/** What a job's push said before we knew the job was ours (its outcome, kept on the job key). */
export interface StoredOutcome {
  status: SendStatus;
  change: SendChange;
}

/**
 * Remembers which send a WeChat job belongs to (its push names only the job). A push that came
 * first (WeChat answered late, or our first answer was lost and the job id was learned on a retry)
 * left its outcome on the job key: it is answered, for the caller to apply.
 */
export const rememberJob = async (appid: string, kind: SendKind, jobId: string, sendId: string): Promise<StoredOutcome | undefined> => {
  const { Attributes } = await db.send(
    new UpdateCommand({ TableName: table(), Key: jobKey(appid, kind, jobId), UpdateExpression: 'SET sendId = :s', ExpressionAttributeValues: { ':s': sendId }, ReturnValues: 'ALL_NEW' }),
  );
  return Attributes?.['outcome'] as StoredOutcome | undefined;
};

/** Keeps a job's outcome that arrived before its send was known (an update for the record stream's transaction). */
export const jobOutcomeUpdate = (appid: string, kind: SendKind, jobId: string, outcome: StoredOutcome) => ({
  Key: jobKey(appid, kind, jobId),
  UpdateExpression: 'SET outcome = :o',
  ExpressionAttributeValues: { ':o': outcome },
});

export const sendOfJob = async (appid: string, kind: SendKind, jobId: string): Promise<string | undefined> => {
  const { Item } = await db.send(new GetCommand({ TableName: table(), Key: jobKey(appid, kind, jobId), ConsistentRead: true }));
  return Item ? String(Item['sendId']) : undefined;
};

/** The history, newest first, a page at a time (`cursor`: the last sendId of the previous page). */
export const listSendRecords = async (appid: string, limit: number, cursor?: string): Promise<{ sends: SendRecord[]; cursor?: string }> => {
  if (cursor !== undefined && !/^[0-9a-z]{20,40}$/.test(cursor)) throw new InvalidReference('cursor: not one this list gave out');
  const page = await db.send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: cursor ? 'pk = :pk AND sk BETWEEN :from AND :before' : 'pk = :pk AND begins_with(sk, :send)',
      ExpressionAttributeValues: cursor ? { ':pk': `SENDS#${appid}`, ':from': 'SEND#', ':before': `SEND#${cursor}` } : { ':pk': `SENDS#${appid}`, ':send': 'SEND#' },
      ScanIndexForward: false,
      Limit: limit + (cursor ? 1 : 0),
    }),
  );
  const sends = (page.Items ?? []).map(fromItem).filter((s) => s.sendId !== cursor).slice(0, limit);
  return { sends, ...(page.LastEvaluatedKey && sends.length ? { cursor: sends.at(-1)!.sendId } : {}) };
};

/** Publishes whose outcome was due by `before` and has not come: for the poller. */
export const duePendingJobs = async (before: string, limit = 50): Promise<{ appid: string; sendId: string }[]> => {
  const page = await db.send(
    new QueryCommand({
      TableName: table(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :jobs AND gsi1sk <= :before',
      ExpressionAttributeValues: { ':jobs': pendingJobsPartition, ':before': `${before}#~` },
      Limit: limit,
    }),
  );
  return (page.Items ?? []).map((i) => ({ appid: String(i['appid']), sendId: String(i['sendId']) }));
};
