import {
  createRule,
  deleteRule,
  getRule,
  keywordField,
  keywordsOf,
  KeywordTaken,
  listRules,
  replaceRule,
  RuleChanged,
  searchRules,
  type MatchMode,
  type ReplyRule,
  type RuleKeyword,
} from './data/reply-rules';
import { ConflictError, NotFoundError, StaleVersionError, ValidationError } from '../core/errors';
import { validate } from '../core/http/validate';
import { contentInput, declaredType, normalizeKeyword, normalizeType, replyContent, replyTypes, type Reply, type ReplyType } from './reply-schema';
import './rule-texts';

/** Reply rules: what the console manages and what the callback matches. */

/** Checks `reply` against `type`'s schema; errors name `reply.<field>`. */
export const parseReply = (typeInput: string, reply: unknown): Reply => {
  const type = normalizeType(typeInput) as ReplyType;
  if (!replyTypes.includes(type)) {
    throw new ValidationError(`type: must be one of ${replyTypes.join(', ')}`, { problem: { field: 'type', rule: 'oneOf', limit: replyTypes.join('、') } });
  }
  const named = declaredType(reply);
  if (named !== undefined && named !== type) {
    throw new ValidationError(`reply.type: is ${named} but type is ${type}`, { problem: { field: 'reply.type', rule: 'reply.typeMismatch', limit: type, given: named } });
  }
  if (reply === undefined || reply === null || reply === '') throw new ValidationError('reply: is required', { problem: { field: 'reply', rule: 'required' } });
  const schema = replyContent[type];
  try {
    return { type, content: validate(schema, contentInput(type, reply)) } as Reply;
  } catch (error) {
    if (error instanceof ValidationError) {
      // The content's schema knows its fields from the content down: they sit under `reply`.
      const inner = error.problem.field;
      const field = !inner || inner === 'body' ? 'reply.content' : `reply.${inner}`;
      throw new ValidationError(`reply.${error.message.replace(/^body:/, 'content:')}`, { problem: { ...error.problem, field } });
    }
    throw error;
  }
};

export interface RuleInput {
  keyword: string;
  match: MatchMode;
  reply: Reply;
  name?: string | undefined;
  keywords?: RuleKeyword[] | undefined;
  /** The version the editor loaded: a save over a newer one is refused (absent: the seed's clients, last write wins). */
  version?: number | undefined;
}

/** A rule's keywords are distinct, and the reserved ones (@subscribe, @default) stand alone. */
const checkKeywords = (input: RuleInput): void => {
  if (input.keyword.trim().startsWith('@') && input.keywords?.length) {
    throw new ValidationError('keywords: @subscribe and @default rules have no other keywords', { problem: { field: 'keywords', rule: 'reply.reservedAlone', given: input.keyword.trim() } });
  }
  const seen = new Set<string>();
  keywordsOf(input).forEach((k, index) => {
    if (seen.has(k.normalized)) {
      throw new ValidationError(`${keywordField(index)}: "${k.keyword}" is twice in this rule`, { problem: { field: keywordField(index), rule: 'reply.keywordTwice', given: k.keyword.trim() } });
    }
    seen.add(k.normalized);
  });
};

const stale = (keyword: string, stored: number, sent: number | undefined) =>
  new StaleVersionError(`version: the rule for "${keyword}" was changed elsewhere (version ${stored}, yours ${sent ?? '-'}): reload it`, { field: 'version', rule: 'reply.changedElsewhere', limit: stored, given: sent }, stored);

/** The data layer's refusals in the words of the request: which keyword is taken, which version is stale. */
const refusal = async (error: unknown, appid: string, keyword: string, sent: number | undefined): Promise<never> => {
  if (error instanceof KeywordTaken) throw new ConflictError(error.message, { field: error.field, rule: 'reply.keywordTaken', given: error.keyword.trim() });
  if (error instanceof RuleChanged) throw stale(keyword, (await getRule(appid, normalizeKeyword(keyword)))?.version ?? error.version, sent);
  throw error;
};

const tidyKeywords = (keywords: RuleKeyword[] | undefined): RuleKeyword[] | undefined =>
  keywords?.length ? keywords.map((k) => ({ keyword: k.keyword.trim(), match: k.match })) : undefined;

/** The rule as stored: reserved keywords always match exactly; empty name and keywords left out. */
const ruleOf = (appid: string, input: RuleInput, version: number, createdAt: string, now: string): ReplyRule => {
  const keywords = tidyKeywords(input.keywords);
  const name = input.name?.trim();
  return {
    appid,
    ...(name ? { name } : {}),
    keyword: input.keyword.trim(),
    match: input.keyword.trim().startsWith('@') ? 'exact' : input.match,
    ...(keywords ? { keywords } : {}),
    reply: input.reply,
    version,
    createdAt,
    updatedAt: now,
  };
};

/** Tries before a save without a version gives up on a rule others keep saving. */
const maxReplaceAttempts = 3;

export const saveRule = async (appid: string, input: RuleInput, mode: 'create' | 'replace'): Promise<ReplyRule> => {
  checkKeywords(input);
  const now = new Date().toISOString();
  if (mode === 'create') {
    const rule = ruleOf(appid, input, 1, now, now);
    await createRule(rule).catch((error: unknown) => refusal(error, appid, rule.keyword, input.version));
    return rule;
  }
  for (let attempt = 1; ; attempt++) {
    const existing = await getRule(appid, normalizeKeyword(input.keyword));
    if (!existing) throw new NotFoundError(`request: no rule for "${input.keyword.trim()}"`);
    if (input.version !== undefined && input.version !== existing.version) throw stale(existing.keyword, existing.version, input.version);
    const rule = ruleOf(appid, input, existing.version + 1, existing.createdAt, now);
    try {
      await replaceRule(rule, existing);
      return rule;
    } catch (error) {
      // Without a version the seed's clients keep their last-write-wins: read again and retry.
      if (error instanceof RuleChanged && input.version === undefined && attempt < maxReplaceAttempts) continue;
      return refusal(error, appid, rule.keyword, input.version);
    }
  }
};

export const removeRule = async (appid: string, keyword: string, version?: number): Promise<void> => {
  for (let attempt = 1; ; attempt++) {
    const existing = await getRule(appid, normalizeKeyword(keyword));
    if (!existing) throw new NotFoundError(`request: no rule for "${keyword.trim()}"`);
    if (version !== undefined && version !== existing.version) throw stale(existing.keyword, existing.version, version);
    try {
      await deleteRule(existing);
      return;
    } catch (error) {
      if (error instanceof RuleChanged && version === undefined && attempt < maxReplaceAttempts) continue;
      return refusal(error, appid, existing.keyword, version);
    }
  }
};

export const pageOfRules = listRules;
export { searchRules };

/**
 * What the owner should know about a rule as WeChat will deliver it (issue: news replies). Since
 * 2018 WeChat shows only the first article of a passive news reply to a follower's message; all
 * of them (up to 8) only when answering an event (subscribe, menu click).
 */
export const ruleWarnings = (reply: Reply): string[] =>
  reply.type === 'multitext' && reply.content.articles.length > 1
    ? [
        `reply: WeChat shows only the first of these ${reply.content.articles.length} articles when the rule answers a follower's message ` +
          '(text, image, voice, video, location, link); all of them only when it answers an event (@subscribe, a menu click)',
      ]
    : [];
