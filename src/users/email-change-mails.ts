import type { Mail } from '../core/mail/send-mail';
import { renderMail, type MailValues, type MailWords } from './account-mail';
import type { MailLanguage } from './mail-language';

/** The two mails of an e-mail change: the new address's confirmation, the old address's notice with its undo link. */
const confirmWords: MailWords = {
  'zh-CN': (v) => ({
    subject: '确认你的 socialinzen 新邮箱',
    greeting: `${v.username}，你好：`,
    lines: [`你申请把 socialinzen 的登录邮箱改为 ${v.email ?? ''}。请打开下面的链接确认，确认后新邮箱才会生效。`],
    action: '确认新邮箱',
    expiry: '链接 24 小时内有效，只能使用一次。过期后请在“账号与安全”中重新修改。',
    ignore: '如果不是你本人申请，请忽略这封邮件，邮箱不会改变。',
  }),
  en: (v) => ({
    subject: 'Confirm your new socialinzen e-mail address',
    greeting: `Hello ${v.username},`,
    lines: [`You asked to change your socialinzen e-mail address to ${v.email ?? ''}. Open the link below to confirm it; the new address counts only then.`],
    action: 'Confirm new address',
    expiry: 'The link works for 24 hours, once. If it has expired, change the address again under "Account and security".',
    ignore: 'If you did not ask for this, ignore this mail: the address stays as it is.',
  }),
};

const changedWords: MailWords = {
  'zh-CN': (v) => ({
    subject: '你的 socialinzen 邮箱正在被修改',
    greeting: `${v.username}，你好：`,
    lines: [
      `有人登录你的 socialinzen 账号，申请把登录邮箱改为 ${v.email ?? ''}。新邮箱确认后，之后的邮件会发往新地址。`,
      '如果这不是你本人的操作，请打开下面的链接撤销修改：邮箱会改回本地址，所有设备上的登录都会退出。之后请用“忘记密码”设置新密码。',
    ],
    action: '撤销修改，改回本邮箱',
    expiry: '撤销链接 7 天内有效，只能使用一次。',
    ignore: '如果是你本人修改的，无需任何操作。',
  }),
  en: (v) => ({
    subject: 'Your socialinzen e-mail address is being changed',
    greeting: `Hello ${v.username},`,
    lines: [
      `Someone signed in to your socialinzen account asked to change its e-mail address to ${v.email ?? ''}. Once confirmed, mails go to the new address.`,
      'If this was not you, open the link below to undo it: the address goes back to this one and every device is signed out. Then choose a new password with "Forgot password".',
    ],
    action: 'Undo the change, keep this address',
    expiry: 'The undo link works for 7 days, once.',
    ignore: 'If it was you, there is nothing to do.',
  }),
};

export const confirmEmailMail = (language: MailLanguage, to: string, values: MailValues): Mail => renderMail(confirmWords, language, to, values);
export const emailChangedMail = (language: MailLanguage, to: string, values: MailValues): Mail => renderMail(changedWords, language, to, values);
