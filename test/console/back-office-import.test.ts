import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openBackOffice, orgKey, sessionKey, type BackOffice } from '../support/back-office';
import { call } from '../support/http';
import { launchBrowser, screenshot } from '../support/browser';
import { sim } from '../support/wechat-sim';

/**
 * What the owner made in WeChat's own back office, taken over in the console (zh-CN, 1280 and 375
 * wide): the live menu shown, imported into the editor and published only after WeChat's warning;
 * the auto-replies previewed (what cannot be imported said) and imported.
 * 查询自定义菜单信息: https://developers.weixin.qq.com/doc/service/api/custommenu/api_getcurrentselfmenuinfo.html
 * 获取自动回复规则: https://developers.weixin.qq.com/doc/service/api/notify/autoreplies/api_getcurrentautoreplyinfo.html
 */
let browser: Browser;
let desk: BackOffice;
let phone: BackOffice;
/** An account whose back office has auto-replies and which has no rules here yet (the menu story adds one). */
let fresh: BackOffice;

const backOfficeMenu = (newsId: string) => [
  {
    name: '服务',
    sub_button: {
      list: [
        { type: 'view', name: '官网', url: 'https://shop.example.com/' },
        { type: 'news', name: '新品', value: newsId, news_info: { list: [{ title: '春季新品', content_url: 'http://mp.weixin.qq.com/s?x', cover_url: 'http://mmbiz.qpic.cn/x/0' }] } },
        { type: 'text', name: '营业时间', value: '每天 9:00–21:00' },
      ],
    },
  },
  { type: 'img', name: '门店', value: 'temporaryMediaIdOfThreeDays' },
];

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
      { rule_name: '菜单图', create_time: 1423028167, reply_mode: 'reply_all', keyword_list_info: [{ type: 'text', match_mode: 'equal', content: '菜单' }], reply_list_info: [{ type: 'img', content: 'tmp' }] },
    ],
  },
};

beforeAll(async () => {
  browser = await launchBrowser();
  [desk, phone, fresh] = await Promise.all([openBackOffice(browser), openBackOffice(browser, { viewport: 'phone', phone: true }), openBackOffice(browser)]);
  for (const tab of [desk, phone, fresh]) {
    const news = await sim.seedMaterial(tab.owner.account.appid, 'news');
    await sim.backOfficeMenu(tab.owner.account.appid, backOfficeMenu(news.media_id));
    await sim.backOfficeAutoreply(tab.owner.account.appid, backOfficeReplies);
  }
});
afterEach(async (context) => {
  if (context.task.result?.state !== 'fail') return;
  for (const [name, tab] of Object.entries({ desk, phone, fresh })) await screenshot(tab.page, `failed-${name}-${context.task.name.slice(0, 40)}`).catch(() => undefined);
});
afterAll(async () => {
  await browser?.close();
});

/**
 * Opens a page as `tab`'s owner. This Chromium (single-process) was seen to share localStorage
 * between the file's contexts, so a tab could send the session another tab seeded last: each
 * story puts its own owner's session back before it navigates.
 */
const openAs = async (tab: BackOffice, path: string, heading: string) => {
  const session = { token: tab.owner.user.token, username: tab.owner.user.username, expiresAt: Date.now() + 3_600_000 };
  // The organization another tab picked would be sent as X-Org too: this owner acts in their own.
  await tab.page.evaluate(`localStorage.setItem(${JSON.stringify(sessionKey)}, ${JSON.stringify(JSON.stringify(session))}); localStorage.removeItem(${JSON.stringify(orgKey)})`).catch(() => undefined);
  await tab.open(path, heading);
};

const formField = (page: Page, label: string) => page.locator('section.card').getByLabel(label, { exact: true });
const createCalls = async (appid: string) => (await sim.calls(appid))['cgi-bin/menu/create'] ?? 0;

