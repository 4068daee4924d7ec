import { randomUUID } from 'node:crypto';
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { InvalidReference, ItemConflict, ItemNotFound } from '../../core/data/errors';
import type { Reply } from '../reply-schema';
import { normalizeKeyword } from '../keywords';
import { accountKey } from '../../core/data/accounts';
import { cancellationReasons, db, isConditionFailure, queryAll, table } from '../../core/data/client';
import '../rule-texts';

/**
 * Reply rules of one official account. A rule is keyed by its first keyword (the seed's `request`);
 * WeChat's 关键词回复 gives a rule several keywords, the others are claimed one item each, so no
 * keyword belongs to two rules (every write checks both kinds of key in its transaction):
 *   RULES#<appid> / RULE#<normalized first keyword>   name, keyword, match, keywords, reply, version
 *   RULES#<appid> / KEYWORD#<normalized keyword>      rule: the first keyword's normalized form
 * `version` counts the rule's saves: a save naming an older one is refused (40902), so two editors
 * never overwrite each other silently.
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

export interface RuleKeyword {
  keyword: string;
  match: MatchMode;
}

export interface ReplyRule {
  appid: string;
  /** WeChat's 规则名称 (optional here: the seed's rules have none). */
  name?: string;
  /** The first keyword, as the owner wrote it (trimmed): the rule's key. */
  keyword: string;
  match: MatchMode;
  /** The rule's other keywords (WeChat's 关键词回复 has several per rule). */
  keywords?: RuleKeyword[];
  reply: Reply;
  /** Saves so far (rules from before versions read as 0). */
  version: number;
  /** The media id of its reply, deleted from the account's materials (the rule is shown marked until edited). */
  mediaMissing?: string;
  createdAt: string;
  updatedAt: string;
}

/** A rule was saved (or deleted) since the version the caller read (`version` is the stored one). */
export class RuleChanged extends ItemConflict {
  override name = 'RuleChanged';
  constructor(
    message: string,
    readonly version: number,
  ) {
    super(message);
  }
}

/** A keyword already belongs to a rule: `field` is where the caller sent it. */
export class KeywordTaken extends ItemConflict {
  override name = 'KeywordTaken';
  constructor(
    readonly field: string,
    readonly keyword: string,
  ) {
    super(`${field}: "${keyword}" is a keyword of another rule`, { rule: 'reply.keywordTaken' });
  }
}

export const ruleKey = (appid: string, normalizedKeyword: string) => ({ pk: `RULES#${appid}`, sk: `RULE#${normalizedKeyword}` });

export const keywordKey = (appid: string, normalizedKeyword: string) => ({ pk: `RULES#${appid}`, sk: `KEYWORD#${normalizedKeyword}` });

export const ruleItem = (rule: ReplyRule, normalized: string) => ({
  ...ruleKey(rule.appid, normalized),
  type: 'replyRule',
  ...rule,
});

const fromItem = (item: Record<string, any>): ReplyRule => ({
  appid: item['appid'],
  ...(item['name'] ? { name: item['name'] } : {}),
  keyword: item['keyword'],
  match: item['match'],
  ...(Array.isArray(item['keywords']) && item['keywords'].length ? { keywords: item['keywords'] } : {}),
  reply: item['reply'],
  version: typeof item['version'] === 'number' ? item['version'] : 0,
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

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** One item of a rule write, and the refusal its failed condition means. */
interface Guarded {
  item: TransactItem;
  refused: () => Error;
}

/**
 * Runs a rule write with the account's version bump. A transaction conflict (another write to the
 * same account at the same moment) is retried; a failed condition is answered by its item's refusal.
 */
const writeWithVersion = async (appid: string, writes: Guarded[]): Promise<void> => {
  for (let attempt = 0; ; attempt++) {
    try {
      await db.send(new TransactWriteCommand({ TransactItems: [...writes.map((w) => w.item), bumpVersion(appid)] }));
      return;
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (!reasons) throw error;
      const failed = reasons.findIndex((r) => r === 'ConditionalCheckFailed');
      if (failed >= 0 && failed < writes.length) throw writes[failed]!.refused();
      if (failed === writes.length) throw new ItemNotFound(`appid: ${appid} is not linked`);
      if (reasons.includes('TransactionConflict') && attempt < 4) {
        await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt * Math.random()));
        continue;
      }
      throw error;
    }
  }
};

/** Where each keyword of a rule was sent: the first is `request`, the others `keywords[i].keyword`. */
export const keywordField = (index: number) => (index === 0 ? 'request' : `keywords[${index - 1}].keyword`);

