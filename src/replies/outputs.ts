import * as z from 'zod';
import { okBody, OkOnly } from '../core/http/outputs';
import { replyContent, replyTypes } from './reply-schema';

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
  request: z.string().meta({ description: 'the keyword' }),
  match: z.enum(['exact', 'contains']),
});

/** What the owner should know about how WeChat delivers a rule (e.g. only the first news article to a message). */
const warnings = z.array(z.string()).optional().meta({ description: 'how WeChat will deliver this rule, when it differs from what was saved' });

export const RuleOutput = okBody({ rule: ruleShape, warnings });
export const DeleteRuleOutput = OkOnly;
export const ListRulesOutput = okBody({
  rules: z.array(ruleShape.extend({ warnings })),
  next: z.string().optional().meta({ description: 'cursor of the next page, when there is one' }),
});
