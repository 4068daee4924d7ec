import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { userWithComponentAccount, userWithDirectAccount, type UserWithAccount } from '../support/accounts';
import { call } from '../support/http';
import { multipartBody, sampleFile } from '../support/media';
import { sim } from '../support/wechat-sim';

/** Custom menus over HTTP, through the local stack and the simulated WeChat (issue 15). */
const as = (owner: UserWithAccount, path: string, json: Record<string, unknown> = {}) =>
  call(path, { token: owner.user.token, json: { appid: owner.account.appid, ...json } });

const createCalls = async (appid: string, path = 'cgi-bin/menu/create') => (await sim.calls(appid))[path] ?? 0;

const uploadImage = async (owner: UserWithAccount): Promise<string> => {
  const { body, contentType } = multipartBody([
    { name: 'appid', value: owner.account.appid },
    { name: 'type', value: 'image' },
    { name: 'file', value: sampleFile.png(), filename: 'menu.png', type: 'image/png' },
  ]);
  const res = await call('/apis/materials/uploadMaterial', { token: owner.user.token, raw: body, contentType });
  expect(res.body.errcode, res.text).toBe(0);
  return res.body.mediaId as string;
};

/** A menu holding every button type WeChat takes: 12 leaves over 3 columns. */
const everyType = (mediaId: string) => [
  {
    name: '服务',
    sub_button: [
      { type: 'click', name: '今日推荐', key: 'TODAY' },
      { type: 'view', name: '官网', url: 'https://shop.example.com/' },
      { type: 'miniprogram', name: '小程序', url: 'https://shop.example.com/mp', appid: 'wx286b93c14bbf93aa', pagepath: 'pages/index/index' },
      { type: 'scancode_push', name: '扫码', key: 'SCAN_PUSH' },
      { type: 'scancode_waitmsg', name: '扫码等待', key: 'SCAN_WAIT' },
    ],
  },
  {
    name: '发图',
    sub_button: [
      { type: 'pic_sysphoto', name: '拍照', key: 'PIC_SYS' },
      { type: 'pic_photo_or_album', name: '拍照或相册', key: 'PIC_ANY' },
      { type: 'pic_weixin', name: '微信相册', key: 'PIC_WX' },
      { type: 'location_select', name: '位置', key: 'LOC' },
      { type: 'media_id', name: '图片', media_id: mediaId },
    ],
  },
  {
    name: '文章',
    sub_button: [
      { type: 'article_id', name: '发布的文章', article_id: 'ARTICLE_ID_1' },
      { type: 'article_view_limited', name: '文章详情', article_id: 'ARTICLE_ID_2' },
    ],
  },
];

