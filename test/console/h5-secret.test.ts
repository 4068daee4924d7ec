import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userWithDirectAccount, type UserWithAccount } from '../support/accounts';
import { openBackOffice, type BackOffice } from '../support/back-office';
import { launchBrowser } from '../support/browser';
import { call } from '../support/http';

/**
 * The settings page shows the account's H5 hand-off secret (docs/h5-signature.md) and rotates it:
 * after a rotation the page shows the new secret as current and the old one as still verifying,
 * as the API says.
 */
let browser: Browser;
let tab: BackOffice;
let owner: UserWithAccount;
beforeAll(async () => {
  browser = await launchBrowser();
  owner = await userWithDirectAccount();
  tab = await openBackOffice(browser, { owner });
});
afterAll(async () => {
  await browser?.close();
});

const apiSecrets = async () => (await call('/apis/wxplatform/h5Secrets', { token: owner.user.token, query: { appid: owner.account.appid } })).body;

describe('console: the H5 hand-off secret', () => {
  it('shows the current secret, and after 轮换密钥 the new one with the previous one still verifying', async () => {
    const { page } = tab;
    await tab.open('/settings', '公众号设置');
    const card = page.getByTestId('h5-secrets');
    const current = card.getByLabel('当前密钥（用于签名）', { exact: true });
    await current.waitFor();
    const before = await current.inputValue();

    await card.getByRole('button', { name: '轮换密钥' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '轮换密钥' }).click();
    await card.getByLabel('上一个密钥（仍可验证）', { exact: true }).waitFor();

    const api = await apiSecrets();
    expect(before).toMatch(/^[0-9a-f]{64}$/);
    expect(await card.getByLabel('上一个密钥（仍可验证）', { exact: true }).inputValue()).toBe(before);
    expect(await current.inputValue()).toBe(api.current.secret);
    expect(api.previous.secret).toBe(before);
  });

  it('never put the session token in a URL', () => {
    tab.assertNoTokenInUrls();
  });
});
