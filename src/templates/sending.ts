import { requireFeature } from '../core/capabilities';
import type { Account } from '../core/data/accounts';
import { AppError, ErrorCode, NotFoundError, ValidationError } from '../core/errors';
import type { WechatApiError } from '../wechat/api-error';
import './rule-texts';
import { advancePage, createSend, failSend, getSend, newTemplateSendId, type SendTarget, type TemplateSendRecord } from './data/sends';
import type { StoredTemplate } from './data/templates';
import { deliverTo } from './delivery';
import { refusalStop } from './refusals';
import { enqueueTemplateSend } from './jobs';
import { checkTemplateData, typeRule, type ValueProblem } from './keyword-values';
import { templateFor } from './library';
import { targetTotal } from './targets';

/**
 * A template send, from the request to WeChat. Before WeChat is called: the account must be a
 * verified service account (40302), the template one of the account's, and every value within its
 * keyword's type (the 2023-05-04 rules: src/templates/keyword-values.ts), answered beside its field.
 * Then the send is recorded and, for one follower, made at once (WeChat's answer is the route's);
 * for a tag, handed to the fan-out queue.
 */
export interface SendRequest {
  templateId: string;
  openid?: string | undefined;
  tagId?: number | undefined;
  segmentId?: string | undefined;
  data: Record<string, { value: string; color?: string | undefined }>;
  url?: string | undefined;
  miniprogram?: { appid: string; pagepath?: string | undefined } | undefined;
}

const refusal = (problems: ValueProblem[]): AppError => {
  const first = problems[0]!;
  return new AppError(ErrorCode.invalidRequest, 400, `${first.field}: ${first.rule}`, { problem: first, extra: { problems } });
};

/** WeChat's own 47003 about a value: the field it names, with its keyword's rule and limit, as ours would say it. */
const wechatRefusal = (error: WechatApiError, template: StoredTemplate, data: SendRequest['data']): AppError => {
  const key = /data\.(\w+)\.value/.exec(error.wxerrmsg)?.[1];
  const keyword = template.keywords.find((k) => k.key === key);
  if (!key || !keyword) return error;
  const given = data[key]?.value ?? '';
  const problem = { field: `data.${key}.value`, ...typeRule(keyword.type), given: [...given].length > 40 ? [...given].length : given };
  return new AppError(ErrorCode.invalidRequest, 400, `${problem.field}: WeChat refused this value for its keyword's type (WeChat 47003)`, {
    problem,
    extra: { problems: [problem], wxerrcode: error.wxerrcode, wxerrmsg: error.wxerrmsg },
  });
};

const targetOf = (input: SendRequest): SendTarget =>
  input.openid !== undefined ? { openid: input.openid } : input.segmentId !== undefined ? { segmentId: input.segmentId } : { tagId: input.tagId! };

export const startTemplateSend = async (account: Account, sender: { userId: string; username: string; orgId: string }, input: SendRequest): Promise<TemplateSendRecord> => {
  requireFeature(account, 'templates');
  const template = await templateFor(account, input.templateId);
  if (!template) throw new NotFoundError('templateId: the official account has no such template', { field: 'templateId', rule: 'template.unknownTemplate' });
  const problems = checkTemplateData(template.content, input.data, template.approved);
  if (problems.length) throw refusal(problems);
  const target = targetOf(input);
  const recipients = await targetTotal(account.appid, target);
  if (recipients === 0) {
    // Named by the field the request gave: a tag, or a segment that came to nobody.
    const field = 'segmentId' in target ? 'segmentId' : 'tagId';
    throw new ValidationError(`${field}: no followers in it in the directory (sync the followers first)`, { problem: { field, rule: 'template.emptyTag' } });
  }
  const now = new Date().toISOString();
  const send: TemplateSendRecord = {
    appid: account.appid,
    sendId: newTemplateSendId(),
    orgId: sender.orgId,
    templateId: template.templateId,
    title: template.title,
    target,
    data: Object.fromEntries(Object.entries(input.data).map(([k, v]) => [k, { value: v.value }])),
    ...(input.url ? { url: input.url } : {}),
    ...(input.miniprogram ? { miniprogram: { appid: input.miniprogram.appid, ...(input.miniprogram.pagepath ? { pagepath: input.miniprogram.pagepath } : {}) } } : {}),
    status: 'sending',
    recipients,
    attempted: 0,
    sent: 0,
    delivered: 0,
    refused: 0,
    failed: 0,
    page: 0,
    by: { userId: sender.userId, username: sender.username },
    createdAt: now,
    updatedAt: now,
  };
  await createSend(send);
  if (!('openid' in target)) {
    await enqueueTemplateSend({ appid: account.appid, sendId: send.sendId });
    return send;
  }
  let result;
  try {
    result = await deliverTo(account, send, target.openid);
  } catch (error) {
    // Not known whether WeChat sent it: the queue settles it (same client_msg_id within WeChat's 10 minutes).
    await enqueueTemplateSend({ appid: account.appid, sendId: send.sendId }, 5);
    throw error;
  }
  if (result.outcome === 'failed') {
    // The send's record says failed, with WeChat's errcode; the route answers WeChat's refusal.
    await failSend(account.appid, send.sendId, `wechat${result.error?.wxerrcode ?? ''}`, refusalStop(result.error, template.keywords), { attempted: 1, sent: 0, failed: 1 });
    if (result.error?.wxerrcode === 47003) throw wechatRefusal(result.error, template, input.data);
    throw result.error ?? new AppError(ErrorCode.wechat, 502, 'WeChat did not take the message');
  }
  await advancePage(account.appid, send.sendId, 0, { attempted: 1, sent: 1, failed: 0 }, undefined);
  return (await getSend(account.appid, send.sendId)) ?? send;
};
