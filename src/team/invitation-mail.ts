import type { Mail } from '../core/mail/send-mail';
import type { Role } from '../core/route';

const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The roles in WeChat's own back-office words (管理员, 运营者), then ours. */
export const roleNames: Record<Role, { zh: string; en: string }> = {
  owner: { zh: '所有者', en: 'owner' },
  admin: { zh: '管理员', en: 'admin' },
  editor: { zh: '编辑', en: 'editor' },
  operator: { zh: '运营者', en: 'operator' },
  viewer: { zh: '只读成员', en: 'viewer' },
};

/** The invitation mail, Simplified Chinese first, then English; pure, so its content is tested without sending. */
export const invitationMail = (to: string, invitation: { orgName: string; inviter: string; role: Role; link: string }): Mail => {
  const role = roleNames[invitation.role];
  const zh = [
    `${invitation.inviter} 邀请你以「${role.zh}」身份加入 socialinzen 上的组织「${invitation.orgName}」。`,
    '请在 7 天内打开下面的链接接受邀请（仅限一次，且只对本邮箱地址有效；还没有账号可以通过它注册）：',
  ];
  const en = [
    `${invitation.inviter} invites you to join the organization "${invitation.orgName}" on socialinzen as ${role.en}.`,
    'Open this link within 7 days to accept (it works once, and only for this e-mail address; without a login you can register through it):',
  ];
  const ignore = { zh: '如果你不认识邀请人，请忽略这封邮件。', en: 'If you do not know who invited you, ignore this mail.' };
  const link = escapeHtml(invitation.link);
  return {
    to,
    subject: `邀请你加入「${invitation.orgName}」 / Invitation to join ${invitation.orgName} on socialinzen`,
    text: `${zh.join('\n')}\n${invitation.link}\n\n${ignore.zh}\n\n---\n\n${en.join('\n')}\n${invitation.link}\n\n${ignore.en}\n`,
    html:
      `<div lang="zh-CN">${zh.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}<p><a href="${link}">接受邀请</a></p><p>${escapeHtml(ignore.zh)}</p></div><hr>` +
      `<div lang="en">${en.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}<p><a href="${link}">${link}</a></p><p>${escapeHtml(ignore.en)}</p></div>`,
  };
};