describe('custom menu', () => {
  it('publishes a menu with every button type, reads it back as published, and deletes it', async () => {
    // Prepare
    const owner = await userWithDirectAccount();
    const menu = everyType(await uploadImage(owner));

    // Act
    const created = await as(owner, '/apis/menus/createMenu', { button: menu });
    const read = await as(owner, '/apis/menus/getMenu');
    const deleted = await as(owner, '/apis/menus/deleteMenu');
    const afterDelete = await as(owner, '/apis/menus/getMenu');

    // Assess
    expect(created.body, created.text).toEqual({ errcode: 0, msg: 'ok', button: menu, version: 1 });
    expect(read.body).toEqual({ errcode: 0, msg: 'ok', version: 1, menu: { button: menu }, conditionalmenu: [] });
    expect(deleted.body).toEqual({ errcode: 0, msg: 'ok', version: 2 });
    expect(afterDelete.body).toEqual({ errcode: 0, msg: 'ok', version: 2, menu: null, conditionalmenu: [] });
  });

  it('takes a menu as a JSON string in a form field, and replaces the previous one', async () => {
    const owner = await userWithComponentAccount();
    await as(owner, '/apis/menus/createMenu', { button: [{ type: 'click', name: 'Old', key: 'OLD' }] });

    const res = await call('/apis/menus/createMenu', {
      token: owner.user.token,
      form: { appid: owner.account.appid, button: JSON.stringify([{ type: 'view', name: 'New', url: 'https://example.com/new' }]) },
    });
    const read = await as(owner, '/apis/menus/getMenu');

    expect(res.body.errcode, res.text).toBe(0);
    expect(read.body.menu).toEqual({ button: [{ type: 'view', name: 'New', url: 'https://example.com/new' }] });
  });

  it("accepts every limit at WeChat's maximum, counted in UTF-8 bytes", async () => {
    const owner = await userWithDirectAccount();
    const url = `https://example.com/${'a'.repeat(1024 - 'https://example.com/'.length)}`;
    const menu = [
      { type: 'click', name: '今日歌曲abcd', key: 'k'.repeat(128) }, // 12 + 4 = 16 bytes
      { name: 'Top', sub_button: Array.from({ length: 5 }, (_, i) => ({ type: 'view', name: `${'二级菜单'.repeat(4)}${'x'.repeat(11)}${i}`, url })) }, // 48 + 12 = 60 bytes
      { type: 'click', name: 'Third', key: '键'.repeat(42) + 'kk' }, // 126 + 2 = 128 bytes
    ];

    const res = await as(owner, '/apis/menus/createMenu', { button: menu });

    expect(res.body.errcode, res.text).toBe(0);
    expect((await as(owner, '/apis/menus/getMenu')).body.menu.button).toEqual(menu);
  });

  it("refuses each limit before WeChat is called, naming the button's path", async () => {
    // Prepare
    const owner = await userWithDirectAccount();
    const click = (name = 'Btn', key = 'K') => ({ type: 'click', name, key });
    const view = (url: string) => ({ type: 'view', name: 'Link', url });
    // The answer names the field's path, the rule, the limit and what was given (src/core/messages).
    type Problem = { field: string; rule: string; limit?: number; given?: number };
    const cases: [unknown, Problem][] = [
      [[click(), click(), click(), click()], { field: 'button', rule: 'maxItems', limit: 3, given: 4 }],
      [[], { field: 'button', rule: 'minItems' }],
      [[click(), { name: 'More', sub_button: Array.from({ length: 6 }, () => click()) }], { field: 'button[1].sub_button', rule: 'maxItems', limit: 5, given: 6 }],
      [[click('abcdefghijklmnopq')], { field: 'button[0].name', rule: 'maxBytes', limit: 16, given: 17 }],
      [[click('今日歌曲今日')], { field: 'button[0].name', rule: 'maxBytes', limit: 16, given: 18 }],
      [[click(), { name: 'More', sub_button: [click(), click(), click(), click('x'.repeat(49) + '二级菜单')] }], { field: 'button[1].sub_button[3].name', rule: 'maxBytes', limit: 60, given: 61 }],
      [[click('Key', 'k'.repeat(129))], { field: 'button[0].key', rule: 'maxBytes', limit: 128, given: 129 }],
      [[click('Key', '键'.repeat(43))], { field: 'button[0].key', rule: 'maxBytes', limit: 128, given: 129 }],
      [[click(), click(), { name: 'Links', sub_button: [view(`https://example.com/${'a'.repeat(1005)}`)] }], { field: 'button[2].sub_button[0].url', rule: 'maxBytes', limit: 1024, given: 1025 }],
      [[view('ftp://example.com/')], { field: 'button[0].url', rule: 'httpUrl' }],
      [[{ type: 'click', name: 'No key' }], { field: 'button[0].key', rule: 'required' }],
      [[{ type: 'view', name: 'No url' }], { field: 'button[0].url', rule: 'required' }],
      [[{ type: 'miniprogram', name: 'Mp', url: 'https://example.com/' }], { field: 'button[0].appid', rule: 'required' }],
      [[{ type: 'media_id', name: 'Media' }], { field: 'button[0].media_id', rule: 'required' }],
      [[{ type: 'article_id', name: 'Article' }], { field: 'button[0].article_id', rule: 'required' }],
      [[{ name: 'No type' }], { field: 'button[0].type', rule: 'required' }],
      [[{ type: 'view_limited', name: 'Old type', media_id: 'M' }], { field: 'button[0].type', rule: 'oneOf' }],
      [[{ name: 'Three', sub_button: [{ type: 'click', name: 'Two', key: 'K', sub_button: [click()] }] }], { field: 'button[0].sub_button[0].sub_button', rule: 'menu.twoLevels' }],
      [[{ type: 'click', name: 'Both', key: 'K', sub_button: [click()] }], { field: 'button[0].type', rule: 'menu.parentHasNoType' }],
    ];
    const before = await createCalls(owner.account.appid);

    // Act / Assess
    for (const [button, problem] of cases) {
      const res = await as(owner, '/apis/menus/createMenu', { button });
      expect(res.status, JSON.stringify(button)).toBe(400);
      expect(res.body, res.text).toMatchObject({ errcode: 40000, ...problem });
    }
    // What the operator reads (the API's default language): the label, where, the limit, what was given.
    const chinese = await call('/apis/menus/createMenu', { token: owner.user.token, json: { appid: owner.account.appid, button: [click(), click(), click('今日歌曲今日')] }, headers: { 'accept-language': 'zh-CN' } });
    expect(chinese.body.msg).toBe('菜单名称（第 3 个菜单）最多 16 个字节（约 5 个汉字），当前 18 个字节');
    expect(await createCalls(owner.account.appid)).toBe(before);
  });

  it('answers 40300 for another user’s appid without calling WeChat', async () => {
    const owner = await userWithDirectAccount();
    const intruder = await userWithDirectAccount();

    const foreign = await call('/apis/menus/createMenu', {
      token: intruder.user.token,
      json: { appid: owner.account.appid, button: [{ type: 'click', name: 'Mine', key: 'K' }] },
    });
    const foreignRead = await call('/apis/menus/getMenu', { token: intruder.user.token, json: { appid: owner.account.appid } });

    expect(foreign.body.errcode).toBe(40300);
    expect(foreignRead.body.errcode).toBe(40300);
    expect(await createCalls(owner.account.appid)).toBe(0);
  });

  it("answers WeChat's refusal of an unknown media_id (40007) as 40400, keeping WeChat's code", async () => {
    const owner = await userWithDirectAccount();

    const res = await as(owner, '/apis/menus/createMenu', { button: [{ type: 'media_id', name: 'Pic', media_id: 'NOT_A_MATERIAL' }] });

    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ errcode: 40400, wxerrcode: 40007 });
  });
});

