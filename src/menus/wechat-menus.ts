import type { Account } from '../core/data/accounts';
import type { MatchRule, TopButton } from './menu-schema';
import { callAsAccount } from '../wechat/api/account-client';

/** Custom menus (cgi-bin/menu/*). */
type A = Pick<Account, 'appid' | 'mode'>;

export interface WechatMenu {
  button: TopButton[];
  menuid?: number | string;
}

export interface WechatMenus {
  menu: WechatMenu;
  conditionalmenu?: (WechatMenu & { matchrule: Record<string, unknown> })[];
}

export const createMenu = (a: A, button: TopButton[]) => callAsAccount(a, { path: 'cgi-bin/menu/create', json: { button } });

/** 46003 when the account has no menu. */
export const getMenus = (a: A) => callAsAccount<WechatMenus>(a, { method: 'GET', path: 'cgi-bin/menu/get' });

/** Deletes the default menu and every personalised one. */
export const deleteMenus = (a: A) => callAsAccount(a, { method: 'GET', path: 'cgi-bin/menu/delete' });

export const addConditionalMenu = (a: A, button: TopButton[], matchrule: MatchRule) =>
  callAsAccount<{ menuid: number | string }>(a, { path: 'cgi-bin/menu/addconditional', json: { button, matchrule } });

export const deleteConditionalMenu = (a: A, menuid: string) => callAsAccount(a, { path: 'cgi-bin/menu/delconditional', json: { menuid } });

export const tryMatchMenu = (a: A, userId: string) => callAsAccount<{ button: TopButton[] }>(a, { path: 'cgi-bin/menu/trymatch', json: { user_id: userId } });

/** A button as get_current_selfmenu_info lists it (sub-menus under `sub_button.list`; back-office types carry `value`). */
export interface SelfMenuButton {
  type?: string;
  name?: string;
  key?: string;
  url?: string;
  value?: string;
  appid?: string;
  pagepath?: string;
  media_id?: string;
  article_id?: string;
  news_info?: { list?: { title?: string }[] };
  sub_button?: { list?: SelfMenuButton[] } | SelfMenuButton[];
}

/** The menu followers see, however it was made (API or mp.weixin.qq.com's own editor). */
export const getCurrentSelfMenu = (a: A) =>
  callAsAccount<{ is_menu_open?: number; selfmenu_info?: { button?: SelfMenuButton[] } }>(a, { method: 'GET', path: 'cgi-bin/get_current_selfmenu_info' });
