import type { Mail } from '../core/mail/send-mail';
import { renderMail, type MailValues, type MailWords } from './account-mail';
import type { MailLanguage } from './mail-language';

/** The password reset mail (forgot password). */
const resetWords: MailWords = {
  'zh-CN': (v) => ({
    subject: '重置你的 socialinzen 密码',
    greeting: `${v.username}，你好：`,
    lines: ['我们收到了重置密码的请求。请打开下面的链接设置新密码；设置后，所有设备上的登录都会退出，请用新密码重新登录。'],
    action: '设置新密码',
    expiry: '链接 30 分钟内有效，只能使用一次。过期后请在登录页点击“忘记密码”重新申请。',
    ignore: '如果不是你本人申请，请忽略这封邮件，你的密码不会改变。',
  }),
  en: (v) => ({
    subject: 'Reset your socialinzen password',
    greeting: `Hello ${v.username},`,
    lines: ['We were asked to reset your password. Open the link below to choose a new one; every device is then signed out, and you log in with the new password.'],
    action: 'Choose a new password',
    expiry: 'The link works for 30 minutes, once. If it has expired, ask again with "Forgot password" on the login page.',
    ignore: 'If you did not ask for this, ignore this mail: your password stays as it is.',
  }),
};

export const resetMail = (language: MailLanguage, to: string, values: MailValues): Mail => renderMail(resetWords, language, to, values);