describe('the custom menu keeps work: versions', () => {
  it('refuses a publish from an editor that loaded an older version with 40902, and keeps the menu the other published', async () => {
    // Prepare: two editors load version 0
    const owner = await userWithDirectAccount();
    const loaded = (await as(owner, '/apis/menus/getMenu')).body.version;

    // Act
    const first = await as(owner, '/apis/menus/createMenu', { version: loaded, button: [{ type: 'click', name: '今日', key: 'TODAY' }] });
    const second = await as(owner, '/apis/menus/createMenu', { version: loaded, button: [{ type: 'click', name: '明日', key: 'TOMORROW' }] });
    const chinese = await call('/apis/menus/createMenu', {
      token: owner.user.token,
      headers: { 'accept-language': 'zh-CN' },
      json: { appid: owner.account.appid, version: loaded, button: [{ type: 'click', name: '明日', key: 'TOMORROW' }] },
    });
    const staleDelete = await as(owner, '/apis/menus/deleteMenu', { version: loaded });
    const read = await as(owner, '/apis/menus/getMenu');

    // Assess
    expect(loaded).toBe(0);
    expect(first.body).toMatchObject({ errcode: 0, version: 1 });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ errcode: 40902, field: 'version', rule: 'menu.changedElsewhere', limit: 1, given: 0, version: 1 });
    expect(chinese.body.msg).toContain('已在别处修改');
    expect(staleDelete.body).toMatchObject({ errcode: 40902, version: 1 });
    expect(read.body).toMatchObject({ version: 1, menu: { button: [{ type: 'click', name: '今日', key: 'TODAY' }] } });
  });

  it("gives the version back when WeChat refuses the publish, so the editor's next try is not called stale", async () => {
    // Prepare
    const owner = await userWithDirectAccount();

    // Act: WeChat refuses an unknown media_id (40007)
    const refused = await as(owner, '/apis/menus/createMenu', { version: 0, button: [{ type: 'media_id', name: 'Pic', media_id: 'NOT_A_MATERIAL' }] });
    const retried = await as(owner, '/apis/menus/createMenu', { version: 0, button: [{ type: 'click', name: 'OK', key: 'OK' }] });

    // Assess
    expect(refused.body.errcode).not.toBe(0);
    expect(retried.body).toMatchObject({ errcode: 0, version: 1 });
  });
});

