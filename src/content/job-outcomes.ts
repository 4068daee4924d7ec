import type { SendChange, SendStatus } from './data/sends';

/**
 * What WeChat's job outcomes mean for a send, from the push or from polling. Pure.
 * - publish_status (freepublish/get and PUBLISHJOBFINISH,
 *   developers.weixin.qq.com/doc/offiaccount/Publish/Get_status.html): 0 成功, 1 发布中, 2 原创失败,
 *   3 常规失败, 4 平台审核不通过, 5 成功后用户删除所有文章, 6 成功后系统封禁所有文章;
 * - MASSSENDJOBFINISH's Status (…/Message_Management/Batch_Sends_and_Originality_Checks.html):
 *   "send success", "send fail", or "err(<code>)" for a send WeChat's review stopped.
 */
const publishReasons: Readonly<Record<number, string>> = {
  2: '原创校验未通过 (the originality check failed)',
  3: '常规失败 (WeChat could not publish it)',
  4: '平台审核不通过 (refused by WeChat\'s review)',
  5: '发表后所有文章已被删除 (published, then every article was deleted)',
  6: '发表后所有文章已被系统封禁 (published, then every article was blocked by WeChat)',
};

const massReasons: Readonly<Record<string, string>> = {
  '10001': '涉嫌广告 (suspected advertising)',
  '20001': '涉嫌政治 (suspected political content)',
  '20002': '涉嫌色情 (suspected pornography)',
  '20004': '涉嫌社会 (suspected social issues)',
  '20006': '涉嫌违法犯罪 (suspected illegal content)',
  '20008': '涉嫌欺诈 (suspected fraud)',
  '20013': '涉嫌版权 (suspected copyright infringement)',
  '21000': '涉嫌其他 (other violation)',
  '22000': '涉嫌互推 (suspected mutual promotion)',
  '30001': '原创校验出现系统错误且用户选择了被判为转载就不群发 (originality check error; set not to send as a reprint)',
  '30002': '原创校验被判定为不能群发 (the originality check does not allow sending)',
  '30003': '原创校验被判定为转载文且用户选择了被判为转载就不群发 (judged a reprint; set not to send reprints)',
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
  return { status: 'failed', change: { reason: `${publishReasons[publishStatus] ?? `WeChat's publish_status ${publishStatus}`}${which}`, pendingUntil: null } };
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
  return { status: 'failed', change: { counts, reason: code ? `${massReasons[code] ?? 'WeChat stopped the send'} (WeChat ${status})` : `WeChat reported: ${status || 'send fail'}` } };
};
