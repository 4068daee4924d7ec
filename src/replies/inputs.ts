import * as z from 'zod';
import { appid } from '../http/schemas';
import { keyword, matchMode, replyField, replyTypes } from './reply-schema';

/** Request schemas of the reply-rule endpoints (`request` is the seed's name for the keyword). */
export const ReplyRuleInput = z.object({
  appid: appid.optional(),
  type: z.enum([...replyTypes, 'vedio']),
  reply: replyField,
  request: keyword,
  match: matchMode,
});

export const KeywordInput = z.object({ appid: appid.optional(), request: keyword });

export const ListRulesInput = z.object({
  appid: appid.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  next: z.string().max(2048).optional(),
  q: z
    .string()
    .trim()
    .max(128)
    .optional()
    .meta({ description: 'only rules whose keyword or reply text contains this (case-insensitive); a page may then hold fewer than `limit` rules while `next` is given' }),
});