describe('personalised menus', () => {
  const defaultMenu = [{ type: 'click', name: 'Default', key: 'DEFAULT' }];
  const vipMenu = [{ type: 'click', name: 'VIP', key: 'VIP' }];

  it('adds a menu for a tag, lists it, shows it to the tagged follower only, and deletes it', async () => {
    // Prepare
    const owner = await userWithDirectAccount();
    const tag = await sim.createTag(owner.account.appid, 'VIP');
    const [vip] = (await sim.addFollowers(owner.account.appid, 1, tag.id)).openids;
    const [plain] = (await sim.addFollowers(owner.account.appid, 1)).openids;
    await as(owner, '/apis/menus/createMenu', { button: defaultMenu });

    // Act
    const added = await as(owner, '/apis/menus/addConditionalMenu', { button: vipMenu, matchrule: { tag_id: tag.id } });
    const listed = await as(owner, '/apis/menus/listConditionalMenus');
    const forVip = await as(owner, '/apis/menus/tryMatchMenu', { openid: vip });
    const forPlain = await as(owner, '/apis/menus/tryMatchMenu', { openid: plain });
    const removed = await as(owner, '/apis/menus/deleteConditionalMenu', { menuid: added.body.menuid });
    const again = await as(owner, '/apis/menus/deleteConditionalMenu', { menuid: added.body.menuid });
    const afterwards = await as(owner, '/apis/menus/tryMatchMenu', { openid: vip });

    // Assess
    expect(added.body, added.text).toMatchObject({ errcode: 0, menuid: expect.stringMatching(/^\d+$/) });
    expect(listed.body.conditionalmenu).toEqual([{ menuid: added.body.menuid, matchrule: { tag_id: String(tag.id) }, button: vipMenu }]);
    expect(forVip.body.button).toEqual(vipMenu);
    expect(forPlain.body.button).toEqual(defaultMenu);
    expect(removed.body.errcode).toBe(0);
    expect(again.status).toBe(404);
    expect(again.body.errcode).toBe(40400);
    expect(afterwards.body.button).toEqual(defaultMenu);
  });

  it('matches by client platform too, and getMenu shows the default beside the personalised ones', async () => {
    const owner = await userWithDirectAccount();
    await as(owner, '/apis/menus/createMenu', { button: defaultMenu });

    const added = await as(owner, '/apis/menus/addConditionalMenu', { button: vipMenu, matchrule: '{"client_platform_type":"2"}' });
    const read = await as(owner, '/apis/menus/getMenu');

    expect(added.body.errcode, added.text).toBe(0);
    expect(read.body.menu).toEqual({ button: defaultMenu, menuid: expect.stringMatching(/^\d+$/) });
    expect(read.body.conditionalmenu).toEqual([{ menuid: added.body.menuid, matchrule: { client_platform_type: '2' }, button: vipMenu }]);
  });

  it("refuses rules today's WeChat refuses, before calling it", async () => {
    const owner = await userWithDirectAccount();
    await as(owner, '/apis/menus/createMenu', { button: defaultMenu });
    const before = await createCalls(owner.account.appid, 'cgi-bin/menu/addconditional');
    const links = ['a', 'b', 'c', 'd'].map((d) => ({ type: 'view', name: d, url: `https://${d}.example.com/` }));
    const cases: [Record<string, unknown>, { field: string; rule: string; limit?: number }][] = [
      [{ button: vipMenu, matchrule: { language: 'zh_CN' } }, { field: 'matchrule.language', rule: 'menu.privacyMatch' }],
      [{ button: vipMenu, matchrule: { sex: '1', tag_id: '100' } }, { field: 'matchrule.sex', rule: 'menu.privacyMatch' }],
      [{ button: vipMenu, matchrule: {} }, { field: 'matchrule', rule: 'menu.matchNeedsOne' }],
      [{ button: vipMenu, matchrule: { client_platform_type: '4' } }, { field: 'matchrule.client_platform_type', rule: 'menu.platform' }],
      [{ button: [{ name: 'Links', sub_button: links }], matchrule: { tag_id: '100' } }, { field: 'button', rule: 'menu.linkDomains', limit: 3 }],
      [{ button: [{ type: 'click', name: '超过十六个字节的', key: 'K' }], matchrule: { tag_id: '100' } }, { field: 'button[0].name', rule: 'maxBytes', limit: 16 }],
    ];

    for (const [input, problem] of cases) {
      const res = await as(owner, '/apis/menus/addConditionalMenu', input);
      expect(res.body, res.text).toMatchObject({ errcode: 40000, ...problem });
    }
    expect(await createCalls(owner.account.appid, 'cgi-bin/menu/addconditional')).toBe(before);
  });

  it("passes on WeChat's 65303 when there is no default menu yet, and 40400 for someone who does not follow", async () => {
    const owner = await userWithDirectAccount();

    const added = await as(owner, '/apis/menus/addConditionalMenu', { button: vipMenu, matchrule: { tag_id: '2' } });
    const stranger = await as(owner, '/apis/menus/tryMatchMenu', { openid: 'oNotAFollower0000000000000' });

    expect(added.body).toMatchObject({ errcode: 50200, wxerrcode: 65303 });
    expect(stranger.body.errcode).toBe(40400);
  });
});

