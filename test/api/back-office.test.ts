import { describe, expect, it } from 'vitest';
import { userWithComponentAccount, userWithDirectAccount, type UserWithAccount } from '../support/accounts';
import { call } from '../support/http';
import { sim } from '../support/wechat-sim';

/**
 * What the owner made in WeChat's own back office (mp.weixin.qq.com), shown and taken over: the live
 * menu (get_current_selfmenu_info) and the auto-replies (get_current_autoreply_info), over HTTP
 * through the local stack and the simulated WeChat.
 */
const as = (owner: UserWithAccount, path: string, json: Record<string, unknown> = {}) =>
  call(path, { token: owner.user.token, json: { appid: owner.account.appid, ...json } });

/** A back-office menu as WeChat's 查询自定义菜单信息 sample lists one: view, news, text, img, video, and an API type. */
const backOfficeMenu = [
  {
    name: '服务',
    sub_button: {
      list: [
        { type: 'view', name: '官网', url: 'https://shop.example.com/' },
        {
          type: 'news',
          name: '新品',
          value: 'KQb_w_Tiz-nSdVLoTV35Psmty8hGBulGhEdbb9SKs-o',
          news_info: { list: [{ title: '春季新品', author: 'shop', digest: '', show_cover: 1, cover_url: 'http://mmbiz.qpic.cn/x/0', content_url: 'http://mp.weixin.qq.com/s?x', source_url: '' }] },
        },
        { type: 'text', name: '营业时间', value: '每天 9:00–21:00' },
      ],
    },
  },
  { type: 'img', name: '门店', value: 'temporaryMediaIdOfThreeDays' },
  { type: 'video', name: '视频', value: 'http://shp.qpic.cn/video/download' },
];

describe('the live menu (get_current_selfmenu_info)', () => {
  // 查询自定义菜单信息 (https://developers.weixin.qq.com/doc/service/api/custommenu/api_getcurrentselfmenuinfo.html):
  // menu/get returns only API menus; this returns "运营者设置的菜单配置" for a back-office menu.
  it('shows a menu made in the back office that getMenu cannot see, and converts it for the editor with a reason per button', async () => {
    const owner = await userWithDirectAccount();
    await sim.backOfficeMenu(owner.account.appid, backOfficeMenu);

    const api = await as(owner, '/apis/menus/getMenu');
    const live = await as(owner, '/apis/menus/getCurrentMenu');

    expect(api.body).toMatchObject({ errcode: 0, menu: null });
    expect(live.body, live.text).toMatchObject({ errcode: 0, isMenuOpen: true, source: 'backOffice' });
    expect(live.body.live.button[0].sub_button[1]).toMatchObject({ type: 'news', name: '新品', news_titles: ['春季新品'] });
    expect(live.body.editor.button).toEqual([
      {
        name: '服务',
        sub_button: [
          { type: 'view', name: '官网', url: 'https://shop.example.com/' },
          { type: 'media_id', name: '新品', media_id: 'KQb_w_Tiz-nSdVLoTV35Psmty8hGBulGhEdbb9SKs-o' },
          { type: 'click', name: '营业时间', key: 'SELFMENU_TEXT_0_2' },
        ],
      },
      { type: 'media_id', name: '门店' },
      { type: 'media_id', name: '视频' },
    ]);
    const notes = Object.fromEntries((live.body.notes as { path: string }[]).map((n) => [n.path, n]));
    expect(notes['button[0].sub_button[1]']).toMatchObject({ from: 'news', outcome: 'converted' });
    expect(notes['button[0].sub_button[2]']).toMatchObject({ from: 'text', outcome: 'converted', rule: { keyword: 'SELFMENU_TEXT_0_2', text: '每天 9:00–21:00' } });
    expect(notes['button[1]']).toMatchObject({ from: 'img', outcome: 'incomplete', reason: expect.stringContaining('temporary media') });
    expect(notes['button[2]']).toMatchObject({ from: 'video', outcome: 'incomplete', reason: expect.stringContaining('download link') });
    expect(notes['button[0].sub_button[0]']).toBeUndefined();
  });

  it('imports a back-office menu: once its incomplete buttons are finished it publishes, and from then on the menu is the API\'s', async () => {
    const owner = await userWithComponentAccount();
    await sim.backOfficeMenu(owner.account.appid, [{ name: '服务', sub_button: { list: [{ type: 'view', name: '官网', url: 'https://shop.example.com/' }, { type: 'text', name: '营业时间', value: '9–21' }] } }]);
    const live = await as(owner, '/apis/menus/getCurrentMenu');

    const published = await as(owner, '/apis/menus/createMenu', { button: live.body.editor.button });
    const rule = live.body.notes[0].rule;
    const ruleAdded = await as(owner, '/apis/wxreplymanage/addReply', { type: 'text', reply: rule.text, request: rule.keyword, match: 'exact' });
    const after = await as(owner, '/apis/menus/getCurrentMenu');

    expect(published.body, published.text).toMatchObject({ errcode: 0 });
    expect(ruleAdded.body.errcode).toBe(0);
    expect(after.body).toMatchObject({ errcode: 0, isMenuOpen: true, source: 'api', editor: null, notes: [] });
    expect(after.body.live.button[0].sub_button.map((b: { name: string }) => b.name)).toEqual(['官网', '营业时间']);
  });

  it('says there is no menu when the back office has none or switched it off', async () => {
    const owner = await userWithDirectAccount();
    const none = await as(owner, '/apis/menus/getCurrentMenu');
    await sim.backOfficeMenu(owner.account.appid, [{ type: 'view', name: '官网', url: 'https://shop.example.com/' }], 0);
    const off = await as(owner, '/apis/menus/getCurrentMenu');

    expect(none.body).toEqual({ errcode: 0, msg: 'ok', version: 0, isMenuOpen: false, source: 'none', live: null, editor: null, notes: [] });
    expect(off.body).toMatchObject({ isMenuOpen: false, source: 'none', live: null });
  });
});

