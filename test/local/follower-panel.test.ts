import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { authorizeThroughPlatform, userWithDirectAccount, type UserWithAccount } from '../support/accounts';
import { audience } from '../support/audience';
import { openBackOffice } from '../support/back-office';
import { openPage, screenshot, useBrowser, viewports } from '../support/browser';
import { englishWords } from '../support/chinese';
import { call } from '../support/http';
import { loggedInUser } from '../support/users';
import { sim } from '../support/wechat-sim';

/**
 * The simulator's follower panel (扮演粉丝): a person acting as a follower of an account the product
 * serves, in a real browser, against the suite's stack. Every reply shown comes from the product's
 * callback through the simulator's delivery (follower.ts), so a broken rule, menu or scene fails here.
 */
const files = useBrowser();
const panelUrl = (appid: string) => `${inject('wechatBase')}/follower-panel?appid=${appid}`;

/** An account that authorized the platform, with a Chinese name as a real one has. */
const authorizedAccount = async (nickname: string): Promise<UserWithAccount> => {
  const user = await loggedInUser();
  const account = await sim.createAccount({ nickname });
  const { completion } = await authorizeThroughPlatform(user, account);
  expect(completion?.body, completion?.text).toMatchObject({ errcode: 0, status: 'linked' });
  return { user, account };
};

const rule = async (owner: UserWithAccount, request: string, content: string) => {
  const res = await call('/apis/wxreplymanage/addReply', {
    token: owner.user.token,
    json: { appid: owner.account.appid, type: 'text', request, reply: { content }, match: 'exact' },
  });
  expect(res.body.errcode, res.text).toBe(0);
};

const panelFollowers = async (appid: string) =>
  ((await (await fetch(`${inject('wechatBase')}/__sim/panel/followers?appid=${appid}`)).json()) as { followers: { openid: string; name: string; subscribed: boolean }[] }).followers;

/** The Chinese page has no English word of ours; names, appids and scenes are data it quotes. */
const expectNoEnglish = async (page: Page, values: unknown[]) => {
  const accounts = ((await (await fetch(`${inject('wechatBase')}/__sim/panel/accounts`)).json()) as { accounts: { nickname: string; appid: string }[] }).accounts;
  const text = await page.locator('body').innerText();
  expect(englishWords(text, [...values, ...accounts.flatMap((a) => [a.nickname, a.appid])]), 'English in the follower panel').toEqual([]);
};

const noOverflow = async (page: Page) => {
  const width = (await page.evaluate('document.documentElement.scrollWidth')) as number;
  expect(width, 'page wider than the viewport').toBeLessThanOrEqual(page.viewportSize()!.width);
};

const bubble = (page: Page, text: string) => page.locator('.msg--account .bubble', { hasText: text });
const mine = (page: Page, text: string) => page.locator('.msg--follower .bubble', { hasText: text });

