import type { Account } from '../core/data/accounts';
import { WechatApiError } from '../wechat/api-error';
import { buttonTypes, type ButtonType } from './button-types';
import type { SubButton, TopButton } from './menu-schema';
import { menuVersionOf } from './data/menu-version';
import { getCurrentSelfMenu, getMenus, type SelfMenuButton } from './wechat-menus';

/**
 * The menu followers see now. menu/get knows only menus made through the API; a menu the operator
 * published in mp.weixin.qq.com's own editor is answered by get_current_selfmenu_info alone
 * (查询自定义菜单信息: "如果公众号是在公众平台官网通过网站功能发布菜单，则本接口返回运营者设置的
 * 菜单配置"). Publishing replaces it, so the owner is shown it first, and can take it into the editor:
 * back-office types the API cannot publish are converted where WeChat allows, else kept as a
 * button to finish, each with the reason.
 */
export type LiveSource = 'api' | 'backOffice' | 'none';

export interface ConversionNote {
  path: string;
  name: string;
  from: string;
  outcome: 'converted' | 'incomplete';
  reason: string;
  /** A text button becomes a click: this rule (keyword = its key) answers the tap as the back office did. */
  rule?: { keyword: string; text: string };
}

const leafName = (b: SelfMenuButton) => b.name ?? '';
const subsOf = (b: SelfMenuButton): SelfMenuButton[] => (Array.isArray(b.sub_button) ? b.sub_button : (b.sub_button?.list ?? []));
const isApiType = (type: string | undefined): type is ButtonType => buttonTypes.includes(type as ButtonType);

/** The back office's "text" button has no API type: a click whose key a keyword rule answers. */
const textKey = (path: number[]) => `SELFMENU_TEXT_${path.join('_')}`;

const convertLeaf = (b: SelfMenuButton, path: number[], notes: ConversionNote[]): Omit<SubButton, 'sub_button'> => {
  const where = path.length === 1 ? `button[${path[0]}]` : `button[${path[0]}].sub_button[${path[1]}]`;
  const name = leafName(b);
  const note = (outcome: ConversionNote['outcome'], reason: string, extra: Partial<ConversionNote> = {}) =>
    notes.push({ path: where, name, from: b.type ?? '', outcome, reason, ...extra });
  const type = (b.type ?? '').toLowerCase();
  if (isApiType(type)) {
    const fields = Object.fromEntries((['key', 'url', 'appid', 'pagepath', 'media_id', 'article_id'] as const).filter((f) => typeof b[f] === 'string' && b[f] !== '').map((f) => [f, b[f]]));
    return { type, name, ...fields };
  }
  switch (type) {
    case 'text': {
      const key = textKey(path);
      note('converted', 'text replies are set in the back office only: made a click button whose key a keyword rule answers with the same text', {
        rule: { keyword: key, text: b.value ?? '' },
      });
      return { type: 'click', name, key };
    }
    case 'news':
      // "News：保存图文消息到news_info，同时保存mediaID到value": a permanent news material, which a media_id button sends.
      if (b.value) {
        note('converted', 'news: sent by a media_id button with the same permanent news material');
        return { type: 'media_id', name, media_id: b.value };
      }
      note('incomplete', 'news without a material id: choose a material for this button');
      return { type: 'media_id', name };
    case 'img':
    case 'photo':
    case 'voice':
      note('incomplete', `${type}: WeChat lists the back office's media as temporary media (valid 3 days), which a menu cannot use; upload it as a permanent material and choose it`);
      return { type: 'media_id', name };
    case 'video':
      note('incomplete', 'video: WeChat lists only a download link for the back office\'s video; upload it as a permanent material and choose it');
      return { type: 'media_id', name };
    default:
      note('incomplete', `${type || 'no type'}: not a type the API publishes; choose one`);
      return { type: 'click', name };
  }
};

export const convertSelfMenu = (buttons: SelfMenuButton[]): { button: TopButton[]; notes: ConversionNote[] } => {
  const notes: ConversionNote[] = [];
  const button = buttons.map((top, i): TopButton => {
    const subs = subsOf(top);
    if (subs.length === 0) return convertLeaf(top, [i], notes);
    return { name: leafName(top), sub_button: subs.map((s, j) => convertLeaf(s, [i, j], notes)) };
  });
  return { button, notes };
};

/** The live menu as WeChat lists it, sub-menus as arrays and a news button's article titles (the answer's shape). */
const liveFields = ['type', 'name', 'key', 'url', 'value', 'appid', 'pagepath', 'media_id', 'article_id'] as const;
type LiveButton = Partial<Record<(typeof liveFields)[number], string>> & { news_titles?: string[]; sub_button?: LiveButton[] };
const liveView = (b: SelfMenuButton): LiveButton => {
  const view: LiveButton = {};
  for (const f of liveFields) if (typeof b[f] === 'string') view[f] = b[f];
  if (b.news_info?.list?.length) view.news_titles = b.news_info.list.map((a) => a.title ?? '');
  const subs = subsOf(b);
  if (subs.length) view.sub_button = subs.map(liveView);
  return view;
};

const MenuWechatCode = { noMenu: 46003 } as const;

export const liveMenu = async (account: Account) => {
  const [current, api] = await Promise.all([
    getCurrentSelfMenu(account),
    getMenus(account).catch((error: unknown) => {
      if (error instanceof WechatApiError && error.wxerrcode === MenuWechatCode.noMenu) return undefined;
      throw error;
    }),
  ]);
  const buttons = current.selfmenu_info?.button ?? [];
  const version = menuVersionOf(account);
  const open = current.is_menu_open === 1 && buttons.length > 0;
  const source: LiveSource = api?.menu ? 'api' : open ? 'backOffice' : 'none';
  if (source !== 'backOffice') return { version, isMenuOpen: open, source, live: open ? { button: buttons.map(liveView) } : null, editor: null, notes: [] };
  const { button, notes } = convertSelfMenu(buttons);
  return { version, isMenuOpen: open, source, live: { button: buttons.map(liveView) }, editor: { button }, notes };
};