/** The back office's auto-replies as WeChat's 获取自动回复规则 sample lists them, with one of each case. */
const backOfficeReplies = {
  is_add_friend_reply_open: 1,
  is_autoreply_open: 1,
  add_friend_autoreply_info: { type: 'text', content: '感谢关注！' },
  message_default_autoreply_info: { type: 'text', content: '您好，我们稍后回复。' },
  keyword_autoreply_info: {
    list: [
      {
        rule_name: '营业时间',
        create_time: 1423028166,
        reply_mode: 'reply_all',
        keyword_list_info: [
          { type: 'text', match_mode: 'contain', content: '营业' },
          { type: 'text', match_mode: 'equal', content: '几点开门' },
        ],
        reply_list_info: [
          { type: 'text', content: '每天 9:00–21:00' },
          { type: 'text', content: '节假日照常' },
        ],
      },
      {
        rule_name: '菜单图',
        create_time: 1423028167,
        reply_mode: 'reply_all',
        keyword_list_info: [{ type: 'text', match_mode: 'equal', content: '菜单' }],
        reply_list_info: [{ type: 'img', content: 'temporaryMediaIdOfThreeDays' }],
      },
      {
        rule_name: '新品',
        create_time: 1423028168,
        reply_mode: 'random_one',
        keyword_list_info: [{ type: 'text', match_mode: 'contain', content: '新品' }],
        reply_list_info: [
          { type: 'voice', content: 'temporaryVoice' },
          {
            type: 'news',
            content: 'KQb_w_Tiz-nSdVLoTV35Psmty8hGBulGhEdbb9SKs-o',
            news_info: { list: [{ title: '春季新品', author: 'shop', digest: '三款新品', show_cover: 1, cover_url: 'http://mmbiz.qpic.cn/x/0', content_url: 'http://mp.weixin.qq.com/s?x', source_url: '' }] },
          },
        ],
      },
    ],
  },
};

