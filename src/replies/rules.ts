import { deleteRule, getRule, listRules, putRule, searchRules, type MatchMode, type ReplyRule } from './data/reply-rules';
import { ValidationError } from '../core/errors';
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
