import { config } from '../core/config';
import type { Mail } from '../core/mail/send-mail';
import type { SendRecord } from './data/sends';
import type { Language } from '../core/messages/language';

/**
 * The mails of approvals (issue 28), each in its recipient's own language (the membership keeps
 * it: src/core/data/organizations.ts), HTML and text: what waits or what happened, in WeChat's
 * words (群发, 发表), the next step and the link. Pure, so their words are tested without sending.
 */
const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const what = (send: SendRecord, language: Language) => {
  const named = send.titles?.length ? send.titles[0]! : send.message.text ? send.message.text.slice(0, 30) : undefined;
  return language === 'en'
    ? `${send.kind === 'publish' ? 'publishing' : 'mass send'}${named ? ` "${named}"` : ''}`
    : `${send.kind === 'publish' ? '发表' : '群发'}${named ? `「${named}」` : ''}`;
};

const mail = (language: Language, to: string, subject: string, paragraphs: string[], link: string): Mail => ({
  to,
  subject,
  text: `${paragraphs.join('\n')}\n${link}\n`,
  html: `<div lang="${language}">${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}<p><a href="${escapeHtml(link)}">${language === 'en' ? 'Open socialinzen' : '打开 socialinzen'}</a></p><p>${escapeHtml(link)}</p></div>`,
});

const home = () => `${config.consoleUrl.replace(/\/?$/, '/')}#/`;
const sends = (appid: string) => `${config.consoleUrl.replace(/\/?$/, '/')}#/sends?appid=${encodeURIComponent(appid)}`;

/** To each admin and owner: a send waits for their approval. */
export const approvalRequestMail = (to: string, send: SendRecord, language: Language = 'zh-CN'): Mail => {
  const w = what(send, language);
  if (language === 'en') {
    return mail(
      language,
      to,
      `Waiting for your approval: ${w}`,
      [
        `${send.by.username} asks to send ${w} (official account ${send.appid}${send.sendAt ? `, scheduled for ${send.sendAt}` : ''}); it waits for an admin's approval.`,
        'Approve or reject it under "Waiting for approval" on the home page, or in the send history:',
      ],
      home(),
    );
  }
  return mail(
    language,
    to,
    `等待审批：${w}`,
    [`${send.by.username} 提交了${w}（公众号 ${send.appid}${send.sendAt ? `，定时于 ${send.sendAt}` : ''}），等待管理员审批。`, '请在首页的「等待审批」或「发表记录」中批准或驳回：'],
    home(),
  );
};

/** To the sender: their send was approved, rejected, or its time came while it still waited. */
export const approvalOutcomeMail = (to: string, send: SendRecord, outcome: 'approved' | 'rejected' | 'expired', reason?: string, language: Language = 'zh-CN'): Mail => {
  const w = what(send, language);
  const approver = send.approval?.by?.username;
  if (language === 'en') {
    const texts = {
      approved: { subject: `Approved: ${w}`, lines: [`Your ${w} was approved by ${approver ?? 'an admin'}${send.sendAt ? ` and goes out at ${send.sendAt}` : ' and has been sent'}.`, 'See it in the send history:'] },
      rejected: { subject: `Rejected: ${w}`, lines: [`Your ${w} was rejected by ${approver ?? 'an admin'}; nothing was sent.`, ...(reason ? [`Reason: ${reason}`] : []), 'Edit it and submit it again from the send history:'] },
      expired: { subject: `Not sent, not approved in time: ${w}`, lines: [`Your ${w} scheduled for ${send.sendAt} was still waiting for approval when its time came, so it was not sent.`, 'To send it, submit it again and ask an admin to approve it in time:'] },
    }[outcome];
    return mail(language, to, texts.subject, texts.lines, sends(send.appid));
  }
  const texts = {
    approved: { subject: `已批准：${w}`, lines: [`你的${w}已由 ${approver ?? '管理员'} 批准${send.sendAt ? `，将于 ${send.sendAt} 发出` : '并已发出'}。`, '可在「发表记录」中查看：'] },
    rejected: { subject: `已驳回：${w}`, lines: [`你的${w}被 ${approver ?? '管理员'} 驳回，未发出。`, ...(reason ? [`理由：${reason}`] : []), '请修改后在「发表记录」中重新提交：'] },
    expired: { subject: `未发出（未获审批）：${w}`, lines: [`你定时于 ${send.sendAt} 的${w}到时仍未获批准，因此没有发出。`, '如仍需发送，请重新提交并请管理员及时审批：'] },
  }[outcome];
  return mail(language, to, texts.subject, texts.lines, sends(send.appid));
};
