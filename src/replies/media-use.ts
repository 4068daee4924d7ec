import type { Reply } from './reply-schema';
import { loadRules, markMediaMissing } from './data/reply-rules';

/**
 * Which reply rules send a given permanent material (issue 23 item 4): deleting a material those
 * rules use would leave them sending a dead media id, which WeChat drops without a word to the
 * follower. Read from the rules themselves (one Query of the account's rules), so materials
 * uploaded here or in WeChat's back office count alike.
 */
export const mediaIdsOf = (reply: Reply): string[] => {
  switch (reply.type) {
    case 'image':
    case 'voice':
    case 'video':
      return [reply.content.mediaId];
    case 'music':
      return [reply.content.thumbMediaId];
    default:
      return [];
  }
};

export interface RuleUsingMedia {
  keyword: string;
  type: Reply['type'];
  normalized: string;
}

export const rulesUsingMedia = async (appid: string, mediaId: string): Promise<RuleUsingMedia[]> =>
  (await loadRules(appid))
    .filter((rule) => mediaIdsOf(rule.reply).includes(mediaId))
    .map((rule) => ({ keyword: rule.keyword, type: rule.reply.type, normalized: rule.normalized }));

export const markRulesMediaMissing = async (appid: string, rules: RuleUsingMedia[], mediaId: string): Promise<void> => {
  for (const rule of rules) await markMediaMissing(appid, rule.normalized, mediaId);
};
