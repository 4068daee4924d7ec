import type { Account } from '../core/data/accounts';
import { NotFoundError, ValidationError } from '../core/errors';
import { WechatApiError } from '../wechat/api-error';
import {
  addConditionalMenu,
  createMenu,
  deleteConditionalMenu,
  deleteMenus,
  getMenus,
  tryMatchMenu,
  type WechatMenus,
} from './wechat-menus';
import { linkDomains, type MatchRule, type TopButton } from './menu-schema';
import './rule-texts';

/** WeChat's codes this area turns into the API's own (the rest travel as 50200). */
const MenuWechatCode = { noMenu: 46003, noSuchConditionalMenu: 65301, noSuchUser: 65302, invalidOpenid: 40003 } as const;

const rethrowAs = (codes: number[], error: () => Error) => (cause: unknown) => {
  if (cause instanceof WechatApiError && codes.includes(cause.wxerrcode)) throw error();
  throw cause;
};

/** WeChat's shape, without the empty `sub_button` menu/get puts on every leaf. */
const tidy = (buttons: TopButton[]): TopButton[] =>
  buttons.map(({ sub_button, ...button }) =>
    sub_button?.length ? { ...button, sub_button: sub_button.map(({ sub_button: _none, ...sub }) => sub) } : button,
  );

const readMenus = (account: Account): Promise<WechatMenus | undefined> =>
  getMenus(account).catch((error: unknown) => {
    if (error instanceof WechatApiError && error.wxerrcode === MenuWechatCode.noMenu) return undefined;
    throw error;
  });

export const publishMenu = async (account: Account, button: TopButton[]) => {
  await createMenu(account, tidy(button));
  return { button: tidy(button) };
};

/** The default menu (null when there is none) and the personalised menus, newest last as WeChat lists them. */
export const currentMenus = async (account: Account) => {
  const menus = await readMenus(account);
  return {
    menu: menus?.menu ? { button: tidy(menus.menu.button ?? []), ...(menus.menu.menuid === undefined ? {} : { menuid: String(menus.menu.menuid) }) } : null,
    conditionalmenu: (menus?.conditionalmenu ?? []).map((m) => ({ menuid: String(m.menuid), matchrule: m.matchrule, button: tidy(m.button ?? []) })),
  };
};

export const removeMenus = async (account: Account) => {
  await deleteMenus(account);
  return {};
};

/** WeChat lets a personalised menu link to 3 domains at most (65316). */
const maxLinkDomains = 3;

export const addPersonalisedMenu = async (account: Account, button: TopButton[], matchrule: MatchRule) => {
  const domains = linkDomains(button);
  if (domains.size > maxLinkDomains) {
    throw new ValidationError(`button: personalised menus may link to ${maxLinkDomains} domains at most (${[...domains].join(', ')})`, {
      problem: { field: 'button', rule: 'menu.linkDomains', limit: maxLinkDomains, given: [...domains].join('、') },
    });
  }
  const { menuid } = await addConditionalMenu(account, tidy(button), matchrule);
  return { menuid: String(menuid) };
};

export const removePersonalisedMenu = async (account: Account, menuid: string) => {
  await deleteConditionalMenu(account, menuid).catch(
    rethrowAs([MenuWechatCode.noSuchConditionalMenu], () => new NotFoundError(`menuid: ${menuid} is not a personalised menu of this account`)),
  );
  return {};
};

export const listPersonalisedMenus = async (account: Account) => ({ conditionalmenu: (await currentMenus(account)).conditionalmenu });

/** The menu WeChat would show this follower (a personalised one, or the default). */
export const menuFor = async (account: Account, openid: string) => {
  const { button } = await tryMatchMenu(account, openid).catch(
    rethrowAs([MenuWechatCode.noSuchUser, MenuWechatCode.invalidOpenid], () => new NotFoundError(`openid: ${openid} is not a follower of this account`)),
  );
  return { button: tidy(button ?? []) };
};
