import type { Locator, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { userWithDirectAccount, type UserWithAccount } from '../support/accounts';
import { openBackOffice, type BackOffice } from '../support/back-office';
import { useBrowser } from '../support/browser';
import { call } from '../support/http';
import { sim } from '../support/wechat-sim';

/**
 * The custom-menu editor's drag and drop, with real pointer drags in Chromium (HTML5 drag events
 * raised by the browser, not dispatched by the test): a top-level button to another place in the
 * bar, a sub-menu within its column and into another column, then published, and the menu WeChat
 * (the simulator) holds is read back in its new order. A drop WeChat's limits forbid (a sixth
 * sub-menu, a third level) is refused with a message, and publishing afterwards changes nothing.
 */
const browsing = useBrowser();

const click = (name: string, key: string) => ({ type: 'click', name, key });
/** Three columns: 服务 with 3 sub-menus, 活动 full (5), 官网 a web link. */
const startingMenu = [
  { name: '服务', sub_button: [click('今日推荐', 'TODAY'), click('门店', 'STORE'), click('会员', 'MEMBER')] },
  { name: '活动', sub_button: [click('签到', 'CHECKIN'), click('抽奖', 'DRAW'), click('优惠券', 'COUPON'), click('拼团', 'GROUP'), click('秒杀', 'FLASH')] },
  { type: 'view', name: '官网', url: 'https://shop.example.com/' },
];

/** An owner whose account already has the starting menu, in the editor. */
const openEditor = async (): Promise<{ tab: BackOffice; owner: UserWithAccount }> => {
  const owner = await userWithDirectAccount();
  const created = await call('/apis/menus/createMenu', { token: owner.user.token, json: { appid: owner.account.appid, button: startingMenu } });
  expect(created.body.errcode, created.text).toBe(0);
  const tab = await openBackOffice(browsing.browser, { owner });
  browsing.watch(tab.page);
  await tab.open('/menus', '自定义菜单');
  await tab.page.locator('.menubar__button', { hasText: '秒杀' }).waitFor();
  return { tab, owner };
};

/** The menu as the simulated WeChat holds it (cgi-bin/menu/get with the account's token). */
const menuInWeChat = async (appid: string) => {
  const { access_token } = await sim.tokens(appid);
  const res = await fetch(`${inject('wechatBase')}/cgi-bin/menu/get?access_token=${access_token}`);
  const body = (await res.json()) as { menu: { button: { name: string; type?: string; key?: string; url?: string; sub_button: { name: string; key?: string }[] }[] } };
  return body.menu.button.map((b) => (b.sub_button.length ? [b.name, b.sub_button.map((s) => `${s.name}:${s.key}`)] : [b.name, b.type, b.url ?? b.key]));
};

/** The editor's bar as drawn: each column's name and its sub-menus, top to bottom. */
const barShown = (page: Page) =>
  page.evaluate(`[...document.querySelectorAll('.menubar > li')].filter((li) => li.querySelector(':scope > .menubar__button')).map((li) => [
    li.querySelector(':scope > .menubar__button').textContent,
    [...li.querySelectorAll('.menubar__subs .menubar__button')].map((b) => b.textContent),
  ])`) as Promise<[string, string[]][]>;

const top = (page: Page, name: string): Locator => page.locator('.menubar > li > .menubar__button', { hasText: name });
const sub = (page: Page, name: string): Locator => page.locator('.menubar__subs .menubar__button', { hasText: name });

/** A person's drag: press on the button, move in steps (Chromium starts a drag after a few pixels), release on the target. */
const drag = async (page: Page, source: Locator, target: Locator) => {
  const from = (await source.boundingBox())!;
  const to = (await target.boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 8, from.y + from.height / 2 + 4, { steps: 4 });
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 });
  await page.mouse.up();
};

