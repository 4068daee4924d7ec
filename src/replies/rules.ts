import { deleteRule, getRule, listContainsRules, listRules, putRule, type MatchMode, type ReplyRule } from '../data/reply-rules';
import { ValidationError } from '../http/errors';
import { validate } from '../http/validate';
import { contentInput, declaredType, normalizeKeyword, normalizeType, replyContent, replyTypes, type Reply, type ReplyType } from './reply-schema';

/** Reply rules: what the console manages and what the callback matches. */

/** Checks `reply` against `type`'s schema; errors name `reply.<field>`. */
export const parseReply = (typeInput: string, reply: unknown): Reply => {
  const type = normalizeType(typeInput) as ReplyType;
  if (!replyTypes.includes(type)) throw new ValidationError(`type: must be one of ${replyTypes.join(', ')}`);
  const named = declaredType(reply);
  if (named !== undefined && named !== type) throw new ValidationError(`reply.type: is ${named} but type is ${type}`);
  if (reply === undefined || reply === null || reply === '') throw new ValidationError('reply: is required');
  const schema = replyContent[type];
  try {
    return { type, content: validate(schema, contentInput(type, reply)) } as Reply;
  } catch (error) {
    if (error instanceof ValidationError) throw new ValidationError(`reply.${error.message.replace(/^body:/, 'content:')}`);
    throw error;
  }
};

export const saveRule = async (
  appid: string,
  input: { keyword: string; match: MatchMode; reply: Reply },
  mode: 'create' | 'replace',
): Promise<ReplyRule> => {
  const now = new Date().toISOString();
  const existing = mode === 'replace' ? await getRule(appid, normalizeKeyword(input.keyword)) : undefined;
  const rule: ReplyRule = {
    appid,
    keyword: input.keyword.trim(),
    match: input.keyword.startsWith('@') ? 'exact' : input.match,
    reply: input.reply,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
  await putRule(rule, normalizeKeyword(rule.keyword), mode);
  return rule;
};

export const removeRule = (appid: string, keyword: string) => deleteRule(appid, normalizeKeyword(keyword), keyword.trim());

export const pageOfRules = listRules;

/**
 * The rule answering a follower's text: the exact keyword by key, then `contains` rules (the
 * longest keyword wins, so "coffee beans" beats "coffee"), then `@default`.
 */
export const matchText = async (appid: string, text: string): Promise<ReplyRule | undefined> => {
  const normalized = normalizeKeyword(text);
  if (normalized && !normalized.startsWith('@')) {
    const exact = await getRule(appid, normalized);
    if (exact?.match === 'exact') return exact;
    const candidates = (await listContainsRules(appid)).filter((r) => normalized.includes(r.normalized));
    candidates.sort((a, b) => b.normalized.length - a.normalized.length || a.normalized.localeCompare(b.normalized));
    if (candidates[0]) return candidates[0];
  }
  return getRule(appid, '@default');
};

/** A new follower: the rule for the QR scene they came through, else `@subscribe`. */
export const matchSubscribe = async (appid: string, scene: string | undefined): Promise<ReplyRule | undefined> =>
  (scene ? await getRule(appid, normalizeKeyword(`@subscribe:${scene}`)) : undefined) ?? getRule(appid, '@subscribe');
