import { addRuleTexts, isRole, roleName } from '../core/messages/texts';
import { massReviewReasons, publishFailures } from './job-outcomes';

/**
 * Why a send failed or was not sent (src/core/messages/stops.ts), as the history shows it to a
 * person: loaded by the send views only, so the functions that keep drafts do not carry it.
 */
type Given = { given?: unknown };
/** WeChat's fail_idx, stored as "1,2": 第 1、2 篇 / article 1, 2. */
const articlesZh = (d: Given) => (d.given ? `（第 ${String(d.given).split(',').join('、')} 篇）` : '');
const articlesEn = (d: Given) => (d.given ? ` (article ${String(d.given).split(',').join(', ')})` : '');

export const contentStopTexts = addRuleTexts({
  'send.accountGone': [
    () => '该公众号已不再授权给本组织，这条没有发出：请在「授权公众号」中重新授权后再发送',
    () => 'The official account is no longer authorized in this organization, so it was not sent: authorize it again, then send.',
  ],
  'send.scheduleFailed': [() => '定时任务创建失败，这条不会发出：请重新定时发送', () => 'The schedule could not be made, so this will not go out: schedule it again.'],
  'send.approvalPending': [
    () => '到了定时发送的时间，这条仍在等待管理员审批，所以没有发出：请重新定时发送，并请管理员在发送时间前审批',
    () => "It was still waiting for an admin's approval when its time came, so it was not sent: schedule it again, and have an admin approve it before its time.",
  ],
  'send.senderRole': [
    (d) => `提交者 ${d.given} 已没有发送的权限${isRole(d.need) ? `（需要${roleName(d.need, 'zh-CN')}）` : ''}，这条没有发出：请有权限的成员重新发送`,
    (d) => `${d.given} may no longer send for this organization${isRole(d.need) ? ` (needs ${roleName(d.need, 'en')})` : ''}, so it was not sent: a member who may send should send it again.`,
  ],
  'send.draftGone': [(d) => `草稿「${d.given}」已不在草稿箱中，这条没有发出：请重新选择草稿`, (d) => `The draft "${d.given}" is gone from the draft box, so it was not sent: choose a draft again.`],
  'publish.unanswered': [
    () => '微信没有回应，不能确定是否已发表：请先在公众平台「发表记录」中查看，没有发表再重新发表',
    () => "WeChat did not answer, so it may have published: check the account's published articles in the back office before publishing again.",
  ],
  'mass.unanswered': [
    () => '微信没有回应，不能确定是否已群发：请先在公众平台的发表记录中查看，没有发出再重新群发',
    () => 'WeChat did not answer, so it may have been sent: check the sent messages in the back office before sending again (an API caller repeats the same request, same requestId, to finish it).',
  ],
  'publish.noOutcome': [() => '微信一天内没有给出发表结果：请在公众平台「发表记录」中查看是否已发表', () => "WeChat gave no outcome within a day: check the account's published articles in the back office."],
  ...Object.fromEntries(
    Object.values(publishFailures).map((f) => [
      f.stop,
      f.afterPublishing
        ? [(d: Given) => `${f.zh}${articlesZh(d)}：粉丝已看不到这次发表的文章`, (d: Given) => `${f.en}${articlesEn(d)}: followers can no longer see them.`]
        : f.stop === 'publish.failed'
          ? [(d: Given) => `微信未能发表（常规失败）${articlesZh(d)}：请稍后重新发表`, (d: Given) => `WeChat could not publish it${articlesEn(d)}: publish again later.`]
          : [(d: Given) => `发表失败：${f.zh}${articlesZh(d)}。请修改草稿后重新发表`, (d: Given) => `Not published: ${f.en}${articlesEn(d)}. Edit the draft and publish again.`],
    ]),
  ),
  'publish.status': [(d) => `发表失败（微信的发表状态 ${d.given}）：请在公众平台查看原因`, (d) => `Not published (WeChat's publish_status ${d.given}): see the back office for why.`],
  'mass.review': [
    (d) => `微信审核未通过，群发已停止：${massReviewReasons[String(d.given)]?.zh ?? `微信的审核代码 ${d.given}`}。请修改内容后重新群发`,
    (d) => `WeChat's review stopped the send: ${massReviewReasons[String(d.given)]?.en ?? `err(${d.given})`}. Edit it and send again.`,
  ],
  'mass.failed': [() => '微信报告群发失败：请稍后重新群发', (d) => `WeChat reported the send failed (${d.given}): send it again later.`],
});
