import type { Mail } from '../core/mail/send-mail';

const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const paragraphs = (zh: string[], en: string[], link?: { href: string; zh: string }) => ({
  text: `${zh.join('\n')}${link ? `\n${link.href}` : ''}\n\n---\n\n${en.join('\n')}${link ? `\n${link.href}` : ''}\n`,
  html:
    `<div lang="zh-CN">${zh.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}${link ? `<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.zh)}</a></p>` : ''}</div><hr>` +
    `<div lang="en">${en.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}${link ? `<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.href)}</a></p>` : ''}</div>`,
});

const label = (account: { appid: string; nickname: string }) => (account.nickname ? `${account.nickname}（${account.appid}）` : account.appid);

/** To each owner of the organization that lost an account to a fresh third-party authorization. Simplified Chinese first. */
export const accountMovedMail = (to: string, account: { appid: string; nickname: string }, orgName: string): Mail => ({
  to,
  subject: `公众号「${account.nickname || account.appid}」已转到其他组织 / Official account moved to another organization`,
  ...paragraphs(
    [
      `公众号 ${label(account)} 的管理员刚刚在微信公众平台重新授权了 socialinzen，授权由另一个组织发起，因此该公众号已从你的组织「${orgName}」移出。`,
      '你的组织为该公众号安排的群发、待审批内容和同步任务已取消。',
      '如果这不是你们的公众号管理员所为，请登录 mp.weixin.qq.com，在「设置与开发 → 授权管理」中查看已授权的第三方平台，并修改管理员微信号。',
    ],
    [
      `The administrator of the official account ${account.appid} has just authorized socialinzen again at WeChat, from another organization; the account has left your organization "${orgName}".`,
      "Your organization's scheduled sends, pending approvals and syncs for it are cancelled.",
      'If this was not your administrator, sign in at mp.weixin.qq.com and check the authorized platforms (设置与开发 → 授权管理).',
    ],
  ),
});

/** To each owner of the organization an AppSecret binding elsewhere wants to take the account from: it moves in 24 hours unless they answer 不是我. */
export const transferPendingMail = (to: string, account: { appid: string; nickname: string }, orgName: string, dueAt: Date, cancelLink: string): Mail => ({
  to,
  subject: `公众号「${account.nickname || account.appid}」将在 24 小时后转到其他组织 / Official account to move in 24 hours`,
  ...paragraphs(
    [
      `有人在 socialinzen 的另一个组织中，用正确的 AppSecret 绑定了公众号 ${label(account)}（开发者模式）。`,
      `如果没有人提出异议，该公众号将于 ${dueAt.toISOString().replace('T', ' ').slice(0, 16)}（UTC）从你的组织「${orgName}」移出。`,
      '如果这不是你们的人所为，请打开下面的链接并点击「不是我」：转移会被取消。之后请在 mp.weixin.qq.com 的「设置与开发 → 基本配置」中重置 AppSecret。',
    ],
    [
      `Someone in another socialinzen organization bound the official account ${account.appid} with its correct AppSecret (direct mode).`,
      `Unless an owner objects, it leaves your organization "${orgName}" at ${dueAt.toISOString()}.`,
      'If that was not one of yours, open this link and answer "Not me": the transfer is cancelled. Then reset the AppSecret at mp.weixin.qq.com (设置与开发 → 基本配置).',
    ],
    { href: cancelLink, zh: '不是我：取消转移' },
  ),
});

/** To the owners of the organization that lost the account when an AppSecret transfer came due. */
export const transferDoneMail = (to: string, account: { appid: string; nickname: string }, orgName: string): Mail => ({
  to,
  subject: `公众号「${account.nickname || account.appid}」已转到其他组织 / Official account moved to another organization`,
  ...paragraphs(
    [
      `24 小时内没有人对 AppSecret 绑定提出异议，公众号 ${label(account)} 已从你的组织「${orgName}」移出。`,
      '你的组织为该公众号安排的群发、待审批内容和同步任务已取消。',
    ],
    [
      `No owner objected within 24 hours to the AppSecret binding: the official account ${account.appid} has left your organization "${orgName}".`,
      "Your organization's scheduled sends, pending approvals and syncs for it are cancelled.",
    ],
  ),
});
