import type { Mail } from '../core/mail/send-mail';

const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * What the owner of a registered address is told when someone registers with it again (the
 * registration itself answers as if the address were new, so only the address's owner learns it is
 * in use). Simplified Chinese first, then English; pure, so its content is tested without sending.
 */
export const addressInUseMail = (to: string, username: string): Mail => {
  const zh = [
    `你好，${username}：`,
    '',
    '刚才有人使用你的邮箱地址注册 socialinzen。这个邮箱已经属于你的账号，新的注册不会得到它，也不会收到任何可以使用它的链接。',
    `如果是你本人：你已经有账号（用户名 ${username}），请直接登录。`,
    '如果不是你：无需任何操作，你的账号不受影响。',
  ];
  const en = [
    `Hello ${username},`,
    '',
    'Someone just tried to register at socialinzen with your e-mail address. The address belongs to your account: the new registration does not get it and no link to use it was sent.',
    `If it was you: you already have an account (username ${username}): just log in.`,
    'If it was not you: nothing to do, your account is not affected.',
  ];
  return {
    to,
    subject: '有人使用你的邮箱注册 socialinzen / Someone registered with your address',
    text: `${zh.join('\n')}\n\n——\n\n${en.join('\n')}\n`,
    html: [...zh, '<hr>', ...en]
      .filter((line) => line !== '')
      .map((line) => (line === '<hr>' ? line : `<p>${escapeHtml(line)}</p>`))
      .join(''),
  };
};
