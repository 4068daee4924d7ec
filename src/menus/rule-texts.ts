import { addRuleTexts } from '../core/messages/texts';

/** What errors of custom menus (自定义菜单) say to a person (src/core/messages/texts.ts: how rules are worded). */
export const menusRuleTexts = addRuleTexts({
  'menu.twoLevels': [(d) => `${d.label}下不能再有子菜单：微信菜单最多两级`, (d) => `${d.label} cannot have buttons under it: WeChat menus have two levels.`],
  'menu.parentHasNoType': [(d) => `${d.label}：带子菜单的菜单只用于展开子菜单，不能设置类型`, (d) => `${d.label}: a button with a sub-menu only opens it and has no type of its own.`],
  'menu.linkDomains': [(d) => `个性化菜单最多链接 ${d.limit} 个域名，当前 ${d.given}`, (d) => `A personalised menu may link to ${d.limit} domains at most (${d.given}).`],
  'menu.privacyMatch': [() => '微信已不再按性别、地区、语言匹配个性化菜单，请改用用户标签或手机系统', () => 'WeChat no longer matches menus on sex, region or language; use a user tag or the phone system.'],
  'menu.platform': [(d) => `${d.label}只能是 1（iOS）、2（Android）或 3（其他）`, (d) => `${d.label} must be 1 (iOS), 2 (Android) or 3 (others).`],
  'menu.matchNeedsOne': [() => '请至少设置一个匹配条件：用户标签或手机系统', () => 'Set at least one condition: a user tag or the phone system.'],
  'menu.changedElsewhere': [
    (d) => `自定义菜单已在别处修改（现为第 ${d.limit} 版，你打开的是第 ${d.given ?? 0} 版）：请重新加载，看过最新菜单后再发布`,
    (d) => `The menu was changed elsewhere (now version ${d.limit}, you opened version ${d.given ?? 0}): reload, check the latest, then publish again.`,
  ],
});
