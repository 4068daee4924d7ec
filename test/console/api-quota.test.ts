import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userWithDirectAccount, type UserWithAccount } from '../support/accounts';
import { openBackOffice, type BackOffice } from '../support/back-office';
import { launchBrowser, screenshot } from '../support/browser';
import { call } from '../support/http';
import { sim } from '../support/wechat-sim';

/**
 * The settings page shows WeChat's daily API quota with what used it, and the reset beside it
 * (issue 24, item 7): openapi/quota/get's daily_limit / used / remain
 * (developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/openApi/get_api_quota.html),
 * clear_quota, 10 a month (developers.weixin.qq.com/doc/offiaccount/openApi/clear_quota.html).
 */
let browser: Browser;
let tab: BackOffice;
let owner: UserWithAccount;
beforeAll(async () => {
  browser = await launchBrowser();
  owner = await userWithDirectAccount();
  // The tags API allows 2 calls today, and the groups page has spent both.
  await sim.quota(owner.account.appid, 'cgi-bin/tags/get', 2);
  for (let i = 0; i < 2; i++) await call('/apis/wxplatform/getGroups', { token: owner.user.token, form: { appid: owner.account.appid } });
  tab = await openBackOffice(browser, { owner });
});
afterAll(async () => {
  await browser?.close();
});

describe('console: WeChat API quota', () => {
  it('shows each API with the feature that spends it, today’s use, the limit and what is left, in Chinese first', async () => {
    const { page } = tab;
    await tab.open('/settings', '公众号设置');
    const card = page.getByTestId('api-quota');
    await card.getByRole('heading', { name: '接口调用额度（今日）' }).waitFor();
    const row = card.locator('tr[data-path="/cgi-bin/tags/get"]');
    await row.waitFor();

    expect(await row.locator('td').allTextContents()).toEqual(['用户标签', '/cgi-bin/tags/get', '2', '2', '0']);
    expect(await card.locator('tr[data-path="/cgi-bin/message/custom/send"] td').first().textContent()).toBe('客服消息回复');
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'settings-api-quota-1280');
  });

  it('resets the counts with 清零调用次数 and shows today’s use back at 0', async () => {
    const { page } = tab;
    const card = page.getByTestId('api-quota');

    await card.getByRole('button', { name: '清零调用次数' }).click();
    await page.getByText('已清零').waitFor();
    const row = card.locator('tr[data-path="/cgi-bin/tags/get"]');
    // The card asks WeChat again after the reset: on a loaded machine that takes more than poll's default second.
    await expect.poll(async () => (await row.locator('td').allTextContents()).slice(2), { timeout: 15_000 }).toEqual(['0', '2', '2']);
  });

  it('never put the session token in a URL', () => {
    tab.assertNoTokenInUrls();
  });
});
