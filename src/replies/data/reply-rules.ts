import { randomUUID } from 'node:crypto';
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { InvalidReference, ItemConflict, ItemNotFound } from '../../core/data/errors';
import type { Reply } from '../reply-schema';
import { accountKey } from '../../core/data/accounts';
import { cancellationReasons, db, isConditionFailure, queryAll, table } from '../../core/data/client';

/**
 * Reply rules of one official account, keyed by the normalized keyword (one rule per keyword).
 *   RULES#<appid> / RULE#<normalized keyword>   keyword, match, reply
 *
 * The callback does not read rules per message: it compiles an account's whole rule set once per
 * container and reuses it while the account's `rulesVersion` is unchanged. So every rule write
 * bumps that version IN THE SAME TRANSACTION as the rule itself: a reader that sees version V
 * (consistent GetItem) and then loads the rules (consistent Query) sees every write up to V, and
 * perhaps later ones, which it tags V and reloads once more on the next message. A cached set can
 * therefore be newer than its tag, never older. Two writers racing on one account both commit
 * (DynamoDB serializes the transactions on the account item; a conflict is retried here) and
 * each sets a new version.
 */
export type MatchMode = 'exact' | 'contains';

export interface ReplyRule {
  appid: string;
  /** As the owner wrote it (trimmed). */
  keyword: string;
  match: MatchMode;
  reply: Reply;
  /** The media id of its reply, deleted from the account's materials (the rule is shown marked until edited). */
  mediaMissing?: string;
  createdAt: string;
  updatedAt: string;
}

export const ruleKey = (appid: string, normalizedKeyword: string) => ({ pk: `RULES#${appid}`, sk: `RULE#${normalizedKeyword}` });

export const ruleItem = (rule: ReplyRule, normalized: string) => ({
  ...ruleKey(rule.appid, normalized),
  type: 'replyRule',
  ...rule,
});

const fromItem = (item: Record<string, any>): ReplyRule => ({
  appid: item['appid'],
  keyword: item['keyword'],
  match: item['match'],
  reply: item['reply'],
  ...(item['mediaMissing'] ? { mediaMissing: item['mediaMissing'] } : {}),
  createdAt: item['createdAt'],
  updatedAt: item['updatedAt'],
});

/**
 * The account's version bump that goes with every rule write (the account must still exist). A
 * fresh random value rather than a counter: an account item rewritten whole (re-authorization)
 * loses the attribute, and a counter starting over could meet a version a container cached long
 * ago; a value never seen before cannot.
 */
const bumpVersion = (appid: string) => ({
  Update: {
    TableName: table(),
    Key: accountKey(appid),
    UpdateExpression: 'SET rulesVersion = :version',
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeValues: { ':version': randomUUID() },
  },
});

/**
 * Runs a rule write with its version bump. A transaction conflict (another write to the same
 * account at the same moment) is retried; a failed condition is answered by `refused`.
 */
const writeWithVersion = async (
  appid: string,
  write: NonNullable<TransactWriteCommandInput['TransactItems']>[number],
  refused: () => Error,
): Promise<void> => {
  for (let attempt = 0; ; attempt++) {
    try {
      await db.send(new TransactWriteCommand({ TransactItems: [write, bumpVersion(appid)] }));
      return;
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (!reasons) throw error;
      if (reasons[0] === 'ConditionalCheckFailed') throw refused();
      if (reasons[1] === 'ConditionalCheckFailed') throw new ItemNotFound(`appid: ${appid} is not linked`);
      if (reasons.includes('TransactionConflict') && attempt < 4) {
        await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt * Math.random()));
        continue;
      }
      throw error;
    }
  }
};

export const putRule = (rule: ReplyRule, normalized: string, mode: 'create' | 'replace'): Promise<void> =>
  writeWithVersion(
    rule.appid,
    {
      Put: {
        TableName: table(),
        Item: ruleItem(rule, normalized),
        ConditionExpression: mode === 'create' ? 'attribute_not_exists(pk)' : 'attribute_exists(pk)',
      },
    },
    () =>
      mode === 'create'
        ? new ItemConflict(`request: a rule for "${rule.keyword}" exists already`, { rule: 'reply.keywordExists' })
        : new ItemNotFound(`request: no rule for "${rule.keyword}"`),
  );