describe('importing the back office\'s auto-replies (get_current_autoreply_info)', () => {
  // 获取自动回复规则 (https://developers.weixin.qq.com/doc/service/api/notify/autoreplies/api_getcurrentautoreplyinfo.html):
  // add_friend_autoreply_info, message_default_autoreply_info, keyword_autoreply_info with match_mode contain/equal.
  it('previews without writing, then imports subscribe, default and each keyword with its match mode, and says what it could not import', async () => {
    const owner = await userWithComponentAccount();
    await sim.backOfficeAutoreply(owner.account.appid, backOfficeReplies);

    const preview = await as(owner, '/apis/wxreplymanage/importAutoreply');
    const rulesAfterPreview = await as(owner, '/apis/wxreplymanage/listReply');
    const done = await as(owner, '/apis/wxreplymanage/importAutoreply', { mode: 'import' });
    const rules = await as(owner, '/apis/wxreplymanage/listReply');
    const again = await as(owner, '/apis/wxreplymanage/importAutoreply', { mode: 'import' });

    expect(preview.body, preview.text).toMatchObject({ errcode: 0, mode: 'preview', addFriendReplyOpen: true, autoReplyOpen: true, imported: 0 });
    expect(rulesAfterPreview.body.rules).toEqual([]);
    const byKeyword: Record<string, any> = Object.fromEntries((done.body.items as { keyword: string }[]).map((i) => [i.keyword, i]));
    expect(byKeyword['@subscribe']).toMatchObject({ from: 'subscribe', status: 'imported', reply: { type: 'text', content: '感谢关注！' } });
    expect(byKeyword['@default']).toMatchObject({ from: 'default', status: 'imported', reply: { type: 'text', content: '您好，我们稍后回复。' } });
    expect(byKeyword['营业']).toMatchObject({ match: 'contains', status: 'imported', ruleName: '营业时间', notes: [{ code: 'firstKept', kept: 1, of: 2, message: expect.stringContaining('reply 1 kept') }] });
    expect(byKeyword['几点开门']).toMatchObject({ match: 'exact', status: 'imported' });
    expect(byKeyword['菜单']).toMatchObject({ status: 'skipped', notes: [{ code: 'temporaryMedia', type: 'img', message: expect.stringContaining('temporary media') }] });
    expect(byKeyword['新品']).toMatchObject({ status: 'imported', type: 'multitext' });
    expect(byKeyword['新品'].notes.map((n: { code: string }) => n.code)).toEqual(['randomOne', 'firstKept', 'newsAsLinks', 'notKept']);
    expect(byKeyword['新品'].notes[1]).toMatchObject({ kept: 2, of: 2 });
    expect(byKeyword['新品'].notes[3]).toMatchObject({ type: 'voice', message: expect.stringContaining('not kept: voice') });
    expect(done.body.imported).toBe(5);
    const listed = Object.fromEntries((rules.body.rules as { request: string }[]).map((r) => [r.request, r]));
    expect(Object.keys(listed).sort()).toEqual(['@default', '@subscribe', '几点开门', '新品', '营业'].sort());
    expect(listed['营业']).toMatchObject({ match: 'contains', reply: { type: 'text', content: '每天 9:00–21:00' } });
    expect(listed['新品']).toMatchObject({ type: 'multitext', reply: { content: { articles: [{ title: '春季新品', description: '三款新品', url: 'http://mp.weixin.qq.com/s?x' }] } } });
    expect(again.body.imported).toBe(0);
    expect((again.body.items as { status: string }[]).filter((i) => i.status === 'exists')).toHaveLength(5);
  });

  it('answers the imported rules in the callback as the back office did: subscribe, a contained keyword, the default', async () => {
    const owner = await userWithDirectAccount();
    await sim.backOfficeAutoreply(owner.account.appid, backOfficeReplies);
    await as(owner, '/apis/wxreplymanage/importAutoreply', { mode: 'import' });
    const send = (message: Record<string, string>) =>
      sim.send({ appid: owner.account.appid, via: 'direct', mode: 'plain', message, token: owner.account.token, aesKey: owner.account.aesKey });

    const subscribed = await send({ MsgType: 'event', Event: 'subscribe' });
    const contained = await send({ MsgType: 'text', Content: '请问营业到几点' });
    const other = await send({ MsgType: 'text', Content: '你好' });

    expect(subscribed.attempts[0]!.reply).toMatchObject({ Content: '感谢关注！' });
    expect(contained.attempts[0]!.reply).toMatchObject({ Content: '每天 9:00–21:00' });
    expect(other.attempts[0]!.reply).toMatchObject({ Content: '您好，我们稍后回复。' });
  });

  it('keeps rules that exist here and skips replies switched off in the back office', async () => {
    const owner = await userWithComponentAccount();
    await as(owner, '/apis/wxreplymanage/addReply', { type: 'text', reply: '我们自己的', request: '营业', match: 'exact' });
    await sim.backOfficeAutoreply(owner.account.appid, { ...backOfficeReplies, is_add_friend_reply_open: 0 });

    const done = await as(owner, '/apis/wxreplymanage/importAutoreply', { mode: 'import' });
    const kept = await as(owner, '/apis/wxreplymanage/listReply', { q: '营业' });

    const byKeyword = Object.fromEntries((done.body.items as { keyword: string }[]).map((i) => [i.keyword, i]));
    expect(byKeyword['营业']).toMatchObject({ status: 'exists' });
    expect(byKeyword['@subscribe']).toMatchObject({ status: 'skipped', notes: [{ code: 'switchedOff', message: expect.stringContaining('switched off') }] });
    expect(kept.body.rules[0]).toMatchObject({ request: '营业', match: 'exact', reply: { content: '我们自己的' } });
  });

  it('refuses an unknown import mode, naming the field', async () => {
    const owner = await userWithDirectAccount();
    const res = await call('/apis/wxreplymanage/importAutoreply', { json: { appid: owner.account.appid, mode: 'bogus' }, token: owner.user.token });
    expect(res.body).toMatchObject({ errcode: 40000, field: 'mode' });
  });
});
