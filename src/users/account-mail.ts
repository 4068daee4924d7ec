import type { Mail } from '../core/mail/send-mail';
import type { MailLanguage } from './mail-language';

/**
 * The mails about a user's own account, pure so their content is tested without sending. Each is
 * in the user's language (a Chinese one carries the English text after it, for a reader who set
 * no language), as HTML and plain text, and says what the link does, how long it works and what
 * to do if the reader did not ask for it.
 */
export type AccountMailKind = 'verify' | 'reset' | 'confirmEmail' | 'emailChanged' | 'passwordChanged';

interface Wording {
  subject: string;
  greeting: string;
  lines: string[];
  action?: string;
  expiry?: string;
  ignore: string;
}

type Values = { username: string; link?: string; email?: string };

const words: Record<MailLanguage, Record<AccountMailKind, (v: Values) => Wording>> = {
  'zh-CN': {
    verify: (v) => ({
      subject: '验证你的 socialinzen 邮箱',
      greeting: `${v.username}，你好：`,
      lines: ['请打开下面的链接验证邮箱，验证后即可登录 socialinzen 并授权你的公众号。'],
      action: '验证邮箱',
      expiry: '链接 24 小时内有效，只能使用一次。过期后可在登录页重新发送验证邮件。',
      ignore: '如果你没有注册 socialinzen，请忽略这封邮件。',
    }),
    reset: (v) => ({
      subject: '重置你的 socialinzen 密码',
      greeting: `${v.username}，你好：`,
      lines: ['我们收到了重置密码的请求。请打开下面的链接设置新密码；设置后，所有设备上的登录都会退出，请用新密码重新登录。'],
      action: '设置新密码',
      expiry: '链接 30 分钟内有效，只能使用一次。过期后请在登录页点击“忘记密码”重新申请。',
      ignore: '如果不是你本人申请，请忽略这封邮件，你的密码不会改变。',
    }),
    confirmEmail: (v) => ({
      subject: '确认你的 socialinzen 新邮箱',
      greeting: `${v.username}，你好：`,
      lines: [`你申请把 socialinzen 的登录邮箱改为 ${v.email ?? ''}。请打开下面的链接确认，确认后新邮箱才会生效。`],
      action: '确认新邮箱',
      expiry: '链接 24 小时内有效，只能使用一次。过期后请在“账号与安全”中重新修改。',
      ignore: '如果不是你本人申请，请忽略这封邮件，邮箱不会改变。',
    }),
    emailChanged: (v) => ({
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
    passwordChanged: (v) => ({
      subject: '你的 socialinzen 密码已修改',
      greeting: `${v.username}，你好：`,
      lines: ['你的 socialinzen 密码刚刚修改，其他设备上的登录已退出。'],
      ignore: '如果不是你本人修改的，请立即在登录页点击“忘记密码”重新设置密码。',
    }),
  },
  en: {
    verify: (v) => ({
      subject: 'Verify your socialinzen e-mail address',
      greeting: `Hello ${v.username},`,
      lines: ['Open the link below to verify your e-mail address; then you can log in to socialinzen and authorize your official account.'],
      action: 'Verify e-mail address',
      expiry: 'The link works for 24 hours, once. If it has expired, send a new one from the login page.',
      ignore: 'If you did not sign up for socialinzen, ignore this mail.',
    }),
    reset: (v) => ({
      subject: 'Reset your socialinzen password',
      greeting: `Hello ${v.username},`,
      lines: ['We were asked to reset your password. Open the link below to choose a new one; every device is then signed out, and you log in with the new password.'],
      action: 'Choose a new password',
      expiry: 'The link works for 30 minutes, once. If it has expired, ask again with "Forgot password" on the login page.',
      ignore: 'If you did not ask for this, ignore this mail: your password stays as it is.',
    }),
    confirmEmail: (v) => ({
      subject: 'Confirm your new socialinzen e-mail address',
      greeting: `Hello ${v.username},`,
      lines: [`You asked to change your socialinzen e-mail address to ${v.email ?? ''}. Open the link below to confirm it; the new address counts only then.`],
      action: 'Confirm new address',
      expiry: 'The link works for 24 hours, once. If it has expired, change the address again under "Account and security".',
      ignore: 'If you did not ask for this, ignore this mail: the address stays as it is.',
    }),
    emailChanged: (v) => ({
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
    passwordChanged: (v) => ({
      subject: 'Your socialinzen password was changed',
      greeting: `Hello ${v.username},`,
      lines: ['Your socialinzen password was just changed; your other devices were signed out.'],
      ignore: 'If this was not you, choose a new password at once with "Forgot password" on the login page.',
    }),
  },
};

const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const asText = (w: Wording, link: string | undefined): string =>
  [w.greeting, '', ...w.lines, ...(link ? ['', `${w.action ?? ''}:`, link] : []), ...(w.expiry ? ['', w.expiry] : []), '', w.ignore].join('\n');

const asHtml = (w: Wording, link: string | undefined): string =>
  [
    `<p>${escapeHtml(w.greeting)}</p>`,
    ...w.lines.map((l) => `<p>${escapeHtml(l)}</p>`),
    ...(link ? [`<p><a href="${escapeHtml(link)}">${escapeHtml(w.action ?? link)}</a></p>`, `<p style="color:#666;word-break:break-all">${escapeHtml(link)}</p>`] : []),
    ...(w.expiry ? [`<p>${escapeHtml(w.expiry)}</p>`] : []),
    `<p style="color:#666">${escapeHtml(w.ignore)}</p>`,
  ].join('');

export const accountMail = (kind: AccountMailKind, language: MailLanguage, to: string, values: Values): Mail => {
  const first = words[language][kind](values);
  // A Chinese mail carries the English text after it; an English one is English only.
  const second = language === 'zh-CN' ? words.en[kind](values) : undefined;
  return {
    to,
    subject: first.subject,
    text: `${asText(first, values.link)}\n${second ? `\n----- English -----\n\n${asText(second, values.link)}\n` : ''}`,
    html: `<div lang="${language}">${asHtml(first, values.link)}</div>${second ? `<hr><div lang="en">${asHtml(second, values.link)}</div>` : ''}`,
  };
};
