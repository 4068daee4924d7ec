import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizeThroughPlatform } from '../support/accounts';
import { openBackOffice, switchLanguage, type BackOffice } from '../support/back-office';
import { launchBrowser } from '../support/browser';
import { loggedInUser } from '../support/users';
import { sim } from '../support/wechat-sim';

/**
 * The settings page says, in WeChat's words, what the account is (订阅号/服务号, 已认证/未认证), the
 * permission sets its owner granted (func_info: developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/product/offical_account_authority.html)
 * and what each feature needs that the account lacks.
 */
let browser: Browser;
let tab: BackOffice;
beforeAll(async () => {
  browser = await launchBrowser();
  const user = await loggedInUser();
  const account = await sim.createAccount({ serviceType: 0, verifyType: -1, funcscopes: [1, 2, 3, 4, 11] });
  await authorizeThroughPlatform(user, account);
  tab = await openBackOffice(browser, { owner: { user, account } });
});
afterAll(async () => {
  await browser?.close();
});

describe('console: what the account can do', () => {
  it('shows an unverified subscription account, its granted sets, and why menus and remarks are not available', async () => {
    const { page } = tab;
    await tab.open('/settings', '公众号设置');
    const card = page.getByTestId('capabilities');
    await card.getByRole('heading', { name: '账号能力' }).waitFor();
    const text = (await card.textContent()) ?? '';

    expect(text).toContain('订阅号');
    expect(text).toContain('未认证');
    expect(text).toContain('消息管理权限、用户管理权限、帐号服务权限、网页服务权限、素材管理权限');
    expect(await card.locator('[data-feature="menus"]').textContent()).toContain('需要授权“自定义菜单权限”');
    expect(await card.locator('[data-feature="remarks"]').textContent()).toContain('仅服务号可用');
    expect(await card.locator('[data-feature="materials"]').textContent()).toContain('可用');
  });

  it('says the same in English', async () => {
    const { page } = tab;
    await switchLanguage(page, 'en');
    const card = page.getByTestId('capabilities');
    await card.getByRole('heading', { name: 'What this account can do' }).waitFor();

    expect(await card.textContent()).toContain('Subscription account (订阅号)');
    expect(await card.locator('[data-feature="menus"]').textContent()).toContain('Needs the permission set “Custom menus (自定义菜单权限)”');
  });

  it('never put the session token in a URL', () => {
    tab.assertNoTokenInUrls();
  });
});
