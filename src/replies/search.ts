import type { ReplyRule } from './data/reply-rules';
import { normalizeKeyword, type Reply } from './reply-schema';

/**
 * listReply's `q`: a rule is found by its keyword or by the words of its reply (a text's content,
 * a title or description, a media id), compared as keywords are (NFKC, case folded), anywhere in
 * the text. Pure, so the list can filter while it pages.
 */
const replyWords = (reply: Reply): string[] => {
  switch (reply.type) {
    case 'text':
      return [reply.content.content];
    case 'image':
    case 'voice':
      return [reply.content.mediaId];
    case 'video':
      return [reply.content.title, reply.content.description, reply.content.mediaId];
    case 'music':
      return [reply.content.title, reply.content.description];
    case 'multitext':
      return reply.content.articles.flatMap((a) => [a.title, a.description ?? '']);
  }
};

export const ruleMatcher = (q: string): ((rule: ReplyRule) => boolean) => {
  const needle = normalizeKeyword(q);
  return (rule) => [rule.keyword, ...replyWords(rule.reply)].some((text) => normalizeKeyword(text ?? '').includes(needle));
};
