import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError, ValidationError } from '../http/errors';
import type { Reply } from '../replies/reply-schema';
import { db, isConditionFailure, queryAll, table } from './client';
import { tableDesign } from './table-design';

/**
 * Reply rules of one official account, keyed by the normalized keyword so an exact match is one
 * GetItem however many rules there are. `contains` rules also sit in a sparse gsi1 partition, so
 * matching reads only them.
 *   RULES#<appid> / RULE#<normalized keyword>   keyword, match, reply
 *   contains only: gsi1pk CONTAINS#<appid>, gsi1sk RULE#<normalized keyword>
 */
export type MatchMode = 'exact' | 'contains';

export interface ReplyRule {
  appid: string;
  /** As the owner wrote it (trimmed). */
  keyword: string;
  match: MatchMode;
  reply: Reply;
  createdAt: string;
  updatedAt: string;
}

const gsi = tableDesign.indexes.gsi1;
export const ruleKey = (appid: string, normalizedKeyword: string) => ({ pk: `RULES#${appid}`, sk: `RULE#${normalizedKeyword}` });

export const ruleItem = (rule: ReplyRule, normalized: string) => ({
  ...ruleKey(rule.appid, normalized),
  type: 'replyRule',
  ...rule,
  ...(rule.match === 'contains' ? { [gsi.partitionKey]: `CONTAINS#${rule.appid}`, [gsi.sortKey]: `RULE#${normalized}` } : {}),
});

const fromItem = (item: Record<string, any>): ReplyRule => ({
  appid: item['appid'],
  keyword: item['keyword'],
  match: item['match'],
  reply: item['reply'],
  createdAt: item['createdAt'],
  updatedAt: item['updatedAt'],
});

export const putRule = async (rule: ReplyRule, normalized: string, mode: 'create' | 'replace'): Promise<void> => {
  try {
    await db.send(
      new PutCommand({
        TableName: table(),
        Item: ruleItem(rule, normalized),
        ConditionExpression: mode === 'create' ? 'attribute_not_exists(pk)' : 'attribute_exists(pk)',
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    throw mode === 'create'
      ? new ConflictError(`request: a rule for "${rule.keyword}" exists already`)
      : new NotFoundError(`request: no rule for "${rule.keyword}"`);
  }
};

export const getRule = async (appid: string, normalized: string): Promise<ReplyRule | undefined> => {
  const { Item } = await db.send(new GetCommand({ TableName: table(), Key: ruleKey(appid, normalized) }));
  return Item ? fromItem(Item) : undefined;
};

export const deleteRule = async (appid: string, normalized: string, keyword: string): Promise<void> => {
  try {
    await db.send(new DeleteCommand({ TableName: table(), Key: ruleKey(appid, normalized), ConditionExpression: 'attribute_exists(pk)' }));
  } catch (error) {
    if (isConditionFailure(error)) throw new NotFoundError(`request: no rule for "${keyword}"`);
    throw error;
  }
};

/** The `contains` rules of an account (the sparse index holds only those). */
export const listContainsRules = async (appid: string): Promise<(ReplyRule & { normalized: string })[]> =>
  (
    await queryAll({
      TableName: table(),
      IndexName: gsi.name,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': gsi.partitionKey },
      ExpressionAttributeValues: { ':pk': `CONTAINS#${appid}` },
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
  throw new ValidationError('next: not a cursor this list gave out');
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
