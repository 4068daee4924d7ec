import type { Account } from '../core/data/accounts';
import { NotFoundError, StaleVersionError, ValidationError } from '../core/errors';
import { MenuChanged, menuVersionOf, nextMenuVersion, undoMenuVersion } from './data/menu-version';
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

/**
 * Runs a change of the default menu at WeChat under the next menu version: `expected` (the one the
 * editor loaded) stale answers 40902; WeChat's refusal gives the version back.
 */
const versioned = async (account: Account, expected: number | undefined, change: () => Promise<unknown>): Promise<number> => {
  const version = await nextMenuVersion(account.appid, expected).catch((error: unknown) => {
    if (error instanceof MenuChanged) {
      throw new StaleVersionError(error.message, { field: 'version', rule: 'menu.changedElsewhere', limit: error.version, given: expected }, error.version);
    }
    throw error;
  });
  try {
    await change();
  } catch (error) {
    await undoMenuVersion(account.appid, version);
    throw error;
  }
  return version;
};

export const publishMenu = async (account: Account, button: TopButton[], expected?: number) => {
  const version = await versioned(account, expected, () => createMenu(account, tidy(button)));
  return { button: tidy(button), version };
};

/** The default menu (null when there is none) and the personalised menus, newest last as WeChat lists them. */
export const currentMenus = async (account: Account) => {
  const menus = await readMenus(account);
  return {
    version: menuVersionOf(account),
    menu: menus?.menu ? { button: tidy(menus.menu.button ?? []), ...(menus.menu.menuid === undefined ? {} : { menuid: String(menus.menu.menuid) }) } : null,
    conditionalmenu: (menus?.conditionalmenu ?? []).map((m) => ({ menuid: String(m.menuid), matchrule: m.matchrule, button: tidy(m.button ?? []) })),
  };
};

export const removeMenus = async (account: Account, expected?: number) => ({ version: await versioned(account, expected, () => deleteMenus(account)) });

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
