import type { Language } from '../core/messages/language';

/**
 * What the public account routes say on success (`msg`), in the request's language as an error's
 * `msg` is: a person reads them first through curl or a script (the README's first command).
 */
const texts = {
  registered: ['注册成功：请打开验证邮件中的链接完成注册', 'registered: open the link in the verification mail to finish'],
  registeredInvited: ['已通过邀请注册：现在可以登录', 'registered through the invitation: log in now'],
  verified: ['邮箱已验证，现在可以登录', 'e-mail verified'],
  resendAccepted: ['如果该邮箱属于尚未验证的账号，新的验证链接已发出', 'if the address belongs to an unverified account, a new link is on its way'],
  resetAccepted: ['如果该邮箱属于某个账号，重置密码的链接已发出', 'if the address belongs to an account, a reset link is on its way'],
} as const satisfies Record<string, readonly [zh: string, en: string]>;

export const answerText = (key: keyof typeof texts, language: Language): string => texts[key][language === 'en' ? 1 : 0];