describe('console: custom menu, drag and drop', () => {
  it('reorders the bar and the sub-menus by dragging, moves a sub-menu into another column, and WeChat holds that order once published', async () => {
    // Prepare
    const { tab, owner } = await openEditor();
    const { page } = tab;

    // Act: 官网 to the first place (dragTo: Playwright's own pointer drag), 会员 to the top of its column,
    // 秒杀 from the full 活动 into 服务 at 门店's place (a drag with the mouse in steps).
    await top(page, '官网').dragTo(top(page, '服务'));
    await expect.poll(() => barShown(page)).toEqual([
      ['官网', []],
      ['服务', ['今日推荐', '门店', '会员']],
      ['活动', ['签到', '抽奖', '优惠券', '拼团', '秒杀']],
    ]);
    await drag(page, sub(page, '会员'), sub(page, '今日推荐'));
    await expect.poll(() => barShown(page)).toEqual([
      ['官网', []],
      ['服务', ['会员', '今日推荐', '门店']],
      ['活动', ['签到', '抽奖', '优惠券', '拼团', '秒杀']],
    ]);
    await drag(page, sub(page, '秒杀'), sub(page, '门店'));
    await expect.poll(() => barShown(page)).toEqual([
      ['官网', []],
      ['服务', ['会员', '今日推荐', '秒杀', '门店']],
      ['活动', ['签到', '抽奖', '优惠券', '拼团']],
    ]);
    // The moved button is the one being edited
    await expect.poll(() => page.locator('section.card h2').first().innerText()).toBe('编辑：秒杀');
    await page.getByRole('button', { name: '发布菜单' }).click();
    await page.getByText('菜单已发布。').waitFor();

    // Assess
    expect(await menuInWeChat(owner.account.appid)).toEqual([
      ['官网', 'view', 'https://shop.example.com/'],
      ['服务', ['会员:MEMBER', '今日推荐:TODAY', '秒杀:FLASH', '门店:STORE']],
      ['活动', ['签到:CHECKIN', '抽奖:DRAW', '优惠券:COUPON', '拼团:GROUP']],
    ]);
    // A follower tapping the third sub-menu of the second column now sends 秒杀's key
    const tap = await sim.tap({ appid: owner.account.appid, via: 'direct', mode: 'safe', button: 'button[1].sub_button[2]' });
    expect(tap.message).toMatchObject({ Event: 'CLICK', EventKey: 'FLASH' });
    tab.assertNoTokenInUrls();
  });

  it("refuses, with a message, a drop WeChat would refuse (a sixth sub-menu, a third level), and the published menu stays as it was", async () => {
    // Prepare
    const { tab, owner } = await openEditor();
    const { page } = tab;
    const before = await barShown(page);

    // Act: 今日推荐 into the full 活动; then the whole 服务 column (it has sub-menus) under 活动
    await drag(page, sub(page, '今日推荐'), sub(page, '抽奖'));
    const full = await page.getByRole('alert').innerText();
    await drag(page, top(page, '服务'), sub(page, '签到'));
    await page.getByRole('alert').getByText(/两级/).waitFor();
    const thirdLevel = await page.getByRole('alert').innerText();
    const after = await barShown(page);
    await page.getByRole('button', { name: '发布菜单' }).click();
    await page.getByText('菜单已发布。').waitFor();

    // Assess
    expect(full).toBe('“活动”下已有 5 个子菜单（微信最多 5 个），未移动。');
    expect(thirdLevel).toBe('“服务”带有子菜单，不能放到其他菜单下（微信菜单只有两级），未移动。');
    expect(after).toEqual(before);
    expect(await menuInWeChat(owner.account.appid)).toEqual([
      ['服务', ['今日推荐:TODAY', '门店:STORE', '会员:MEMBER']],
      ['活动', ['签到:CHECKIN', '抽奖:DRAW', '优惠券:COUPON', '拼团:GROUP', '秒杀:FLASH']],
      ['官网', 'view', 'https://shop.example.com/'],
    ]);
  });

  it('moves a leaf top-level button under another column and a sub-menu up into the bar, within the limits', async () => {
    // Prepare
    const { tab, owner } = await openEditor();
    const { page } = tab;

    // Act: 官网 (a link, no sub-menus) under 服务, after 门店; then 秒杀 up into the bar's free place
    await drag(page, top(page, '官网'), sub(page, '会员'));
    await expect.poll(() => barShown(page)).toEqual([
      ['服务', ['今日推荐', '门店', '官网', '会员']],
      ['活动', ['签到', '抽奖', '优惠券', '拼团', '秒杀']],
    ]);
    await drag(page, sub(page, '秒杀'), page.getByRole('button', { name: '+ 添加菜单' }));
    await expect.poll(() => barShown(page)).toEqual([
      ['服务', ['今日推荐', '门店', '官网', '会员']],
      ['活动', ['签到', '抽奖', '优惠券', '拼团']],
      ['秒杀', []],
    ]);
    await page.getByRole('button', { name: '发布菜单' }).click();
    await page.getByText('菜单已发布。').waitFor();

    // Assess: a link under a column keeps its url; a sub-menu in the bar keeps its type and key
    const { access_token } = await sim.tokens(owner.account.appid);
    const held = (await (await fetch(`${inject('wechatBase')}/cgi-bin/menu/get?access_token=${access_token}`)).json()) as { menu: { button: unknown[] } };
    expect(held.menu.button).toEqual([
      { name: '服务', sub_button: [{ ...click('今日推荐', 'TODAY'), sub_button: [] }, { ...click('门店', 'STORE'), sub_button: [] }, { ...startingMenu[2], sub_button: [] }, { ...click('会员', 'MEMBER'), sub_button: [] }] },
      { name: '活动', sub_button: ['签到:CHECKIN', '抽奖:DRAW', '优惠券:COUPON', '拼团:GROUP'].map((s) => ({ ...click(...(s.split(':') as [string, string])), sub_button: [] })) },
      { ...click('秒杀', 'FLASH'), sub_button: [] },
    ]);
  });

  it('moves a sub-menu into another column without a mouse ("move to"), and says why a full column refuses it', async () => {
    // Prepare
    const { tab, owner } = await openEditor();
    const { page } = tab;
    await sub(page, '会员').focus();
    await page.keyboard.press('Enter');

    // Act: into the full 活动 (refused), then under 官网
    await page.getByLabel('移到').selectOption({ label: '“活动”下' });
    await page.getByRole('button', { name: '移动', exact: true }).press('Enter');
    const refused = await page.getByRole('alert').innerText();
    await page.getByLabel('移到').selectOption({ label: '“官网”下' });
    await page.getByRole('button', { name: '移动', exact: true }).press('Enter');
    await expect.poll(() => barShown(page)).toEqual([
      ['服务', ['今日推荐', '门店']],
      ['活动', ['签到', '抽奖', '优惠券', '拼团', '秒杀']],
      ['官网', ['会员']],
    ]);
    await page.getByRole('button', { name: '发布菜单' }).press('Enter');
    await page.getByText('菜单已发布。').waitFor();

    // Assess
    expect(refused).toBe('“活动”下已有 5 个子菜单（微信最多 5 个），未移动。');
    expect(await menuInWeChat(owner.account.appid)).toEqual([
      ['服务', ['今日推荐:TODAY', '门店:STORE']],
      ['活动', ['签到:CHECKIN', '抽奖:DRAW', '优惠券:COUPON', '拼团:GROUP', '秒杀:FLASH']],
      ['官网', ['会员:MEMBER']],
    ]);
  });
});
