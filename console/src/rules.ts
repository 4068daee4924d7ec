import type { Reply, ReplyType } from '../../src/replies/reply-schema';
import { call } from './api';
import type { Rule } from './contract';
import { t } from './i18n';

/** Reply-rule helpers the list and the editor share. */
export const replyTypeList = ['text', 'image', 'voice', 'video', 'music', 'multitext'] as const satisfies readonly ReplyType[];

/**
 * listReply's `reply`, `{type, content}` of the rule's type (lib/contract's union is loose). A text
 * reply's content may be listed as the text itself (the seed's shape) or as `{content}`: both read
 * as `{content}` here.
 */
export const replyOf = (rule: Rule): Reply => {
  const reply = rule.reply as unknown as { type: ReplyType; content: unknown };
  if (reply.type === 'text' && typeof reply.content === 'string') return { type: 'text', content: { content: reply.content } };
  return reply as Reply;
};

/**
 * Every rule of the account, or with `q` every rule the API finds for it (listReply filters on the
 * server: keyword or reply text, case-insensitive): listReply pages through a cursor; the console
 * holds the result and pages it locally.
 */
export const loadAllRules = async (appid: string, q = ''): Promise<Rule[]> => {
  const rules: Rule[] = [];
  let next: string | undefined;
  do {
    const page = await call('replies.list', { appid, limit: 100, ...(q.trim() ? { q: q.trim() } : {}), ...(next ? { next } : {}) });
    rules.push(...page.rules);
    next = page.next;
  } while (next);
  return rules;
};

/**
 * One line describing a reply, in words (a media id means nothing to a person: a material is
 * named by its file where a page can resolve it, components/MaterialName.tsx; here by its kind).
 */
export const summarize = (reply: Reply): string => {
  switch (reply.type) {
    case 'text':
      return reply.content.content;
    case 'image':
    case 'voice':
      return `[${t(`type.${reply.type}`)}]`;
    case 'video':
      return `[${t('type.video')}]${reply.content.title ? ` ${reply.content.title}` : ''}`;
    case 'music':
      return `[${t('type.music')}] ${reply.content.title}`;
    case 'multitext':
      return `[${t('type.multitext')}] ${reply.content.articles.map((a) => a.title).join(' / ')}`;
  }
};
