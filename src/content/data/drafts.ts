import { gunzipSync, gzipSync } from 'node:zlib';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, isConditionFailure, table } from '../../core/data/client';
import { ItemConflict, ItemNotFound } from '../../core/data/errors';

/**
 * Our own copy of every draft made through the platform (WeChat's draft box forgets a draft once it
 * is published or sent; we keep it, marked, so the history can show what went out).
 *   DRAFTS#<appid> / DRAFT#<mediaId>   titles, body (gzip of the articles' JSON), createdAt,
 *                                      updatedAt, createdBy, lockedBy (a scheduled send), state
 * Eight articles of 20,000 characters each can pass DynamoDB's 400 KB item limit as text; gzipped
 * HTML is a fraction of that, so the articles are one compressed attribute.
 */
export interface StoredArticle {
  title: string;
  author: string;
  digest: string;
  content: string;
  contentSourceUrl: string;
  thumbMediaId: string;
  needOpenComment: boolean;
  onlyFansCanComment: boolean;
}

export type DraftState = 'draft' | 'published' | 'sent';

export interface DraftRecord {
  appid: string;
  mediaId: string;
  articles: StoredArticle[];
  createdAt: string;
  updatedAt: string;
  createdBy: { userId: string; username: string };
  state: DraftState;
  /** The scheduled send that holds this draft: it cannot change until that send runs or is cancelled. */
  lockedBy?: string;
}

export type DraftSummary = Omit<DraftRecord, 'articles'> & { titles: string[] };

export const draftKey = (appid: string, mediaId: string) => ({ pk: `DRAFTS#${appid}`, sk: `DRAFT#${mediaId}` });

const pack = (articles: StoredArticle[]) => gzipSync(Buffer.from(JSON.stringify(articles), 'utf8'));
const unpack = (body: Uint8Array): StoredArticle[] => JSON.parse(gunzipSync(body).toString('utf8')) as StoredArticle[];

/** What a draft weighs as an item (the caller refuses one DynamoDB would not take). */
export const packedSize = (articles: StoredArticle[]) => pack(articles).length;

const fromItem = (item: Record<string, any>): DraftRecord => ({
  appid: item['appid'],
  mediaId: item['mediaId'],
  articles: unpack(item['body']),
  createdAt: item['createdAt'],
  updatedAt: item['updatedAt'],
  createdBy: item['createdBy'],
  state: item['state'],
  ...(item['lockedBy'] ? { lockedBy: item['lockedBy'] } : {}),
});

export const putDraft = async (draft: DraftRecord): Promise<void> => {
  const { articles, ...rest } = draft;
  await db.send(
    new PutCommand({
      TableName: table(),
      Item: { ...draftKey(draft.appid, draft.mediaId), type: 'draft', ...rest, titles: articles.map((a) => a.title), body: pack(articles) },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
};

export const getDraftRecord = async (appid: string, mediaId: string): Promise<DraftRecord | undefined> => {
  const { Item } = await db.send(new GetCommand({ TableName: table(), Key: draftKey(appid, mediaId), ConsistentRead: true }));
  return Item ? fromItem(Item) : undefined;
};

/** The drafts still in the draft box, newest change first (an account has at most a few hundred). */
export const listDraftRecords = async (appid: string): Promise<DraftSummary[]> => {
  const items: Record<string, any>[] = [];
  let ExclusiveStartKey: Record<string, any> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :draft)',
        FilterExpression: '#state = :draft_state',
        ProjectionExpression: 'appid, mediaId, titles, createdAt, updatedAt, createdBy, #state, lockedBy',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':pk': `DRAFTS#${appid}`, ':draft': 'DRAFT#', ':draft_state': 'draft' },
        ...(ExclusiveStartKey ? { ExclusiveStartKey } : {}),
      }),
    );
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items
    .map((i) => ({ appid: i['appid'], mediaId: i['mediaId'], titles: i['titles'] ?? [], createdAt: i['createdAt'], updatedAt: i['updatedAt'], createdBy: i['createdBy'], state: i['state'], ...(i['lockedBy'] ? { lockedBy: i['lockedBy'] } : {}) }))
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
};

