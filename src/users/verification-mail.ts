import type { Mail } from '../core/mail/send-mail';
import { accountMail } from './account-mail';
import type { MailLanguage } from './mail-language';

/** The verification mail; pure, so its content is tested without sending. */
export const verificationMail = (to: string, username: string, link: string, language: MailLanguage = 'zh-CN'): Mail =>
  accountMail('verify', language, to, { username, link });
