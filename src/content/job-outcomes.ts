import { stopBy } from '../core/messages/stops';
import type { SendChange, SendStatus } from './data/sends';

/**
 * What WeChat's job outcomes mean for a send, from the push or from polling. Pure.
 * - publish_status (freepublish/get and PUBLISHJOBFINISH,
 *   developers.weixin.qq.com/doc/offiaccount/Publish/Get_status.html): 0 成功, 1 发布中, 2 原创失败,
 *   3 常规失败, 4 平台审核不通过, 5 成功后用户删除所有文章, 6 成功后系统封禁所有文章;
 * - MASSSENDJOBFINISH's Status (…/Message_Management/Batch_Sends_and_Originality_Checks.html):
 *   "send success", "send fail", or "err(<code>)" for a send WeChat's review stopped.
 */
/** WeChat's failed publish_status values: its own words, ours in English, and the stop's rule that words them for a person. */
export const publishFailures: Readonly<Record<number, { zh: string; en: string; stop: string; afterPublishing?: true }>> = {
  2: { zh: '原创校验未通过', en: 'the originality check failed', stop: 'publish.originality' },
  3: { zh: '常规失败', en: 'WeChat could not publish it', stop: 'publish.failed' },
  4: { zh: '平台审核不通过', en: "refused by WeChat's review", stop: 'publish.review' },
  5: { zh: '发表后所有文章已被删除', en: 'published, then every article was deleted', stop: 'publish.deleted', afterPublishing: true },
  6: { zh: '发表后所有文章已被系统封禁', en: 'published, then every article was blocked by WeChat', stop: 'publish.blocked', afterPublishing: true },
};

/** MASSSENDJOBFINISH's err(<code>): why WeChat's review stopped a mass send, in its words and ours. */
export const massReviewReasons: Readonly<Record<string, { zh: string; en: string }>> = {
  '10001': { zh: '涉嫌广告', en: 'suspected advertising' },
  '20001': { zh: '涉嫌政治', en: 'suspected political content' },
  '20002': { zh: '涉嫌色情', en: 'suspected pornography' },
  '20004': { zh: '涉嫌社会', en: 'suspected social issues' },
  '20006': { zh: '涉嫌违法犯罪', en: 'suspected illegal content' },
  '20008': { zh: '涉嫌欺诈', en: 'suspected fraud' },
  '20013': { zh: '涉嫌版权', en: 'suspected copyright infringement' },
  '21000': { zh: '涉嫌其他', en: 'other violation' },
  '22000': { zh: '涉嫌互推', en: 'suspected mutual promotion' },
  '30001': { zh: '原创校验出现系统错误且用户选择了被判为转载就不群发', en: 'originality check error; set not to send as a reprint' },
  '30002': { zh: '原创校验被判定为不能群发', en: 'the originality check does not allow sending' },
  '30003': { zh: '原创校验被判定为转载文且用户选择了被判为转载就不群发', en: 'judged a reprint; set not to send reprints' },
};

export interface Outcome {
  status: SendStatus;
  change: SendChange;
}

/** A publish's outcome, or undefined while WeChat is still publishing (1). */
export const publishOutcome = (publishStatus: number, urls: readonly string[], failIdx: readonly number[] = []): Outcome | undefined => {
  if (publishStatus === 1) return undefined;
  if (publishStatus === 0) return { status: 'published', change: { articles: urls.map((url, i) => ({ idx: i + 1, url })), pendingUntil: null } };
  const which = failIdx.length ? ` (article ${failIdx.join(', ')})` : '';
  const known = publishFailures[publishStatus];
  const reason = `${known ? `${known.zh} (${known.en})` : `WeChat's publish_status ${publishStatus}`}${which}`;
  const stop = known ? stopBy(known.stop, failIdx.length ? { given: failIdx.join(',') } : {}) : stopBy('publish.status', { given: publishStatus });
  return { status: 'failed', change: { reason, stop, pendingUntil: null } };
};

const count = (value: unknown) => {
  const n = Number(value);
  return Number.isSafeInteger(n) && n >= 0 ? n : 0;
};

/** A mass send's outcome from MASSSENDJOBFINISH's fields. */
export const massOutcome = (job: Record<string, unknown>): Outcome => {
  const status = String(job['Status'] ?? '');
  const counts = { total: count(job['TotalCount']), filtered: count(job['FilterCount']), sent: count(job['SentCount']), error: count(job['ErrorCount']) };
  if (status === 'send success') return { status: 'sent', change: { counts } };
  const code = status.match(/^err\((\d+)\)$/)?.[1];
  if (!code) return { status: 'failed', change: { counts, reason: `WeChat reported: ${status || 'send fail'}`, stop: stopBy('mass.failed', { given: status || 'send fail' }) } };
  const known = massReviewReasons[code];
  return { status: 'failed', change: { counts, reason: `${known ? `${known.zh} (${known.en})` : 'WeChat stopped the send'} (WeChat ${status})`, stop: stopBy('mass.review', { given: code }) } };
};