/** Why a conditional change of a draft failed: gone, held by a scheduled send, or changed meanwhile. */
const refusal = async (appid: string, mediaId: string, error: unknown): Promise<never> => {
  if (!isConditionFailure(error)) throw error;
  const now = await getDraftRecord(appid, mediaId);
  if (!now || now.state !== 'draft') throw new ItemNotFound(`mediaId: no draft ${mediaId} in this account's draft box`);
  if (now.lockedBy) throw new ItemConflict(`mediaId: the draft is held by the scheduled send ${now.lockedBy}; cancel it first`);
  throw new ItemConflict('mediaId: the draft changed meanwhile; reload it');
};

/** Replaces the articles, unless the draft is locked or changed since `expectedUpdatedAt`. */
export const replaceArticles = async (appid: string, mediaId: string, articles: StoredArticle[], expectedUpdatedAt: string, now: string): Promise<void> => {
  await db
    .send(
      new UpdateCommand({
        TableName: table(),
        Key: draftKey(appid, mediaId),
        UpdateExpression: 'SET body = :body, titles = :titles, updatedAt = :now',
        ConditionExpression: 'attribute_exists(pk) AND #state = :draft AND attribute_not_exists(lockedBy) AND updatedAt = :expected',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':body': pack(articles), ':titles': articles.map((a) => a.title), ':now': now, ':draft': 'draft', ':expected': expectedUpdatedAt },
      }),
    )
    .catch((error: unknown) => refusal(appid, mediaId, error));
};

/** Deletes our copy, unless a scheduled send holds it. */
export const deleteDraftRecord = async (appid: string, mediaId: string): Promise<void> => {
  await db
    .send(
      new DeleteCommand({
        TableName: table(),
        Key: draftKey(appid, mediaId),
        ConditionExpression: 'attribute_exists(pk) AND #state = :draft AND attribute_not_exists(lockedBy)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':draft': 'draft' },
      }),
    )
    .catch((error: unknown) => refusal(appid, mediaId, error));
};

/** Checks the draft can be checked before a send (for a transaction: the draft is in the box and not held). */
export const draftFreeCheck = (appid: string, mediaId: string) => ({
  ConditionCheck: {
    TableName: table(),
    Key: draftKey(appid, mediaId),
    ConditionExpression: 'attribute_exists(pk) AND #state = :draft AND attribute_not_exists(lockedBy)',
    ExpressionAttributeNames: { '#state': 'state' },
    ExpressionAttributeValues: { ':draft': 'draft' },
  },
});

/** Holds the draft for a scheduled send (a transaction item beside the send's). */
export const lockDraftWrite = (appid: string, mediaId: string, sendId: string) => ({
  Update: {
    TableName: table(),
    Key: draftKey(appid, mediaId),
    UpdateExpression: 'SET lockedBy = :send',
    ConditionExpression: 'attribute_exists(pk) AND #state = :draft AND attribute_not_exists(lockedBy)',
    ExpressionAttributeNames: { '#state': 'state' },
    ExpressionAttributeValues: { ':draft': 'draft', ':send': sendId },
  },
});

/** Lets the draft go again (the send was cancelled or failed), if this send holds it. */
export const unlockDraft = async (appid: string, mediaId: string, sendId: string): Promise<void> => {
  await db
    .send(
      new UpdateCommand({
        TableName: table(),
        Key: draftKey(appid, mediaId),
        UpdateExpression: 'REMOVE lockedBy',
        ConditionExpression: 'lockedBy = :send',
        ExpressionAttributeValues: { ':send': sendId },
      }),
    )
    .catch((error: unknown) => {
      if (!isConditionFailure(error)) throw error;
    });
};

/** The draft left WeChat's draft box (published or sent): kept, marked, no longer listed (an update for a transaction, no TableName). */
export const draftGoneUpdate = (appid: string, mediaId: string, state: 'published' | 'sent', sendId: string) => ({
  Key: draftKey(appid, mediaId),
  UpdateExpression: 'SET #state = :state, sentBy = :send REMOVE lockedBy',
  ConditionExpression: 'attribute_exists(pk)',
  ExpressionAttributeNames: { '#state': 'state' },
  ExpressionAttributeValues: { ':state': state, ':send': sendId },
});

export const markDraftGone = async (appid: string, mediaId: string, state: 'published' | 'sent', sendId: string): Promise<void> => {
  await db.send(new UpdateCommand({ TableName: table(), ...draftGoneUpdate(appid, mediaId, state, sendId) })).catch((error: unknown) => {
    if (!isConditionFailure(error)) throw error;
  });
};
