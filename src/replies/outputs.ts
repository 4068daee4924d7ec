import * as z from 'zod';
import { okBody, OkOnly } from '../http/outputs';
import { replyContent, replyTypes } from './reply-schema';

/** Answers of the reply-rule endpoints: rules in the seed's listReply shape. */

/** A reply as the API lists it, `{type, content}`, accepted back unchanged by add/updateReply. */
export const replyShape = z.discriminatedUnion(
  'type',
  replyTypes.map((type) => z.object({ type: z.literal(type), content: replyContent[type] })) as unknown as [
    z.ZodObject<{ type: z.ZodLiteral<string> }>,
    ...z.ZodObject<{ type: z.ZodLiteral<string> }>[],
  ],
);

export const ruleShape = z.object({
  type: z.enum(replyTypes),
  reply: replyShape,
  request: z.string().meta({ description: 'the keyword' }),
  match: z.enum(['exact', 'contains']),
});

export const RuleOutput = okBody({ rule: ruleShape });
export const DeleteRuleOutput = OkOnly;
export const ListRulesOutput = okBody({
  rules: z.array(ruleShape),
  next: z.string().optional().meta({ description: 'cursor of the next page, when there is one' }),
});