describe('the follower panel', () => {
  it('follows, chats, taps the menu and scans a QR code as a follower, and shows the replies as WeChat does', async () => {
    // Prepare: rules, a menu and a QR code made through the product's API
    const owner = await authorizedAccount('街角咖啡');
    const appid = owner.account.appid;
    await rule(owner, '@subscribe', '欢迎关注街角咖啡！');
    await rule(owner, '营业时间', '每天 8:00–20:00 营业');
    await rule(owner, 'TODAY', '今日推荐：桂花拿铁');
    const menu = await call('/apis/menus/createMenu', {
      token: owner.user.token,
      json: {
        appid,
        button: JSON.stringify([
          { type: 'click', name: '今日推荐', key: 'TODAY' },
          { name: '服务', sub_button: [{ type: 'view', name: '门店地图', url: 'https://shop.example.com/map' }, { type: 'click', name: '推荐', key: 'TODAY' }] },
        ]),
      },
    });
    expect(menu.body.errcode, menu.text).toBe(0);
    const qr = await call('/apis/wxplatform/qrcode', { token: owner.user.token, form: { appid, sceneId: 'poster' } });
    expect(qr.body.errcode, qr.text).toBe(0);
    const { page } = await openPage(files.browser, { viewport: 'desktop' });
    files.watch(page);

    // Act: a new follower follows
    await page.goto(panelUrl(appid));
    await expect.poll(() => page.locator('#account').inputValue()).toBe(appid);
    await expect.poll(() => page.locator('#account-mode').innerText()).toContain('已授权第三方平台 · 安全模式');
    await page.getByRole('button', { name: '新的粉丝' }).click();
    await page.getByRole('button', { name: '粉丝 1 · 未关注' }).waitFor();
    await page.getByRole('button', { name: '关注', exact: true }).click();

    // Assess: the 被关注回复, and WeChat's list has the follower
    await bubble(page, '欢迎关注街角咖啡！').waitFor();
    await page.getByRole('button', { name: '粉丝 1 · 已关注' }).waitFor();
    const [first] = await panelFollowers(appid);
    expect(first).toMatchObject({ name: '粉丝 1', subscribed: true });

    // Act: a text matching a keyword rule
    await page.getByRole('textbox', { name: '发消息' }).fill('营业时间');
    await page.getByRole('button', { name: '发送', exact: true }).click();

    // Assess
    await mine(page, '营业时间').waitFor();
    await bubble(page, '每天 8:00–20:00 营业').waitFor();

    // Act: the menu as WeChat draws it: a top button, and a sub-menu's CLICK and VIEW buttons
    await page.locator('#menubar').getByRole('button', { name: '今日推荐' }).click();
    await expect.poll(() => bubble(page, '今日推荐：桂花拿铁').count()).toBe(1);
    await page.locator('#menubar').getByRole('button', { name: '≡ 服务' }).click();
    await page.locator('.submenu').getByRole('button', { name: '推荐' }).click();
    await expect.poll(() => bubble(page, '今日推荐：桂花拿铁').count()).toBe(2);
    await page.locator('#menubar').getByRole('button', { name: '≡ 服务' }).click();
    await page.locator('.submenu').getByRole('button', { name: '门店地图' }).click();

    // Assess: a VIEW opens its page (and the product got both taps' events)
    await page.locator('.system', { hasText: '打开网页：https://shop.example.com/map' }).waitFor();

    // Act: a customer-service message the account sends through the product reaches this follower
    const sent = await call('/apis/inbox/reply', { token: owner.user.token, json: { appid, openid: first!.openid, type: 'text', content: '您好，有什么可以帮您？' } });
    expect(sent.body.errcode, sent.text).toBe(0);

    // Assess: on the account's side, as the next bubble
    await bubble(page, '您好，有什么可以帮您？').waitFor({ timeout: 10_000 });

    // Act: a second, new follower scans the account's QR code: WeChat pushes subscribe with
    // EventKey qrscene_<scene> and the code's Ticket for someone not following yet, SCAN with the bare
    // scene for a follower (接收事件推送 → 扫描带参数二维码事件,
    // https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_event_pushes.html).
    await page.getByRole('button', { name: '新的粉丝' }).click();
    await page.getByRole('button', { name: '粉丝 2 · 未关注' }).waitFor();
    await expect.poll(() => page.locator('#qrcode').inputValue()).toBe('poster');
    await page.getByRole('button', { name: '扫码' }).click();
    await page.getByRole('button', { name: '粉丝 2 · 已关注' }).waitFor();
    await bubble(page, '欢迎关注街角咖啡！').waitFor();
    await page.getByRole('button', { name: '扫码' }).click();
    await page.locator('.system', { hasText: '扫描了二维码（场景 poster）' }).waitFor();

    // Assess: the follower's QR scene reached the product's follower directory (through the record
    // stream, whose one local shard can be half a minute behind another file's burst of 1,000 pushes)
    const second = (await panelFollowers(appid)).find((f) => f.name === '粉丝 2')!;
    await expect
      .poll(async () => (await audience(owner, 'follower', { openid: second.openid })).body.follower, { timeout: 60_000 })
      .toMatchObject({ subscribed: true, qrScene: 'poster' });
    const [issued] = (await sim.qrRequests(appid)).issued;
    expect(issued?.ticket).toMatch(/^gQ/);
    // The shot shows the first follower's conversation, the richer one.
    await page.getByRole('button', { name: '粉丝 1 · 已关注' }).click();
    await bubble(page, '您好，有什么可以帮您？').waitFor();
    await expectNoEnglish(page, [appid, 'poster', 'TODAY', 'https://shop.example.com/map']);
    await noOverflow(page);
    await screenshot(page, `follower-panel-${viewports.desktop.width}-zh-CN`);
  }, 120_000);

  it('sends a photo and a location on a phone, and says in words when the account answers nothing', async () => {
    // Prepare: an account that answers nothing (no rule at all)
    const owner = await authorizedAccount('书香书店');
    const appid = owner.account.appid;
    const { page } = await openPage(files.browser, { viewport: 'phone', phone: true });
    files.watch(page);
    await page.goto(panelUrl(appid));
    await expect.poll(() => page.locator('#account').inputValue()).toBe(appid);
    await page.getByRole('button', { name: '新的粉丝' }).click();
    // The new follower in the list first: a 关注 before it is made is lost with the redrawn chat.
    await page.getByRole('button', { name: '粉丝 1 · 未关注' }).waitFor();
    await page.getByRole('button', { name: '关注', exact: true }).click();
    await page.locator('.system', { hasText: '无回复' }).first().waitFor();

    // Act
    await page.getByRole('button', { name: '发送示例照片' }).click();
    await page.locator('#location').selectOption({ label: '广州塔（广东省广州市海珠区阅江西路222号）' });
    await page.getByRole('button', { name: '发送位置' }).click();

    // Assess: the photo is drawn from WeChat's temporary media, the location is the preset's
    const photo = page.locator('.msg--follower img');
    await photo.waitFor();
    await expect.poll(() => photo.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    await mine(page, '[位置] 广州塔').waitFor();
    await expect.poll(() => page.locator('.system', { hasText: '无回复' }).count()).toBe(3);
    await expectNoEnglish(page, [appid]);
    await noOverflow(page);
    await screenshot(page, `follower-panel-${viewports.phone.width}-zh-CN`);
  }, 60_000);

  it('says the account refused the push when the developer-mode server configuration does not match', async () => {
    // Prepare: a directly bound account; the panel's 基本配置 names another Token
    const owner = await userWithDirectAccount();
    const appid = owner.account.appid;
    const { page } = await openPage(files.browser);
    files.watch(page);
    await page.goto(panelUrl(appid));
    await expect.poll(() => page.locator('#account-mode').innerText()).toContain('开发者模式 · 明文模式');
    await page.getByText('服务器配置（开发者模式）').click();
    await page.getByLabel('Token').fill('anotherToken1');
    await page.getByRole('button', { name: '保存配置' }).click();
    await page.locator('.system', { hasText: '服务器配置已保存' }).waitFor();

    // Act
    await page.getByRole('button', { name: '新的粉丝' }).click();
    await page.getByRole('button', { name: '粉丝 1 · 未关注' }).waitFor();
    await page.getByRole('button', { name: '关注', exact: true }).click();

    // Assess
    await page.locator('.system--error', { hasText: '签名校验未通过' }).waitFor();
  }, 60_000);

  it('is linked from the console footer in local mode', async () => {
    // Prepare
    const tab = await openBackOffice(files.browser);
    files.watch(tab.page);

    // Act
    await tab.open('/replies', '自动回复');

    // Assess: the footer's link points at this stack's simulator
    const link = tab.page.getByRole('link', { name: '扮演粉丝（本机微信模拟器）' });
    expect(await link.getAttribute('href')).toBe(`${inject('wechatBase')}/follower-panel`);
  }, 60_000);
});
