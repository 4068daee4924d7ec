import { config } from '../core/config';
import type { Mail } from '../core/mail/send-mail';
import type { SendRecord } from './data/sends';

/**
 * The mails of approvals (issue 28), Simplified Chinese first, then English (the platform keeps no
 * language per user; the invitation mail does the same). Pure, so their words are tested without sending.
 */
const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const what = (send: SendRecord) => ({
  zh: `${send.kind === 'publish' ? '发表' : '群发'}${send.titles?.length ? `「${send.titles[0]}」` : send.message.text ? `「${send.message.text.slice(0, 30)}」` : ''}`,
  en: `${send.kind === 'publish' ? 'publishing' : 'mass send'}${send.titles?.length ? ` "${send.titles[0]}"` : send.message.text ? ` "${send.message.text.slice(0, 30)}"` : ''}`,
});

const mail = (to: string, subject: string, zh: string[], en: string[], link: string): Mail => ({
  to,
  subject,
  text: `${zh.join('\n')}\n${link}\n\n---\n\n${en.join('\n')}\n${link}\n`,
  html:
    `<div lang="zh-CN">${zh.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}<p><a href="${escapeHtml(link)}">打开 socialinzen</a></p></div><hr>` +
    `<div lang="en">${en.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}<p><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p></div>`,
});

const home = () => `${config.consoleUrl.replace(/\/?$/, '/')}#/`;

/** To each admin and owner: a send waits for their approval. */
export const approvalRequestMail = (to: string, send: SendRecord): Mail => {
  const w = what(send);
  const when = send.sendAt ? { zh: `，定时于 ${send.sendAt}`, en: `, scheduled for ${send.sendAt}` } : { zh: '', en: '' };
  return mail(
    to,
    `等待审批：${w.zh} / Waiting for your approval: ${w.en}`,
    [`${send.by.username} 提交了${w.zh}（公众号 ${send.appid}${when.zh}），等待管理员审批。`, '请在首页的「等待审批」中批准或驳回：'],
    [`${send.by.username} asks to send ${w.en} (official account ${send.appid}${when.en}); it waits for an admin's approval.`, 'Approve or reject it under "Waiting for approval" on the home page:'],
    home(),
  );
};

/** To the sender: their send was approved, rejected, or its time came while it still waited. */
export const approvalOutcomeMail = (to: string, send: SendRecord, outcome: 'approved' | 'rejected' | 'expired', reason?: string): Mail => {
  const w = what(send);
  const texts = {
    approved: { zh: [`你的${w.zh}已由 ${send.approval?.by?.username ?? '管理员'} 批准${send.sendAt ? `，将于 ${send.sendAt} 发出` : '并已发出'}。`], en: [`Your ${w.en} was approved by ${send.approval?.by?.username ?? 'an admin'}${send.sendAt ? ` and goes out at ${send.sendAt}` : ' and has been sent'}.`] },
    rejected: { zh: [`你的${w.zh}被 ${send.approval?.by?.username ?? '管理员'} 驳回，未发出。`, ...(reason ? [`理由：${reason}`] : [])], en: [`Your ${w.en} was rejected by ${send.approval?.by?.username ?? 'an admin'}; nothing was sent.`, ...(reason ? [`Reason: ${reason}`] : [])] },
    expired: { zh: [`你定时于 ${send.sendAt} 的${w.zh}到时仍未获批准，因此没有发出。`, '如仍需发送，请重新提交并请管理员及时审批。'], en: [`Your ${w.en} scheduled for ${send.sendAt} was still waiting for approval when its time came, so it was not sent.`, 'To send it, submit it again and ask an admin to approve it in time.'] },
  }[outcome];
  const subject = { approved: `已批准：${w.zh} / Approved: ${w.en}`, rejected: `已驳回：${w.zh} / Rejected: ${w.en}`, expired: `未发出（未获审批）：${w.zh} / Not sent, not approved in time: ${w.en}` }[outcome];
  return mail(to, subject, texts.zh, texts.en, home());
};
