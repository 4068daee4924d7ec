import { addRuleTexts, given } from '../core/messages/texts';

/** What errors of QR codes, tags and the domains of web authorization say to a person (src/core/messages/texts.ts: how rules are worded). */
export const platformRuleTexts = addRuleTexts({
  'qr.permanentScene': [(d) => `永久二维码的${d.label}为 1 至 ${d.limit} 的整数${given(d, true)}`, (d) => `A permanent QR code's ${d.label} is 1 to ${d.limit}${given(d, false)}.`],
  'qr.temporaryScene': [(d) => `临时二维码的${d.label}为 1 至 ${d.limit} 的整数${given(d, true)}`, (d) => `A temporary QR code's ${d.label} is 1 to ${d.limit}${given(d, false)}.`],
  'qr.expire': [(d) => `${d.label}为 60 至 ${d.limit} 秒（30 天）${given(d, true)}`, (d) => `${d.label}: 60 to ${d.limit} seconds (30 days)${given(d, false)}.`],
  'group.reserved': [(d) => `${d.label} ${d.given} 是微信保留的标签，不能修改或删除`, (d) => `${d.label} ${d.given} is one of WeChat's own tags and cannot be changed.`],
  'group.blacklist': [() => '黑名单不是标签：请在黑名单中管理', () => 'The blacklist is not a tag: manage it under Blacklist.'],
  'domain.notAllowed': [(d) => `${d.label}的域名不在该公众号允许的域名中：请先在「公众号设置」的网页授权域名或 JS 接口安全域名中添加`, (d) => `The domain of ${d.label} is not one this account allows: add it under Settings (web authorization or JS-SDK domains) first.`],
});
