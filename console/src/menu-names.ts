import { call } from './api';
import { useLoaded } from './use-loaded';
import type { Output } from './contract';

type Button = NonNullable<Output<'menus.get'>['menu']>['button'][number];

/**
 * Each menu button's name by what a tap reports: its key (click and the other keyed types) or its
 * link (view), from the menu and every personalised menu. A tap is shown by the name the follower
 * saw (「今日推荐」), not by the key a developer chose (V1001_TODAY).
 */
export const menuNames = (menu: Output<'menus.get'>): Map<string, string> => {
  const names = new Map<string, string>();
  const visit = (buttons: readonly Button[]) => {
    for (const b of buttons) {
      for (const reported of [b.key, b.url]) if (reported && !names.has(reported)) names.set(reported, b.name);
      if (b.sub_button) visit(b.sub_button);
    }
  };
  visit(menu.menu?.button ?? []);
  for (const personalised of menu.conditionalmenu) visit(personalised.button);
  return names;
};

/**
 * The account's button names, read once a page view and shared by every reader (menus.get asks
 * WeChat, 10,000 a day); none when the menu cannot be read (the keys are shown then, and the next
 * reader asks again). Publishing a menu here forgets them.
 */
const cache = new Map<string, Promise<Map<string, string>>>();
export const loadMenuNames = (appid: string): Promise<Map<string, string>> => {
  let names = cache.get(appid);
  if (!names) {
    names = call('menus.get', { appid }).then(menuNames, () => (cache.delete(appid), new Map<string, string>()));
    cache.set(appid, names);
  }
  return names;
};

/** After a menu is published or deleted here: the next reader asks again. */
export const forgetMenuNames = (appid: string) => cache.delete(appid);

/** The button names, read only when `wanted` (menus.get asks WeChat): until then, and without them, keys are shown. */
export const useMenuNames = (appid: string, wanted: boolean): Map<string, string> | undefined => useLoaded(() => loadMenuNames(appid), [appid], wanted);
