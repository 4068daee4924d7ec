import * as z from 'zod/mini';
import { appid } from '../core/http/schemas-mini';
import { keyword, matchMode, replyField, replyTypes } from './reply-schema';

/** Request schemas of the reply-rule endpoints (`request` is the seed's name for the keyword). */
export const ReplyRuleInput = z.object({
  appid: z.optional(appid),
  type: z.enum([...replyTypes, 'vedio']),
  reply: replyField,
  request: keyword,
  match: matchMode,
});

export const KeywordInput = z.object({ appid: z.optional(appid), request: keyword });

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
