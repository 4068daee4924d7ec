import type { ReplyRule } from '../data/reply-rules';

/** A rule as the API shows it, in the seed's listReply shape: `{type, reply, request, match}`. */
export const ruleView = (rule: ReplyRule) => ({
  type: rule.reply.type,
  reply: rule.reply,
  request: rule.keyword,
  match: rule.match,
});
