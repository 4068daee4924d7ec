import { addRuleTexts } from '../core/messages/texts';

/** What errors of mailed links, e-mail addresses, invitations, usernames and deleting one's account say to a person (src/core/messages/texts.ts: how rules are worded). */
export const usersRuleTexts = addRuleTexts({
  'email.undeliverable': [
    (d) => `无法向 ${d.given} 发送验证邮件（邮件服务拒收该地址），注册未完成：请换一个邮箱地址再试`,
    (d) => `The verification mail to ${d.given} was refused by the mail service: nothing was registered; use another address.`,
  ],
  'format.username': [(d) => `${d.label}只能包含汉字、英文字母、数字 0-9 和 _ . -`, (d) => `${d.label} may hold Chinese characters, Latin letters, digits 0-9, "_", "." and "-" only.`],
  'username.taken': [(d) => `${d.label}已被注册，请换一个`, (d) => `That ${d.label} is taken; choose another.`],
  'username.lookalike': [(d) => `${d.label}与已注册的用户名过于相似（字形、大小写或全半角相近），请换一个`, (d) => `That ${d.label} looks too like a registered one (lookalike letters, case or width); choose another.`],
  'username.ordinaryForm': [(d) => `${d.label}请使用普通字符：不能用全角或花体字母`, (d) => `${d.label}: ordinary characters only, no full-width or styled letters.`],
  'account.onlyOwner': [
    (d) => `你是以下组织唯一的所有者，且组织还有其他成员：${d.given}。请先把其中一位成员设为所有者，或移除其他成员，再注销账号。`,
    (d) => `You are the only owner of ${d.given}, which has other members: make one of them owner, or remove them, before deleting your account.`,
  ],
  'link.verifyGone': [() => '验证链接无效、已使用或已过期：请登录，或在登录页重新发送验证邮件', () => 'This verification link is unknown, used or expired: sign in, or send the mail again from the sign-in page.'],
  'link.verifyAddressTaken': [() => '这个邮箱已被另一个账号先完成验证，本次注册不能再使用它：请用其他邮箱重新注册', () => 'Another account verified this address first, so this registration cannot have it: register again with another address.'],
  'link.verifyRegistrationGone': [() => '这个注册已不存在：它未在 24 小时内验证，用户名或邮箱已被再次注册。请重新注册', () => 'This registration no longer exists: it was not verified within 24 hours and its name or address was registered again. Register again.'],
  'link.resetGone': [() => '重置密码的链接无效、已使用或已过期（有效期 30 分钟）：请在登录页点「忘记密码」重新获取', () => 'This password-reset link is unknown, used or expired (it lasts 30 minutes): ask for a new one with "Forgot password" on the sign-in page.'],
  'link.emailChangeGone': [() => '邮箱变更的链接无效、已使用或已过期：请登录后在「账号安全」中重新修改邮箱', () => 'This e-mail change link is unknown, used or expired: sign in and change the address again under Account security.'],
  'email.same': [() => '新邮箱与当前邮箱相同：请填写另一个邮箱', () => 'That is the address you have already: type another one.'],
  'email.taken': [() => '这个邮箱已被其他账号使用：请换一个邮箱', () => 'Another account uses this address: choose another one.'],
  'invitation.otherAddress': [() => '这份邀请是发给另一个邮箱的：请用收到邀请的邮箱注册或登录', () => 'This invitation was sent to another address: register or sign in with the address it was sent to.'],
});
