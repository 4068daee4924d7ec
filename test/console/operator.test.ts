import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userWithDirectAccount, type UserWithAccount } from '../support/accounts';
import { openBackOffice } from '../support/back-office';
import { launchBrowser, screenshot } from '../support/browser';
import { expectChinesePage } from '../support/chinese';
import { call } from '../support/http';
import { sim } from '../support/wechat-sim';

/**
 * Issue 23 item 7 in the browser: 首页 and the grouped map (zh-CN at 1280 and 375, English as a
 * spot check). The reply sections and the editors that keep work are in operator-editors.test.ts.
 */
let browser: Browser;
let owner: UserWithAccount;

beforeAll(async () => {
  [browser, owner] = await Promise.all([launchBrowser(), userWithDirectAccount()]);
  // Something to show on 首页: a follow and two messages waiting.
  const [openid] = (await sim.addFollowers(owner.account.appid, 1)).openids as [string];
  const messages: Record<string, string | number>[] = [
    { MsgType: 'event', Event: 'subscribe', EventKey: '' },
    { MsgType: 'text', Content: '你好' },
    { MsgType: 'text', Content: '在吗' },
  ];
  for (const message of messages) {
    await sim.send({ appid: owner.account.appid, via: 'direct', mode: 'safe', message: { FromUserName: openid, ...message } });
  }
}, 120_000);
afterAll(async () => {
  await browser?.close();
});

const chineseCheck = (page: Page, name: string) => expectChinesePage(page, [owner.account.appid, owner.user.username], name);

const rule = (json: Record<string, unknown>) =>
  call('/apis/wxreplymanage/addReply', { token: owner.user.token, json: { appid: owner.account.appid, type: 'text', ...json } });

describe('console: 首页 and the map', () => {
  it('shows 首页 with its numbers linked to where they are handled, and the navigation grouped as WeChat does, at 1280', async () => {
    // Prepare
    const tab = await openBackOffice(browser, { owner });

    // Act
    await tab.open('/home', '首页');
    await tab.page.locator('.home-tile__number').first().waitFor();

    // Assess: groups in WeChat's order, only those with pages
    const groups = await tab.page.locator('.nav-group__title').allInnerTexts();
    expect(groups).toEqual(['首页', '内容', '互动', '用户', '数据', '设置与开发']);
    const unhandled = tab.page.getByRole('region', { name: '未处理消息' });
    expect(await unhandled.locator('.home-tile__number').innerText()).toBe('2');
    expect(await unhandled.getByRole('link', { name: '去处理' }).getAttribute('href')).toContain('#/inbox');
    expect(await tab.page.getByRole('region', { name: '新关注' }).locator('.home-tile__number').innerText()).toBe('1');
    await expect.poll(() => tab.page.getByRole('region', { name: '发送失败（近 7 天）' }).innerText()).toContain('近 7 天没有发送失败');
    await chineseCheck(tab.page, 'home');
    await screenshot(tab.page, 'home-1280-zh');
    tab.assertNoTokenInUrls();
  }, 60_000);

  it('folds the map behind 菜单 on a phone (375), and a picked page folds it again', async () => {
    // Prepare
    const tab = await openBackOffice(browser, { owner, viewport: 'phone', phone: true });
    await tab.open('/home', '首页');
    const { page } = tab;

    // Act
    const folded = await page.locator('.nav-groups').isVisible();
    await page.getByRole('button', { name: /菜单/ }).click();
    await screenshot(page, 'nav-open-375-zh');
    const open = await page.locator('.nav-group__title').allInnerTexts();
    await page.getByRole('link', { name: '自动回复' }).click();
    await page.getByRole('heading', { name: '自动回复', level: 1 }).waitFor();
    // The map folds as the page changes; on a loaded machine the heading can come a frame before it.
    await page.locator('.nav-groups').waitFor({ state: 'hidden', timeout: 5000 }).catch(() => undefined);

    // Assess
    expect(folded).toBe(false);
    expect(open).toEqual(['首页', '内容', '互动', '用户', '数据', '设置与开发']);
    expect(await page.locator('.nav-groups').isVisible()).toBe(false);
    expect(await page.locator('.shell__menu-current').innerText()).toBe('自动回复');
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBe(375);
    await tab.open('/home', '首页');
    await chineseCheck(page, 'home on a phone');
    await screenshot(page, 'home-375-zh');
  }, 60_000);

  it('reads in English too (spot check)', async () => {
    const tab = await openBackOffice(browser, { owner, language: 'en' });
    await tab.open('/home', 'Home');
    expect(await tab.page.locator('.nav-group__title').allInnerTexts()).toEqual(['Home', 'Content', 'Interaction', 'Followers', 'Statistics', 'Settings and development']);
    expect(await tab.page.getByRole('region', { name: 'Unhandled messages' }).locator('.home-tile__number').innerText()).toBe('2');
    await screenshot(tab.page, 'home-1280-en');
  }, 60_000);
});