describe('the simulator keeps WeChat’s menu rules', () => {
  /** Straight to the simulated WeChat with the account's token (what a client skipping our checks would meet). */
  const wechat = async (owner: UserWithAccount, path: string, body: unknown) => {
    await as(owner, '/apis/menus/getMenu'); // makes the platform fetch a token
    const { access_token } = await sim.tokens(owner.account.appid);
    const res = await fetch(`${inject('wechatBase')}/${path}?access_token=${access_token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return (await res.json()) as { errcode: number };
  };

  it('answers 40016–40027, 40054/40055 and 65304/65320 as WeChat does', async () => {
    const owner = await userWithDirectAccount();
    const click = (name = 'Btn', key = 'K') => ({ type: 'click', name, key });
    const sub = (...b: unknown[]) => ({ name: 'Sub', sub_button: b });
    const cases: [unknown, number][] = [
      [[click(), click(), click(), click()], 40016],
      [[{ type: 'view_limited', name: 'Old', media_id: 'M' }], 40017],
      [[click('今日歌曲今日')], 40018],
      [[click('k', 'k'.repeat(129))], 40019],
      [[{ type: 'view', name: 'u', url: `https://e.com/${'a'.repeat(1020)}` }], 40020],
      [[sub(click(), click(), click(), click(), click(), click())], 40023],
      [[sub({ type: 'bogus', name: 'x' })], 40024],
      [[sub(click('x'.repeat(61)))], 40025],
      [[sub(click('x', 'k'.repeat(129)))], 40026],
      [[sub({ type: 'view', name: 'u', url: `https://e.com/${'a'.repeat(1020)}` })], 40027],
      [[sub({ type: 'view', name: 'u', url: 'ftp://e.com/' })], 40054],
      [[{ type: 'view', name: 'u', url: 'javascript:alert(1)' }], 40055],
      [[sub({ ...click(), sub_button: [click()] })], 40022],
    ];

    for (const [button, errcode] of cases) {
      expect((await wechat(owner, 'cgi-bin/menu/create', { button })).errcode, JSON.stringify(button)).toBe(errcode);
    }
    expect((await wechat(owner, 'cgi-bin/menu/create', { button: [click()] })).errcode).toBe(0);
    expect((await wechat(owner, 'cgi-bin/menu/addconditional', { button: [click()], matchrule: {} })).errcode).toBe(65304);
    expect((await wechat(owner, 'cgi-bin/menu/addconditional', { button: [click()], matchrule: { city: '广州' } })).errcode).toBe(65320);
  });
});