export const getRule = async (appid: string, normalized: string): Promise<ReplyRule | undefined> => {
  const { Item } = await db.send(new GetCommand({ TableName: table(), Key: ruleKey(appid, normalized) }));
  return Item ? fromItem(Item) : undefined;
};

export const deleteRule = (appid: string, normalized: string, keyword: string): Promise<void> =>
  writeWithVersion(
    appid,
    { Delete: { TableName: table(), Key: ruleKey(appid, normalized), ConditionExpression: 'attribute_exists(pk)' } },
    () => new ItemNotFound(`request: no rule for "${keyword}"`),
  );

/**
 * Marks a rule whose reply's material was deleted. Not a rule write for the callback (what it
 * sends is unchanged), so no version bump; a later edit rewrites the item whole, without the mark.
 */
export const markMediaMissing = async (appid: string, normalized: string, mediaId: string): Promise<void> => {
  try {
    await db.send(
      new UpdateCommand({
        TableName: table(),
        Key: ruleKey(appid, normalized),
        UpdateExpression: 'SET mediaMissing = :media',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':media': mediaId },
      }),
    );
  } catch (error) {
    // Deleted meanwhile: nothing left to mark.
    if (!isConditionFailure(error)) throw error;
  }
};

/** Every rule of an account, for compiling (consistent: read after the account's version). */
export const loadAllRules = async (appid: string): Promise<(ReplyRule & { normalized: string })[]> =>
  (
    await queryAll({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :rule)',
      ExpressionAttributeValues: { ':pk': `RULES#${appid}`, ':rule': 'RULE#' },
      ConsistentRead: true,
    })
  ).map((item) => ({ ...fromItem(item), normalized: String(item['sk']).slice('RULE#'.length) }));

const encodeCursor = (key: Record<string, unknown>) => Buffer.from(JSON.stringify(key)).toString('base64url');

const decodeCursor = (cursor: string, appid: string): Record<string, unknown> => {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (key['pk'] === `RULES#${appid}` && typeof key['sk'] === 'string' && Object.keys(key).length === 2) return key;
  } catch {
    // answered below
  }
  throw new InvalidReference('next: not a cursor this list gave out');
};

/** One page of an account's rules in keyword order; `next` continues it. */
export const listRules = async (appid: string, limit: number, cursor?: string): Promise<{ rules: ReplyRule[]; next?: string }> => {
  const page = await db.send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :rule)',
      ExpressionAttributeValues: { ':pk': `RULES#${appid}`, ':rule': 'RULE#' },
      Limit: limit,
      ...(cursor ? { ExclusiveStartKey: decodeCursor(cursor, appid) } : {}),
    }),
  );
  return {
    rules: (page.Items ?? []).map(fromItem),
    ...(page.LastEvaluatedKey ? { next: encodeCursor(page.LastEvaluatedKey) } : {}),
  };
};

/**
 * One page of the rules `keep` accepts, in keyword order. DynamoDB cannot filter on a folded,
 * normalized text, so pages are read and filtered here until `limit` rules are found or `maxRead`
 * rules were looked at; `next` then continues right after the last rule looked at, so a page may
 * hold fewer than `limit` rules (even none) while `next` is still given, as with DynamoDB's own
 * filters. `maxRead` bounds the cost of one request on an account with many rules.
 */
export const searchRules = async (
  appid: string,
  keep: (rule: ReplyRule) => boolean,
  limit: number,
  cursor?: string,
  maxRead = 500,
): Promise<{ rules: ReplyRule[]; next?: string }> => {
  const rules: ReplyRule[] = [];
  let start = cursor ? decodeCursor(cursor, appid) : undefined;
  let read = 0;
  while (true) {
    const page = await db.send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :rule)',
        ExpressionAttributeValues: { ':pk': `RULES#${appid}`, ':rule': 'RULE#' },
        Limit: Math.min(100, maxRead - read),
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      read++;
      const rule = fromItem(item);
      if (keep(rule)) rules.push(rule);
      const last = { pk: item['pk'], sk: item['sk'] };
      const more = item !== page.Items!.at(-1) || page.LastEvaluatedKey !== undefined;
      if ((rules.length === limit || read >= maxRead) && more) return { rules, next: encodeCursor(last) };
    }
    if (!page.LastEvaluatedKey) return { rules };
    start = page.LastEvaluatedKey;
  }
};