/** Claims a keyword for a rule: neither another rule's first keyword nor another rule's claim. */
const claim = (appid: string, owner: string, normalized: string, index: number, keyword: string): Guarded[] => {
  const taken = () => new KeywordTaken(keywordField(index), keyword);
  const ruleFree: Guarded = {
    item: { ConditionCheck: { TableName: table(), Key: ruleKey(appid, normalized), ConditionExpression: 'attribute_not_exists(pk)' } },
    refused: taken,
  };
  const claimFree: Guarded = {
    item: {
      Put: {
        TableName: table(),
        Item: { ...keywordKey(appid, normalized), type: 'replyKeyword', rule: owner },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    refused: taken,
  };
  // The first keyword's own rule item is its claim; only other rules' claims must be absent.
  if (index === 0) return [{ item: { ConditionCheck: { TableName: table(), Key: keywordKey(appid, normalized), ConditionExpression: 'attribute_not_exists(pk)' } }, refused: taken }];
  return [ruleFree, claimFree];
};

const release = (appid: string, owner: string, normalized: string, version: number): Guarded => ({
  item: {
    Delete: { TableName: table(), Key: keywordKey(appid, normalized), ConditionExpression: '#rule = :owner', ExpressionAttributeNames: { '#rule': 'rule' }, ExpressionAttributeValues: { ':owner': owner } },
  },
  // Only a concurrent save of the same rule moves its claims.
  refused: () => new RuleChanged(`request: the rule was changed elsewhere`, version),
});

/** The rule's keywords, first one first, normalized. */
export const keywordsOf = (rule: Pick<ReplyRule, 'keyword' | 'match' | 'keywords'>): (RuleKeyword & { normalized: string })[] =>
  [{ keyword: rule.keyword, match: rule.match }, ...(rule.keywords ?? [])].map((k) => ({ ...k, normalized: normalizeKeyword(k.keyword) }));

/** A new rule with its keywords' claims (40900 naming the first keyword another rule holds). */
export const createRule = (rule: ReplyRule): Promise<void> => {
  const owner = normalizeKeyword(rule.keyword);
  const keywords = keywordsOf(rule);
  return writeWithVersion(rule.appid, [
    {
      item: { Put: { TableName: table(), Item: ruleItem(rule, owner), ConditionExpression: 'attribute_not_exists(pk)' } },
      refused: () => new ItemConflict(`request: a rule for "${rule.keyword}" exists already`, { rule: 'reply.keywordExists' }),
    },
    ...keywords.flatMap((k, index) => claim(rule.appid, owner, k.normalized, index, k.keyword)),
  ]);
};

/**
 * Replaces a rule read at `previous` (its version unchanged since, else RuleChanged): its other
 * keywords' claims follow, those dropped released, those added claimed.
 */
export const replaceRule = (rule: ReplyRule, previous: ReplyRule): Promise<void> => {
  const owner = normalizeKeyword(rule.keyword);
  const before = new Set(keywordsOf(previous).slice(1).map((k) => k.normalized));
  const after = keywordsOf(rule);
  const kept = new Set(after.slice(1).map((k) => k.normalized));
  return writeWithVersion(rule.appid, [
    {
      item: {
        Put: {
          TableName: table(),
          Item: ruleItem(rule, owner),
          ConditionExpression: previous.version === 0 ? 'attribute_exists(pk) AND attribute_not_exists(#version)' : '#version = :version',
          ExpressionAttributeNames: { '#version': 'version' },
          ...(previous.version === 0 ? {} : { ExpressionAttributeValues: { ':version': previous.version } }),
        },
      },
      refused: () => new RuleChanged(`request: the rule for "${rule.keyword}" was changed elsewhere`, previous.version),
    },
    ...[...before].filter((n) => !kept.has(n)).map((n) => release(rule.appid, owner, n, previous.version)),
    ...after.flatMap((k, index) => (index > 0 && !before.has(k.normalized) ? claim(rule.appid, owner, k.normalized, index, k.keyword) : [])),
  ]);
};

export const getRule = async (appid: string, normalized: string): Promise<ReplyRule | undefined> => {
  const { Item } = await db.send(new GetCommand({ TableName: table(), Key: ruleKey(appid, normalized), ConsistentRead: true }));
  return Item ? fromItem(Item) : undefined;
};

/** Deletes a rule read at `previous`, with its keywords' claims. */
export const deleteRule = (previous: ReplyRule): Promise<void> => {
  const owner = normalizeKeyword(previous.keyword);
  return writeWithVersion(previous.appid, [
    {
      item: {
        Delete: {
          TableName: table(),
          Key: ruleKey(previous.appid, owner),
          ConditionExpression: previous.version === 0 ? 'attribute_exists(pk) AND attribute_not_exists(#version)' : '#version = :version',
          ExpressionAttributeNames: { '#version': 'version' },
          ...(previous.version === 0 ? {} : { ExpressionAttributeValues: { ':version': previous.version } }),
        },
      },
      refused: () => new RuleChanged(`request: the rule for "${previous.keyword}" was changed elsewhere`, previous.version),
    },
    ...keywordsOf(previous)
      .slice(1)
      .map((k) => release(previous.appid, owner, k.normalized, previous.version)),
  ]);
};

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

/** Every rule of an account, whole, with its key's normalized keyword (consistent read). */
export const loadRules = async (appid: string): Promise<(ReplyRule & { normalized: string })[]> =>
  (
    await queryAll({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :rule)',
      ExpressionAttributeValues: { ':pk': `RULES#${appid}`, ':rule': 'RULE#' },
      ConsistentRead: true,
    })
  ).map((item) => ({ ...fromItem(item), normalized: String(item['sk']).slice('RULE#'.length) }));

/**
 * Every keyword of every rule of an account, ready to compile (consistent: read after the
 * account's version). A rule with several keywords gives one entry per keyword, all sharing its reply.
 */
export const loadAllRules = async (appid: string): Promise<{ normalized: string; match: MatchMode; reply: Reply }[]> =>
  (await loadRules(appid)).flatMap((rule) => keywordsOf(rule).map((k, index) => ({ normalized: index === 0 ? rule.normalized : k.normalized, match: k.match, reply: rule.reply })));

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