describe('menu taps through the callback (safe mode)', () => {
  it("a click on a published menu is answered by the rule of the button's key", async () => {
    // Prepare
    const owner = await userWithComponentAccount();
    const rule = await call('/apis/wxreplymanage/addReply', {
      token: owner.user.token,
      json: { appid: owner.account.appid, type: 'text', reply: { content: '今天的推荐：拿铁' }, request: 'TODAY' },
    });
    expect(rule.body.errcode).toBe(0);
    await as(owner, '/apis/menus/createMenu', { button: [{ name: '服务', sub_button: [{ type: 'view', name: '官网', url: 'https://shop.example.com/' }, { type: 'click', name: '今日推荐', key: 'TODAY' }] }] });

    // Act
    const tap = await sim.tap({ appid: owner.account.appid, via: 'component', mode: 'safe', button: 'button[0].sub_button[1]' });

    // Assess
    expect(tap.message).toMatchObject({ MsgType: 'event', Event: 'CLICK', EventKey: 'TODAY' });
    expect(tap.attempts?.[0]?.reply).toMatchObject({ MsgType: 'text', Content: '今天的推荐：拿铁' });
  });

  it('the follower sends what WeChat pushes for each kind of button', async () => {
    const owner = await userWithDirectAccount();
    const menu = everyType('unused');
    menu[1]!.sub_button[4] = { type: 'click', name: '点击', key: 'CLICK_KEY' };
    await as(owner, '/apis/menus/createMenu', { button: menu });
    const tap = (button: string, extra: Record<string, unknown> = {}) =>
      sim.tap({ appid: owner.account.appid, via: 'direct', mode: 'safe', button, ...extra });

    const view = await tap('button[0].sub_button[1]');
    const mini = await tap('button[0].sub_button[2]');
    const scan = await tap('button[0].sub_button[4]', { scanResult: 'https://qr.example.com/1' });
    const pic = await tap('button[1].sub_button[0]', { pics: ['a1b2', 'c3d4'] });
    const location = await tap('button[1].sub_button[3]', { location: { x: 23.1, y: 113.3, label: '广州塔' } });
    const article = await tap('button[2].sub_button[0]');
    const notALeaf = await tap('button[1]');

    expect(view.message).toMatchObject({ Event: 'VIEW', EventKey: 'https://shop.example.com/' });
    expect(mini.message).toMatchObject({ Event: 'view_miniprogram', EventKey: 'pages/index/index' });
    expect(scan.message).toMatchObject({ Event: 'scancode_waitmsg', EventKey: 'SCAN_WAIT', ScanCodeInfo: { ScanType: 'qrcode', ScanResult: 'https://qr.example.com/1' } });
    expect(pic.message).toMatchObject({ Event: 'pic_sysphoto', EventKey: 'PIC_SYS', SendPicsInfo: { Count: 2, PicList: [{ PicMd5Sum: 'a1b2' }, { PicMd5Sum: 'c3d4' }] } });
    expect(location.message).toMatchObject({ Event: 'location_select', EventKey: 'LOC', SendLocationInfo: { Location_X: '23.1', Location_Y: '113.3', Label: '广州塔' } });
    for (const delivered of [view, mini, scan, pic, location]) expect(delivered.attempts?.[0]?.status).toBe(200);
    expect(article).toMatchObject({ pushed: false });
    expect(notALeaf.error).toMatch(/no leaf button/);
  });
});
