import type { Mail } from '../core/mail/send-mail';
import { renderMail, type MailValues, type MailWords } from './account-mail';
import type { MailLanguage } from './mail-language';

/** The notice that the password was changed (the owner notices a change they did not make). */
const changedWords: MailWords = {
  'zh-CN': (v) => ({
    subject: '你的 socialinzen 密码已修改',
    greeting: `${v.username}，你好：`,
    lines: ['你的 socialinzen 密码刚刚修改，其他设备上的登录已退出。'],
    ignore: '如果不是你本人修改的，请立即在登录页点击“忘记密码”重新设置密码。',
  }),
  en: (v) => ({
    subject: 'Your socialinzen password was changed',
    greeting: `Hello ${v.username},`,
    lines: ['Your socialinzen password was just changed; your other devices were signed out.'],
    ignore: 'If this was not you, choose a new password at once with "Forgot password" on the login page.',
  }),
};

export const passwordChangedMail = (language: MailLanguage, to: string, values: MailValues): Mail => renderMail(changedWords, language, to, values);
