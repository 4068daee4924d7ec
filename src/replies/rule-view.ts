import type { ReplyRule } from './data/reply-rules';

/**
 * A rule as the API shows it, in the seed's listReply shape: `{type, reply, request, match}`.
 * Each listed `reply` is accepted back unchanged by addReply/updateReply: text shows its content as
 * the string the seed shows (`{type:'text', content:'…'}`), the other types `{type, content:{…}}`.
 */
export const ruleView = (rule: ReplyRule) => ({
  type: rule.reply.type,
  reply: rule.reply.type === 'text' ? { type: 'text' as const, content: rule.reply.content.content } : rule.reply,
  request: rule.keyword,
  match: rule.match,
  ...(rule.name ? { ruleName: rule.name } : {}),
  keywords: rule.keywords ?? [],
  version: rule.version,
  ...(rule.mediaMissing ? { mediaMissing: true as const } : {}),
});
