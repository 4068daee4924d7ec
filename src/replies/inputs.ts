import * as z from 'zod/mini';
import { appid } from '../core/http/schemas-mini';
import { keyword, matchMode, otherKeywords, replyField, replyTypes, ruleName, ruleVersion } from './reply-schema';

/**
 * Request schemas of the reply-rule endpoints. `request` is the seed's name for the keyword: the
 * rule's first keyword, which names it; `keywords` its others (WeChat's 关键词回复 has several per
 * rule), `ruleName` WeChat's 规则名称, `version` the one the editor loaded (40902 when it is stale).
 */
export const ReplyRuleInput = z.object({
  appid: z.optional(appid),
  type: z.enum([...replyTypes, 'vedio']),
  reply: replyField,
  request: keyword,
  match: matchMode,
  ruleName: z.optional(ruleName),
  keywords: z.optional(otherKeywords),
  version: z.optional(ruleVersion),
});

export const KeywordInput = z.object({ appid: z.optional(appid), request: keyword, version: z.optional(ruleVersion) });

export const ListRulesInput = z.object({
  appid: z.optional(appid),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 50),
  next: z.optional(z.string().check(z.maxLength(2048))),
  q: z.optional(z.string().check(z.trim(), z.maxLength(128))).check(
    z.meta({ description: 'only rules whose keyword or reply text contains this (case-insensitive); a page may then hold fewer than `limit` rules while `next` is given' }),
  ),
});

/** Import the back office's auto-replies: `preview` (the default) writes nothing; `import` adds the new rules. */
export const ImportAutoreplyInput = z.object({
  appid: z.optional(appid),
  mode: z._default(z.enum(['preview', 'import']), 'preview'),
});
