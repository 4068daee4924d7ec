import { randomBytes } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { cancellationReasons, db, epochSeconds, table, writeIf } from '../../core/data/client';
import { ItemConflict } from '../../core/data/errors';
import type { Stop } from '../../core/messages/stops';

/**
 * Template sends and what keeps each recipient to one message:
 *   TPLSENDS#<appid> / S#<sendId>               the send: template, target, values, who, status,
 *                                               the fan-out's checkpoint (page number and cursor),
 *                                               counts: attempted, sent, delivered, refused, failed
 *   TPLSENDS#<appid> / M#<msgid>                WeChat's msgid → (sendId, openid): the push names only
 *                                               the msgid; a push ahead of our record leaves its outcome here
 *   TPLRCPT#<appid>#<sendId> / <openid>         one recipient: claimed before WeChat is called, then
 *                                               sent (msgid) or failed (errcode), then delivered /
 *                                               refused / undelivered from the push
 * sendIds are time-ordered (base-36 milliseconds, then random): the history reads backwards.
 * Recipients and msgid keys are kept 30 days (TTL); the send itself stays.
 */
export type TemplateSendStatus = 'sending' | 'done' | 'failed';
export type RecipientState = 'claimed' | 'sent' | 'failed' | 'delivered' | 'refused' | 'undelivered';
export type PushOutcome = 'delivered' | 'refused' | 'undelivered';

export type SendTarget = { openid: string } | { tagId: number } | { segmentId: string };

export interface TemplateSendRecord {
  appid: string;
  sendId: string;
  orgId: string;
  templateId: string;
  title: string;
  target: SendTarget;
  data: Record<string, { value: string }>;
  url?: string;
  miniprogram?: { appid: string; pagepath?: string };
  status: TemplateSendStatus;
  /** How many the target held when the send was made (the directory's counter for a tag). */
  recipients: number;
  attempted: number;
  sent: number;
  delivered: number;
  refused: number;
  failed: number;
  /** The fan-out's checkpoint: pages done, and where the next one starts (absent: from the first). */
  page: number;
  cursor?: string;
  /** Why it stopped, for a developer (`wechat<errcode>`, a rule); `stop`: the same for a person, worded when read. */
  reason?: string;
  stop?: Stop;
  by: { userId: string; username: string };
  createdAt: string;
  updatedAt: string;
  finishedAt?: string;
}

export interface Recipient {
  openid: string;
  state: RecipientState;
  claimedAt: number;
  msgid?: string;
  errcode?: number;
}

const sendsPk = (appid: string) => `TPLSENDS#${appid}`;
const sendKey = (appid: string, sendId: string) => ({ pk: sendsPk(appid), sk: `S#${sendId}` });
const msgKey = (appid: string, msgid: string) => ({ pk: sendsPk(appid), sk: `M#${msgid}` });
const recipientKey = (appid: string, sendId: string, openid: string) => ({ pk: `TPLRCPT#${appid}#${sendId}`, sk: openid });
const keptDays = 30;
const ttl = () => epochSeconds() + keptDays * 86_400;

export const newTemplateSendId = (now = Date.now()): string => `${now.toString(36).padStart(10, '0')}${randomBytes(6).toString('hex')}`;

const fromItem = (item: Record<string, any>): TemplateSendRecord => {
  const { pk: _pk, sk: _sk, type: _type, ...rest } = item;
  return rest as TemplateSendRecord;
};

export const createSend = async (send: TemplateSendRecord): Promise<void> => {
  await db.send(new PutCommand({ TableName: table(), Item: { ...sendKey(send.appid, send.sendId), type: 'templateSend', ...send }, ConditionExpression: 'attribute_not_exists(pk)' }));
};

export const getSend = async (appid: string, sendId: string): Promise<TemplateSendRecord | undefined> => {
  const out = await db.send(new GetCommand({ TableName: table(), Key: sendKey(appid, sendId), ConsistentRead: true }));
  return out.Item ? fromItem(out.Item) : undefined;
};

/** The history, newest first, `limit` a page after `after` (a sendId). */
export const listSendsPage = async (appid: string, limit: number, after?: string): Promise<{ sends: TemplateSendRecord[]; next?: string }> => {
  const out = await db.send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :s)',
      ExpressionAttributeValues: { ':pk': sendsPk(appid), ':s': 'S#' },
      ScanIndexForward: false,
      Limit: limit,
      ...(after ? { ExclusiveStartKey: sendKey(appid, after) } : {}),
    }),
  );
  const sends = (out.Items ?? []).map(fromItem);
  return { sends, ...(out.LastEvaluatedKey ? { next: sends.at(-1)!.sendId } : {}) };
};

/**
 * Claims a recipient before WeChat is called: answers undefined when this call claimed it, else
 * what is recorded for them already (a redelivered message meets its own earlier claim).
 */
