import * as z from 'zod';
import { okBody, OkOnly } from '../core/http/outputs';
import { ImportAutoreplyInput, KeywordInput, ListRulesInput, ReplyRuleInput } from './inputs';
import { replyContent, replyTypes } from './reply-schema';
import { noteCodes } from './import-notes';
import { ErrorCode as E } from '../core/errors';
import type { ContractSpec } from '../core/contract';
import type { repliesRoutes } from './routes';

/** Answers of the reply-rule endpoints: rules in the seed's listReply shape. */

/**
 * A reply as the API lists it, `{type, content}`, accepted back unchanged by add/updateReply; a
 * text's `content` is the text itself, as the seed shows it.
 */
export const replyShape = z.discriminatedUnion(
  'type',
  replyTypes.map((type) =>
    z.object({ type: z.literal(type), content: type === 'text' ? replyContent.text.shape.content : replyContent[type] }),
  ) as unknown as [
    z.ZodObject<{ type: z.ZodLiteral<string> }>,
    ...z.ZodObject<{ type: z.ZodLiteral<string> }>[],
  ],
);

export const ruleShape = z.object({
  type: z.enum(replyTypes),
  reply: replyShape,
  request: z.string().meta({ description: "the keyword (the rule's first, which names it)" }),
  match: z.enum(['exact', 'contains']),
  ruleName: z.string().optional().meta({ description: '规则名称, when the rule has one' }),
  keywords: z
    .array(z.object({ keyword: z.string(), match: z.enum(['exact', 'contains']) }))
    .meta({ description: "the rule's other keywords, each matched as its own `match` says" }),
  version: z.number().int().min(0).meta({ description: 'send it back with updateReply/deleteReply: a save over a newer version answers 40902' }),
  mediaMissing: z.literal(true).optional().meta({ description: "the reply's material was deleted (removeMaterial with force): edit the rule to pick another" }),
});

/** What the owner should know about how WeChat delivers a rule (e.g. only the first news article to a message). */
const warnings = z.array(z.string()).optional().meta({ description: 'how WeChat will deliver this rule, when it differs from what was saved' });

export const RuleOutput = okBody({ rule: ruleShape, warnings });
export const DeleteRuleOutput = OkOnly;
export const ListRulesOutput = okBody({
  rules: z.array(ruleShape.extend({ warnings })),
  next: z.string().optional().meta({ description: 'cursor of the next page, when there is one' }),
});

export const ImportAutoreplyOutput = okBody({
  mode: z.enum(['preview', 'import']),
  addFriendReplyOpen: z.boolean().meta({ description: '被关注回复 switched on in the back office' }),
  autoReplyOpen: z.boolean().meta({ description: '收到消息回复 switched on in the back office' }),
  items: z.array(
    z.object({
      from: z.enum(['subscribe', 'default', 'keyword']),
      ruleName: z.string().optional(),
      keyword: z.string(),
      match: z.enum(['exact', 'contains']),
      status: z.enum(['new', 'imported', 'exists', 'skipped']).meta({ description: 'new: would be imported; imported: added now; exists: a rule for the keyword is kept; skipped: cannot be imported (see notes)' }),
      type: z.enum(replyTypes).optional(),
      reply: replyShape.optional(),
      notes: z.array(
        z.object({
          code: z.enum(noteCodes),
          message: z.string(),
          type: z.string().optional().meta({ description: 'the reply type concerned' }),
          kept: z.number().int().optional().meta({ description: 'which reply (1-based) was kept' }),
          of: z.number().int().optional().meta({ description: 'how many replies the back-office rule had' }),
        }),
      ),
    }),
  ),
  imported: z.number().int(),
});

/**
 * `reply` as parseReply reads it (the input takes it as unknown, then checks it against the
 * type's content schema): `{type, content}`, the content alone, or text as a plain string; in a
 * form body, any of these as a JSON string.
 */
const replyFieldDoc = z
  .union([
    z.discriminatedUnion('type', [
      z.object({ type: z.literal('text'), content: z.string() }),
      ...replyTypes.filter((t) => t !== 'text').map((type) => z.object({ type: z.literal(type), content: replyContent[type] })),
    ] as unknown as [z.ZodObject<{ type: z.ZodLiteral<string> }>]),
    ...replyTypes.map((type) => replyContent[type]),
    z.string(),
  ])
  .meta({
    description:
      'the reply: `{type, content}`, or the content alone (for text, the text itself), or (in a form body) that JSON as a string',
  });

const replyAliases = { vedio: 'video', mediald: 'mediaId', thumbMediald: 'thumbMediaId' } as const;

/** The contract of this area's routes: the schema each handler validates with, its answer, the errcodes beyond every route's own (lib/contract.ts adds those). */
export const repliesContract = {
  'replies.add': {
    input: ReplyRuleInput,
    output: RuleOutput,
    account: true,
    codes: [E.conflict],
    aliases: replyAliases,
    fields: { reply: replyFieldDoc },
  },
  'replies.update': {
    input: ReplyRuleInput,
    output: RuleOutput,
    account: true,
    codes: [E.conflict, E.staleVersion],
    aliases: replyAliases,
    fields: { reply: replyFieldDoc },
  },
  'replies.delete': { input: KeywordInput, output: DeleteRuleOutput, account: true, codes: [E.staleVersion] },
  'replies.list': { input: ListRulesInput, output: ListRulesOutput, account: true },
  'replies.importAutoreply': { input: ImportAutoreplyInput, output: ImportAutoreplyOutput, account: true },
} as const satisfies Record<keyof typeof repliesRoutes, ContractSpec>;
