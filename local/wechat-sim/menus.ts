import type { SimErrorBody } from './errors';
import type { Audience } from './audience';
import { perAppid, type SimContext } from './context';
import { followerSend } from './messages';
import { json, okOr, type Routes } from './reply';

/**
 * Custom menus (cgi-bin/menu/*) of the simulated accounts, validated as WeChat validates them,
 * with its errcodes: 40016–40027 for sizes, types, names, keys and URLs of (sub-)buttons, 40054/
 * 40055 for bad links, 40007 for an unknown media_id, 46003 when there is no menu, 65301–65320 for
 * personalised menus. Also what a follower's tap on a button sends to the account's callback, and
 * the menus area's routes (at the end).
 */
export const MenuError = {
  buttonSize: { errcode: 40016, errmsg: 'invalid button size' },
  buttonType: { errcode: 40017, errmsg: 'invalid button type' },
  buttonNameSize: { errcode: 40018, errmsg: 'invalid button name size' },
  buttonKeySize: { errcode: 40019, errmsg: 'invalid button key size' },
  buttonUrlSize: { errcode: 40020, errmsg: 'invalid button url size' },
  subMenuLevel: { errcode: 40022, errmsg: 'invalid sub_menu level' },
  subButtonSize: { errcode: 40023, errmsg: 'invalid sub button size' },
  subButtonType: { errcode: 40024, errmsg: 'invalid sub button type' },
  subButtonNameSize: { errcode: 40025, errmsg: 'invalid sub button name size' },
  subButtonKeySize: { errcode: 40026, errmsg: 'invalid sub button key size' },
  subButtonUrlSize: { errcode: 40027, errmsg: 'invalid sub button url size' },
  subButtonUrlDomain: { errcode: 40054, errmsg: 'invalid sub button url domain' },
  buttonUrlDomain: { errcode: 40055, errmsg: 'invalid button url domain' },
  invalidMediaId: { errcode: 40007, errmsg: 'invalid media_id' },
  invalidAppid: { errcode: 40013, errmsg: 'invalid appid' },
  noMenu: { errcode: 46003, errmsg: 'menu no exist' },
  noSuchConditionalMenu: { errcode: 65301, errmsg: 'this menu is not conditionalmenu' },
  noSuchUser: { errcode: 65302, errmsg: 'no such user' },
  noDefaultMenu: { errcode: 65303, errmsg: 'there is no selfmenu, please create selfmenu first' },
  emptyMatchRule: { errcode: 65304, errmsg: 'match rule empty' },
  tooManyConditionalMenus: { errcode: 65305, errmsg: 'menu count limit' },
  emptyConditionalMenu: { errcode: 65307, errmsg: 'conditional menu is empty' },
  tooManyDomains: { errcode: 65316, errmsg: 'too many domains in menu urls (3 at most)' },
  privacyMatchRule: { errcode: 65320, errmsg: 'matchrule contains privacy info (sex, region, language) which is no longer supported' },
} as const;

const types = new Set([
  'click',
  'view',
  'miniprogram',
  'scancode_push',
  'scancode_waitmsg',
  'pic_sysphoto',
  'pic_photo_or_album',
  'pic_weixin',
  'location_select',
  'media_id',
  'article_id',
  'article_view_limited',
]);
const keyed = new Set(['click', 'scancode_push', 'scancode_waitmsg', 'pic_sysphoto', 'pic_photo_or_album', 'pic_weixin', 'location_select']);

export interface SimButton {
  type?: string;
  name?: string;
  key?: string;
  url?: string;
  appid?: string;
  pagepath?: string;
  media_id?: string;
  article_id?: string;
  sub_button?: SimButton[];
}

interface ConditionalMenu {
  menuid: number;
  button: SimButton[];
  matchrule: Record<string, string>;
}

const bytes = (s: unknown) => (typeof s === 'string' ? Buffer.byteLength(s, 'utf8') : 0);
const str = (s: unknown): s is string => typeof s === 'string' && s.length > 0;