export const claimRecipient = async (appid: string, sendId: string, openid: string, now = Date.now()): Promise<Recipient | undefined> => {
  const claimed = await writeIf(
    db.send(
      new PutCommand({
        TableName: table(),
        Item: { ...recipientKey(appid, sendId, openid), type: 'templateRecipient', openid, state: 'claimed', claimedAt: now, ttl: ttl() },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ),
  );
  if (claimed) return undefined;
  const out = await db.send(new GetCommand({ TableName: table(), Key: recipientKey(appid, sendId, openid), ConsistentRead: true }));
  return out.Item as Recipient;
};

export const getRecipient = async (appid: string, sendId: string, openid: string): Promise<Recipient | undefined> =>
  (await db.send(new GetCommand({ TableName: table(), Key: recipientKey(appid, sendId, openid), ConsistentRead: true }))).Item as Recipient | undefined;

const counter = (name: PushOutcome) => (name === 'undelivered' ? 'failed' : name);

const sendCount = (appid: string, sendId: string, names: PushOutcome[]) => ({
  ...sendKey(appid, sendId),
  update: `SET updatedAt = :now ADD ${names.map((n, i) => `#c${i} :one`).join(', ')}`,
  names: Object.fromEntries(names.map((n, i) => [`#c${i}`, counter(n)])),
});

const countUpdate = (appid: string, sendId: string, names: PushOutcome[]) => {
  const c = sendCount(appid, sendId, names);
  return {
    TableName: table(),
    Key: sendKey(appid, sendId),
    UpdateExpression: c.update,
    ExpressionAttributeNames: c.names,
    ExpressionAttributeValues: { ':now': new Date().toISOString(), ':one': 1 },
  };
};

/**
 * A claimed recipient moved to what became of it (`state`, and what `set` records beside it): only a
 * claim still held moves, so a second delivery of the same message finds it moved and changes nothing.
 */
const fromClaim = (appid: string, sendId: string, openid: string, state: string, set: string, values: Record<string, unknown>) => ({
  TableName: table(),
  Key: recipientKey(appid, sendId, openid),
  UpdateExpression: `SET #s = :state, ${set}`,
  ConditionExpression: '#s = :claimed',
  ExpressionAttributeNames: { '#s': 'state' },
  ExpressionAttributeValues: { ':state': state, ':claimed': 'claimed', ...values },
});

/**
 * WeChat took the message: the recipient is sent (with its msgid), and the msgid is remembered for
 * the push (the send counts its pages' recipients when the page is done: advancePage). A push that came first left its outcome on the msgid key:
 * it is applied in the same step. A recipient no longer `claimed` (another delivery of the same
 * message recorded it) is left as it is.
 */
export const recordSent = async (appid: string, sendId: string, openid: string, msgid: string): Promise<void> => {
  const recipient = fromClaim(appid, sendId, openid, 'sent', 'msgid = :msgid', { ':msgid': msgid });
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Update: recipient },
          { Put: { TableName: table(), Item: { ...msgKey(appid, msgid), type: 'templateMsg', sendId, openid, ttl: ttl() }, ConditionExpression: 'attribute_not_exists(pk)' } },
        ],
      }),
    );
    return;
  } catch (error) {
    const reasons = cancellationReasons(error);
    if (!reasons) throw error;
    if (reasons[0] === 'ConditionalCheckFailed') return;
    if (reasons[1] !== 'ConditionalCheckFailed') throw error;
  }
  const early = (await db.send(new GetCommand({ TableName: table(), Key: msgKey(appid, msgid), ConsistentRead: true }))).Item;
  const outcome = early?.['outcome'] as PushOutcome | undefined;
  if (!outcome) throw new ItemConflict(`msgid ${msgid} is recorded for another recipient`);
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Update: fromClaim(appid, sendId, openid, outcome, 'msgid = :msgid', { ':msgid': msgid }) },
          { Update: countUpdate(appid, sendId, [outcome]) },
          {
            Update: {
              TableName: table(),
              Key: msgKey(appid, msgid),
              UpdateExpression: 'SET sendId = :sendId, openid = :openid',
              ConditionExpression: 'attribute_not_exists(sendId)',
              ExpressionAttributeValues: { ':sendId': sendId, ':openid': openid },
            },
          },
        ],
      }),
    );
  } catch (error) {
    if (cancellationReasons(error)?.[0] !== 'ConditionalCheckFailed') throw error;
  }
};

/** WeChat refused the message for this recipient (its errcode kept). */
export const recordFailed = async (appid: string, sendId: string, openid: string, errcode: number): Promise<void> => {
  await writeIf(db.send(new UpdateCommand(fromClaim(appid, sendId, openid, 'failed', 'errcode = :errcode', { ':errcode': errcode }))));
};

