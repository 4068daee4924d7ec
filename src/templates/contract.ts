import * as z from 'zod';
import { okBody } from '../core/http/outputs';
import { ErrorCode as E } from '../core/errors';
import type { ContractSpec } from '../core/contract';
import { AddInput, AppidInput, DeleteInput, ListSendsInput, SendInput } from './inputs';
import type { templatesRoutes } from './routes';

/** Answers of the template messages endpoints. */

const Keyword = z.object({
  key: z.string().meta({ description: 'the key in `data` (thing1, time4…): its type is the name before the number' }),
  type: z.string().meta({ description: "the keyword's type: thing, character_string, phrase, time, date, amount, number, letter, symbol, phone_number, car_number, name, const" }),
  label: z.string().meta({ description: 'the words the template writes before it (商品名称…)' }),
  rule: z.string().meta({ description: 'the rule a value is checked by (a key of the text table)' }),
  limit: z.union([z.number(), z.string()]).optional().meta({ description: 'its length limit, or an example of its format' }),
});

const Template = z.object({
  templateId: z.string(),
  title: z.string(),
  content: z.string().meta({ description: 'as WeChat has it: "商品名称:{{thing1.DATA}}\\n…"' }),
  example: z.string(),
  primaryIndustry: z.string(),
  deputyIndustry: z.string(),
  keywords: z.array(Keyword),
});

const Send = z.object({
  sendId: z.string(),
  templateId: z.string(),
  title: z.string(),
  target: z.union([z.object({ openid: z.string() }), z.object({ tagId: z.number().int() }), z.object({ segmentId: z.string() })]),
  status: z.enum(['sending', 'done', 'failed']),
  recipients: z.number().int().meta({ description: 'how many the target held when the send was made' }),
  attempted: z.number().int().meta({ description: 'recipients the fan-out has been through' }),
  sent: z.number().int().meta({ description: 'messages WeChat took (it answered a msgid)' }),
  delivered: z.number().int().meta({ description: 'TEMPLATESENDJOBFINISH Status success' }),
  refused: z.number().int().meta({ description: 'failed:user block: the follower refuses the account\'s messages' }),
  failed: z.number().int().meta({ description: "WeChat's refusals of the call, and failed: system failed pushes" }),
  reason: z.string().optional().meta({ description: 'why a send stopped (wechat<errcode>, wechatDailyApiQuota, accountGone, segmentGone)' }),
  reasonText: z.string().optional().meta({ description: 'the same for a person, in the language Accept-Language asks for (as an error\'s msg), with what to do next' }),
  by: z.object({ userId: z.string(), username: z.string() }),
  createdAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().optional(),
});

const Problem = z.object({ field: z.string(), rule: z.string(), limit: z.union([z.number(), z.string()]).optional(), given: z.union([z.number(), z.string()]).optional() });

export const templatesContract = {
  'templates.list': { input: AppidInput, output: okBody({ templates: z.array(Template) }), account: true, codes: [E.accountCannot] },
  'templates.add': { input: AddInput, output: okBody({ template: Template }), account: true, codes: [E.accountCannot, E.notFound, E.conflict] },
  'templates.delete': { input: DeleteInput, output: okBody({}), account: true, codes: [E.accountCannot, E.notFound] },
  'templates.send': {
    input: SendInput,
    output: okBody({ sendId: z.string(), send: Send, problems: z.array(Problem).optional() }),
    account: true,
    codes: [E.accountCannot, E.notFound, E.quotaUsedUp],
  },
  'templates.listSends': { input: ListSendsInput, output: okBody({ sends: z.array(Send), cursor: z.string().optional() }), account: true },
} as const satisfies Record<keyof typeof templatesRoutes, ContractSpec>;