/** WeChat's check of one leaf button; `sub` picks the sub-button errcodes. */
const checkLeaf = (b: SimButton, sub: boolean, mediaExists: (id: string) => boolean): SimErrorBody | undefined => {
  if (!b.type || !types.has(b.type)) return sub ? MenuError.subButtonType : MenuError.buttonType;
  const nameBytes = bytes(b.name);
  if (nameBytes === 0 || nameBytes > (sub ? 60 : 16)) return sub ? MenuError.subButtonNameSize : MenuError.buttonNameSize;
  if (keyed.has(b.type) && (!str(b.key) || bytes(b.key) > 128)) return sub ? MenuError.subButtonKeySize : MenuError.buttonKeySize;
  if (b.type === 'view' || b.type === 'miniprogram') {
    if (!str(b.url) || bytes(b.url) > 1024) return sub ? MenuError.subButtonUrlSize : MenuError.buttonUrlSize;
    if (!/^https?:\/\/[^\s/?#]+/i.test(b.url)) return sub ? MenuError.subButtonUrlDomain : MenuError.buttonUrlDomain;
  }
  if (b.type === 'miniprogram' && (!/^wx[0-9A-Za-z]{16}$/.test(b.appid ?? '') || !str(b.pagepath))) return MenuError.invalidAppid;
  if (b.type === 'media_id' && !(str(b.media_id) && mediaExists(b.media_id))) return MenuError.invalidMediaId;
  if ((b.type === 'article_id' || b.type === 'article_view_limited') && !str(b.article_id)) return MenuError.invalidMediaId;
  return undefined;
};

export const checkButtons = (buttons: unknown, mediaExists: (id: string) => boolean): SimErrorBody | undefined => {
  if (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > 3) return MenuError.buttonSize;
  for (const b of buttons as SimButton[]) {
    const subs = b.sub_button ?? [];
    if (subs.length === 0) {
      const failure = checkLeaf(b, false, mediaExists);
      if (failure) return failure;
      continue;
    }
    const nameBytes = bytes(b.name);
    if (nameBytes === 0 || nameBytes > 16) return MenuError.buttonNameSize;
    if (subs.length > 5) return MenuError.subButtonSize;
    for (const s of subs) {
      if (s.sub_button?.length) return MenuError.subMenuLevel;
      const failure = checkLeaf(s, true, mediaExists);
      if (failure) return failure;
    }
  }
  return undefined;
};

const leaves = (buttons: SimButton[]) => buttons.flatMap((b) => (b.sub_button?.length ? b.sub_button : [b]));

const domains = (buttons: SimButton[]) =>
  leaves(buttons)
    .filter((b) => b.type === 'view' || b.type === 'miniprogram')
    .map((b) => new URL(b.url!).hostname.toLowerCase());

/** WeChat's menu/get shape: every leaf carries an empty sub_button. */
const asListed = (buttons: SimButton[]) =>
  buttons.map((b) => (b.sub_button?.length ? { name: b.name, sub_button: b.sub_button.map((s) => ({ ...s, sub_button: [] })) } : { ...b, sub_button: [] }));

const privacyFields = ['sex', 'country', 'province', 'city', 'language'];

/**
 * A button as cgi-bin/get_current_selfmenu_info lists it: sub-menus under `sub_button.list`, and
 * for menus made in mp.weixin.qq.com's own editor the back office's types (text, img, voice,
 * video, news with `value` and `news_info`) beside view.
 */
export interface SelfMenuButton {
  type?: string;
  name?: string;
  key?: string;
  url?: string;
  value?: string;
  appid?: string;
  pagepath?: string;
  news_info?: { list: Record<string, unknown>[] };
  sub_button?: { list: SelfMenuButton[] };
}

/** An API-made menu in get_current_selfmenu_info's shape (the API's own fields, sub-menus under `list`). */
const asSelfMenu = (buttons: SimButton[]): SelfMenuButton[] =>
  buttons.map(({ sub_button, ...b }) => (sub_button?.length ? { name: b.name, sub_button: { list: sub_button.map(({ sub_button: _none, ...s }) => s) } } : b));

/** One account's menus. */
export class MenuBook {
  menu: SimButton[] | undefined;
  /** A menu made in the back office (mp.weixin.qq.com), set through the control API; an API menu replaces it. */
  backOffice: { open: boolean; button: SelfMenuButton[] } | undefined;
  private menuid = 0;
  conditional: ConditionalMenu[] = [];
  private nextId = 400000000 + Math.floor(Math.random() * 1000000);

  create(buttons: unknown, mediaExists: (id: string) => boolean): SimErrorBody | undefined {
    const failure = checkButtons(buttons, mediaExists);
    if (failure) return failure;
    this.menu = buttons as SimButton[];
    this.menuid = this.nextId++;
    this.backOffice = undefined;
    return undefined;
  }

  /**
   * cgi-bin/get_current_selfmenu_info: the menu followers see however it was made: an API menu's
   * development configuration, else the one the operator published in the back office.
   */
  selfMenuInfo(): object {
    if (this.menu) return { is_menu_open: 1, selfmenu_info: { button: asSelfMenu(this.menu) } };
    if (this.backOffice) return { is_menu_open: this.backOffice.open ? 1 : 0, selfmenu_info: { button: this.backOffice.button } };
    return { is_menu_open: 0, selfmenu_info: { button: [] } };
  }

  get(): SimErrorBody | object {
    if (!this.menu) return MenuError.noMenu;
    const withIds = this.conditional.length > 0;
    return {
      menu: { button: asListed(this.menu), ...(withIds ? { menuid: this.menuid } : {}) },
      ...(withIds
        ? { conditionalmenu: this.conditional.map((c) => ({ button: asListed(c.button), matchrule: c.matchrule, menuid: c.menuid })) }
        : {}),
    };
  }

  delete(): void {
    this.menu = undefined;
    this.backOffice = undefined;
    this.conditional = [];
  }

  addConditional(body: Record<string, unknown>, mediaExists: (id: string) => boolean): SimErrorBody | { menuid: number } {
    if (!this.menu) return MenuError.noDefaultMenu;
    if (!Array.isArray(body['button']) || body['button'].length === 0) return MenuError.emptyConditionalMenu;
    const failure = checkButtons(body['button'], mediaExists);
    if (failure) return failure;
    const rule = (body['matchrule'] ?? {}) as Record<string, unknown>;
    if (privacyFields.some((f) => rule[f] !== undefined && rule[f] !== '')) return MenuError.privacyMatchRule;
    const matchrule: Record<string, string> = {};
    for (const f of ['tag_id', 'client_platform_type']) if (rule[f] !== undefined && rule[f] !== '') matchrule[f] = String(rule[f]);
    if (Object.keys(matchrule).length === 0) return MenuError.emptyMatchRule;
    const allDomains = new Set([...this.conditional.flatMap((c) => domains(c.button)), ...domains(body['button'] as SimButton[])]);
    if (allDomains.size > 3) return MenuError.tooManyDomains;
    if (this.conditional.length >= 20) return MenuError.tooManyConditionalMenus;
    const menuid = this.nextId++;
    this.conditional.push({ menuid, button: body['button'] as SimButton[], matchrule });
    return { menuid };
  }

  deleteConditional(menuid: unknown): SimErrorBody | undefined {
    const index = this.conditional.findIndex((c) => String(c.menuid) === String(menuid));
    if (index === -1) return MenuError.noSuchConditionalMenu;
    this.conditional.splice(index, 1);
    return undefined;
  }

  /**
   * The menu a follower sees: personalised menus newest first, the first whose every condition
   * holds; a follower with several tags is matched by the last one given. The client platform is
   * what the follower last used (unknown: 3, others).
   */
  match(follower: { tagid_list: number[] }, platform = '3'): { menu: SimButton[]; menuid?: number } | undefined {
    if (!this.menu) return undefined;
    const lastTag = follower.tagid_list[follower.tagid_list.length - 1];
    for (const c of [...this.conditional].reverse()) {
      const tagOk = c.matchrule['tag_id'] === undefined || c.matchrule['tag_id'] === String(lastTag);
      const platformOk = c.matchrule['client_platform_type'] === undefined || c.matchrule['client_platform_type'] === platform;
      if (tagOk && platformOk) return { menu: c.button, menuid: c.menuid };
    }
    return { menu: this.menu };
  }
}

/** A button by its path (`button[0].sub_button[2]`), if it is a leaf of the menu. */
export const buttonAt = (menu: SimButton[], path: string): SimButton | undefined => {
  const m = /^button\[(\d)\](?:\.sub_button\[(\d)\])?$/.exec(path.trim());
  if (!m) return undefined;
  const top = menu[Number(m[1])];
  const button = m[2] === undefined ? top : top?.sub_button?.[Number(m[2])];
  return button && !button.sub_button?.length ? button : undefined;
};

export interface TapDetails {
  scanResult?: string;
  pics?: string[];
  location?: { x: number; y: number; scale?: number; label?: string; poiname?: string };
}

/**
 * What WeChat pushes to the callback when a follower taps this button (undefined: nothing is
 * pushed, e.g. media_id and article buttons, which WeChat answers itself).
 */
export const tapEvent = (button: SimButton, menuid: number | undefined, details: TapDetails): Record<string, unknown> | undefined => {
  const base = { MsgType: 'event' };
  switch (button.type) {
    case 'click':
      return { ...base, Event: 'CLICK', EventKey: button.key };
    case 'view':
      return { ...base, Event: 'VIEW', EventKey: button.url, ...(menuid === undefined ? {} : { MenuId: menuid }) };
    case 'miniprogram':
      return { ...base, Event: 'view_miniprogram', EventKey: button.pagepath, ...(menuid === undefined ? {} : { MenuId: menuid }) };
    case 'scancode_push':
    case 'scancode_waitmsg':
      return {
        ...base,
        Event: button.type,
        EventKey: button.key,
        ScanCodeInfo: { ScanType: 'qrcode', ScanResult: details.scanResult ?? 'https://example.com/scanned' },
      };
    case 'pic_sysphoto':
    case 'pic_photo_or_album':
    case 'pic_weixin': {
      const pics = details.pics ?? ['1b5f7c23b5bf75682a53e7b6d163e185'];
      return { ...base, Event: button.type, EventKey: button.key, SendPicsInfo: { Count: pics.length, PicList: pics.map((p) => ({ PicMd5Sum: p })) } };
    }
    case 'location_select': {
      const l = details.location ?? { x: 23.137466, y: 113.352425 };
      return {
        ...base,
        Event: 'location_select',
        EventKey: button.key,
        SendLocationInfo: { Location_X: String(l.x), Location_Y: String(l.y), Scale: String(l.scale ?? 15), Label: l.label ?? '广州市海珠区', Poiname: l.poiname ?? '' },
      };
    }
    default:
      return undefined;
  }
};

export type { Audience };

/** The menus area: cgi-bin/menu/*, and through the control API a follower tapping a button. */
export const menus = (ctx: SimContext): Routes => {
  const menusOf = perAppid(() => new MenuBook());
  ctx.keepPerAppid('menus', menusOf);
  return {
    'POST /cgi-bin/menu/create': (req) =>
      ctx.accountCall(req, 'cgi-bin/menu/create', (appid) => okOr(menusOf(appid).create(req.body['button'], ctx.materialExists(appid)))),
    'GET /cgi-bin/menu/get': (req) => ctx.accountCall(req, 'cgi-bin/menu/get', (appid) => json(menusOf(appid).get())),
    'GET /cgi-bin/get_current_selfmenu_info': (req) =>
      ctx.accountCall(req, 'cgi-bin/get_current_selfmenu_info', (appid) => json(menusOf(appid).selfMenuInfo())),
    'GET /cgi-bin/menu/delete': (req) =>
      ctx.accountCall(req, 'cgi-bin/menu/delete', (appid) => {
        menusOf(appid).delete();
        return okOr(undefined);
      }),
    'POST /cgi-bin/menu/addconditional': (req) =>
      ctx.accountCall(req, 'cgi-bin/menu/addconditional', (appid) => json(menusOf(appid).addConditional(req.body, ctx.materialExists(appid)))),
    'POST /cgi-bin/menu/delconditional': (req) =>
      ctx.accountCall(req, 'cgi-bin/menu/delconditional', (appid) => okOr(menusOf(appid).deleteConditional(req.body['menuid']))),
    'POST /cgi-bin/menu/trymatch': (req) =>
      ctx.accountCall(req, 'cgi-bin/menu/trymatch', (appid) => {
        const follower = ctx.audienceOf(appid).followers.get(String(req.body['user_id'] ?? ''));
        if (!follower) return json(MenuError.noSuchUser);
        const matched = menusOf(appid).match(follower);
        return json(matched ? { button: matched.menu } : MenuError.noMenu);
      }),

    // ---- control API ----
    /**
     * A menu the operator made in mp.weixin.qq.com's editor: {appid, button (get_current_selfmenu_info's
     * shape), is_menu_open? (default 1)}; menu/get still answers 46003 for it, as WeChat does.
     */
    'PUT /__sim/back-office/menu': (req) => {
      const book = menusOf(String(req.body['appid'] ?? ''));
      book.backOffice = { open: req.body['is_menu_open'] !== 0, button: (req.body['button'] ?? []) as SelfMenuButton[] };
      return json(book.selfMenuInfo());
    },
    /** The menu this follower sees (the follower panel draws it): {menu, menuid?}, an empty menu when none. */
    'GET /__sim/follower/menu': (req) => {
      const appid = req.query.get('appid') ?? '';
      const follower = ctx.audienceOf(appid).followers.get(req.query.get('openid') ?? '') ?? { tagid_list: [] };
      return json(menusOf(appid).match(follower) ?? { menu: [] });
    },
    /**
     * A follower taps a menu button: {appid, via, mode, openid?, button: "button[0].sub_button[1]",
     * scanResult?, pics?, location?}. The button is looked up in the menu this follower sees; what
     * WeChat would push for it goes to the callback.
     */
    'POST /__sim/follower/menu': async (req) => {
      const appid = String(req.body['appid'] ?? '');
      const audience = ctx.audienceOf(appid);
      const openid = String(req.body['openid'] ?? audience.addFollowers(1)[0]);
      const follower = audience.followers.get(openid) ?? { tagid_list: [] };
      const seen = menusOf(appid).match(follower);
      if (!seen) return { status: 400, json: { error: 'the account has no menu' } };
      const button = buttonAt(seen.menu, String(req.body['button'] ?? ''));
      if (!button) return { status: 400, json: { error: `no leaf button at ${String(req.body['button'])} in the menu this follower sees` } };
      const event = tapEvent(button, seen.menuid, req.body as TapDetails);
      if (!event) return json({ button, pushed: false });
      const sent = await followerSend(ctx, { ...req.body, message: { FromUserName: openid, ...event } });
      return 'json' in sent ? json({ button, pushed: true, ...(sent.json as object) }) : sent;
    },
  };
};