/** Gives a claim back when WeChat made nothing of the call (its daily quota): the recipient can be tried again. */
export const releaseClaim = async (appid: string, sendId: string, openid: string): Promise<void> => {
  await writeIf(
    db.send(
      new DeleteCommand({
        TableName: table(),
        Key: recipientKey(appid, sendId, openid),
        ConditionExpression: '#s = :claimed',
        ExpressionAttributeNames: { '#s': 'state' },
        ExpressionAttributeValues: { ':claimed': 'claimed' },
      }),
    ),
  );
};

/** What a page of recipients came to: how many were gone through, taken by WeChat, refused by it. */
export interface PageCounts {
  attempted: number;
  sent: number;
  failed: number;
}

/**
 * Moves the fan-out's checkpoint past page `page` (conditioned on it still being there, so a page
 * redone after a crash is counted once), adding its counts; the last page finishes the send. One
 * write per page: the recipients of a page never contend for the send's item.
 */
export const advancePage = async (appid: string, sendId: string, page: number, counts: PageCounts, cursor: string | undefined): Promise<boolean> => {
  const now = new Date().toISOString();
  return writeIf(
    db.send(
      new UpdateCommand({
        TableName: table(),
        Key: sendKey(appid, sendId),
        UpdateExpression: cursor
          ? 'SET #page = :next, #cursor = :cursor, updatedAt = :now ADD attempted :n, sent :sent, failed :failed'
          : 'SET #page = :next, #status = :done, finishedAt = :now, updatedAt = :now ADD attempted :n, sent :sent, failed :failed REMOVE #cursor',
        ConditionExpression: '#page = :page AND #status = :sending',
        ExpressionAttributeNames: { '#page': 'page', '#cursor': 'cursor', '#status': 'status' },
        ExpressionAttributeValues: {
          ':next': page + 1,
          ':page': page,
          ':n': counts.attempted,
          ':sent': counts.sent,
          ':failed': counts.failed,
          ':now': now,
          ':sending': 'sending',
          ...(cursor ? { ':cursor': cursor } : { ':done': 'done' }),
        },
      }),
    ),
  );
};

/** Ends a send that cannot go on (its account gone, WeChat's quota spent, the template deleted), with the reason and the counts of the page it stopped in. */
export const failSend = async (appid: string, sendId: string, reason: string, stop: Stop, counts: PageCounts = { attempted: 0, sent: 0, failed: 0 }): Promise<void> => {
  const now = new Date().toISOString();
  await writeIf(
    db.send(
      new UpdateCommand({
        TableName: table(),
        Key: sendKey(appid, sendId),
        UpdateExpression: 'SET #status = :failed, reason = :reason, #stop = :stop, finishedAt = :now, updatedAt = :now ADD attempted :n, sent :sent, failed :nf',
        ConditionExpression: '#status = :sending',
        ExpressionAttributeNames: { '#status': 'status', '#stop': 'stop' },
        ExpressionAttributeValues: { ':failed': 'failed', ':reason': reason, ':stop': stop, ':now': now, ':sending': 'sending', ':n': counts.attempted, ':sent': counts.sent, ':nf': counts.failed },
      }),
    ),
  );
};

/**
 * The writes of a TEMPLATESENDJOBFINISH push (for the record stream consumer, which commits them with
 * its mark): the recipient gets its outcome and the send counts it, once. A push before our record
 * of the msgid leaves the outcome on the msgid key, for recordSent to apply.
 */
export const pushOutcomeWrites = async (appid: string, msgid: string, outcome: PushOutcome): Promise<Record<string, any>[]> => {
  const known = (await db.send(new GetCommand({ TableName: table(), Key: msgKey(appid, msgid), ConsistentRead: true }))).Item;
  if (!known) {
    return [{ Put: { Item: { ...msgKey(appid, msgid), type: 'templateMsg', outcome, ttl: ttl() }, ConditionExpression: 'attribute_not_exists(pk)' } }];
  }
  if (!known['sendId']) return [];
  const sendId = String(known['sendId']);
  const openid = String(known['openid']);
  const recipient = await getRecipient(appid, sendId, openid);
  if (!recipient || recipient.state !== 'sent') return [];
  const c = sendCount(appid, sendId, [outcome]);
  return [
    {
      Update: {
        Key: recipientKey(appid, sendId, openid),
        UpdateExpression: 'SET #s = :outcome',
        ConditionExpression: '#s = :sent',
        ExpressionAttributeNames: { '#s': 'state' },
        ExpressionAttributeValues: { ':outcome': outcome, ':sent': 'sent' },
      },
    },
    { Update: { Key: sendKey(appid, sendId), UpdateExpression: c.update, ExpressionAttributeNames: c.names, ExpressionAttributeValues: { ':now': new Date().toISOString(), ':one': 1 } } },
  ];
};
