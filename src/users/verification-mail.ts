import type { Mail } from '../core/mail/send-mail';
import { renderMail, type MailWords } from './account-mail';
import type { MailLanguage } from './mail-language';

/** The verification mail (registration, resend). */
const verifyWords: MailWords = {
  'zh-CN': (v) => ({
    subject: '验证你的 socialinzen 邮箱',
    greeting: `${v.username}，你好：`,
    lines: ['请打开下面的链接验证邮箱，验证后即可登录 socialinzen 并授权你的公众号。'],
    action: '验证邮箱',
    expiry: '链接 24 小时内有效，只能使用一次。过期后可在登录页重新发送验证邮件。',
    ignore: '如果你没有注册 socialinzen，请忽略这封邮件。',
  }),
  en: (v) => ({
    subject: 'Verify your socialinzen e-mail address',
    greeting: `Hello ${v.username},`,
    lines: ['Open the link below to verify your e-mail address; then you can log in to socialinzen and authorize your official account.'],
    action: 'Verify e-mail address',
    expiry: 'The link works for 24 hours, once. If it has expired, send a new one from the login page.',
    ignore: 'If you did not sign up for socialinzen, ignore this mail.',
  }),
};

export const verificationMail = (to: string, username: string, link: string, language: MailLanguage = 'zh-CN'): Mail =>
  renderMail(verifyWords, language, to, { username, link });