describe('console: the live menu made in WeChat\'s back office', () => {
  it('shows it when the API has none, imports it into the editor, and warns in WeChat\'s words before replacing it', async () => {
    const { page, owner } = desk;
    const { appid } = owner.account;
    const image = await sim.seedMaterial(appid, 'image');

    await openAs(desk, '/menus', '自定义菜单');
    await page.getByRole('heading', { name: '当前线上菜单（在微信公众平台设置）' }).waitFor();
    await expect.poll(() => page.locator('.live-menu').innerText()).toContain('图文消息');
    expect(await page.locator('.live-menu').innerText()).toContain('接口只返回临时素材（3 天内有效）');
    await screenshot(page, 'back-office-menu-live-1280');

    await page.getByRole('button', { name: '导入到编辑器' }).click();
    await page.getByText('已导入到编辑器').first().waitFor();
    expect(await page.locator('.menubar > li > button.menubar__button').allInnerTexts()).toEqual(['服务', '门店']);
    await page.locator('.menubar__button', { hasText: '门店' }).click();
    await formField(page, '素材 media_id').fill(image.media_id);

    // Cancelled: nothing is published
    const before = await createCalls(appid);
    await page.getByRole('button', { name: '发布菜单' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('公众号当前使用的是在微信公众平台设置的自定义菜单。发布后将覆盖现有菜单').waitFor();
    await screenshot(page, 'back-office-menu-confirm-1280');
    await dialog.getByRole('button', { name: '取消' }).click();
    expect(await createCalls(appid)).toBe(before);

    // Confirmed: published, and from then on the menu is the API's
    await page.getByRole('button', { name: '发布菜单' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '发布' }).click();
    await page.getByText('菜单已发布。').waitFor();
    expect(await createCalls(appid)).toBe(before + 1);
    await page.locator('.live-menu').waitFor({ state: 'detached' });
    const current = await call('/apis/menus/getCurrentMenu', { token: owner.user.token, json: { appid } });
    expect(current.body).toMatchObject({ source: 'api' });
    // The text button answers as the back office did, through the rule the import added
    const tap = await sim.tap({ appid, via: 'direct', mode: 'safe', button: 'button[0].sub_button[2]' });
    expect(tap.message).toMatchObject({ Event: 'CLICK', EventKey: 'SELFMENU_TEXT_0_2' });
    expect(tap.attempts?.[0]?.reply).toMatchObject({ Content: '每天 9:00–21:00' });
  });

  it('shows the live menu on a phone (375 wide)', async () => {
    await openAs(phone, '/menus', '自定义菜单');
    await phone.page.getByRole('button', { name: '导入到编辑器' }).waitFor();
    await screenshot(phone.page, 'back-office-menu-live-375');
  });
});

describe("console: importing the back office's auto-replies", () => {
  it('offers them on an account without rules, shows what will and will not be imported, and imports on request', async () => {
    const { page, owner } = fresh;
    await openAs(fresh, '/replies', '自动回复');
    await page.getByText('检测到你在微信公众平台设置了 4 条自动回复').waitFor();
    await page.getByRole('status').getByRole('button', { name: '导入公众平台自动回复' }).click();
    const panel = page.locator('section.card', { has: page.getByRole('heading', { name: '导入微信公众平台的自动回复' }) });
    await panel.getByText('启用服务器配置后，微信公众平台的「自动回复」和「自定义菜单」将被停用').waitFor();
    await expect.poll(() => panel.locator('.import-list > li').count()).toBe(5);
    const text = await panel.innerText();
    expect(text).toContain('被关注回复');
    expect(text).toContain('收到消息回复');
    expect(text).toContain('包含关键词');
    expect(text).toContain('保留第 1 条');
    expect(text).toContain('无法导入');
    expect(text).toContain('图片：接口只返回临时素材');
    await screenshot(page, 'back-office-autoreply-preview-1280');

    await panel.getByRole('button', { name: '导入 4 条规则' }).click();
    await page.getByText('已导入 4 条规则。').first().waitFor();
    await page.getByRole('cell', { name: '几点开门', exact: true }).waitFor();
    // The keyword rules in 关键词回复's table; the follow reply and the message reply have sections of their own (checked over the API below).
    expect(await page.getByRole('table').innerText()).toContain('营业');
    await screenshot(page, 'back-office-autoreply-imported-1280');
    const rules = await call('/apis/wxreplymanage/listReply', { token: owner.user.token, json: { appid: owner.account.appid } });
    expect((rules.body.rules as { request: string; match: string }[]).map((r) => `${r.request}:${r.match}`).sort()).toEqual(
      ['@default:exact', '@subscribe:exact', '几点开门:exact', '营业:contains'].sort(),
    );
  });

  it('shows the import on a phone (375 wide)', async () => {
    const { page } = phone;
    await openAs(phone, '/replies', '自动回复');
    await page.getByText('检测到你在微信公众平台设置了 4 条自动回复').waitFor();
    await page.getByRole('status').getByRole('button', { name: '导入公众平台自动回复' }).click();
    await page.locator('.import-list > li').first().waitFor();
    await screenshot(page, 'back-office-autoreply-preview-375');
  });
});
