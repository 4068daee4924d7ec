import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemsOf } from '../support/faults';
import { openBackOffice } from '../support/back-office';
import { launchBrowser, openPage, screenshot } from '../support/browser';
import { call } from '../support/http';
import { loggedInUser } from '../support/users';
import { sim } from '../support/wechat-sim';

/**
 * Issue 22 item 1 in a real browser: WeChat's redirect lands on the console page that completes the
 * authorization with this tab's session (a bearer token in localStorage, which a redirect cannot
 * carry), waits for WeChat's push when it trails, and in any other browser explains and links
 * nothing. WeChat's authorization page is the simulator's.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const chooseOnWechatPage = async (page: import('playwright-core').Page, appid: string) => {
  await page.locator(`a[href*="authorizer_appid=${appid}"]`).click();
  await page.waitForURL(/#\/authorize\//).catch(async () => {
    throw new Error(`not back in the console: ${page.url()}\n${(await page.textContent('body').catch(() => ''))?.slice(0, 500)}`);
  });
};

describe('console: coming back from WeChat’s authorization page', () => {
  it('waits in the starting session while WeChat’s push trails, then links and opens the account’s back office', async () => {
    // Prepare: a signed-in admin; WeChat holds X's authorized push back
    const tab = await openBackOffice(browser);
    const x = await sim.createAccount({ nickname: '慢推送公众号' });
    await sim.holdAuthorizedPushes(x.appid, true);
    const { page } = tab;

    // Act: to WeChat's page from the console, choose X, back to the console
    await tab.open('/authorize', '授权公众号');
    await page.getByRole('button', { name: '前往微信授权页面' }).click();
    await chooseOnWechatPage(page, x.appid);
    const waiting = page.getByTestId('link-waiting');
    await waiting.waitFor();
    const shot = await screenshot(page, 'authorize-waiting-for-wechat');
    const addressWhileWaiting = page.url();
    await sim.releaseAuthorizedPushes(x.appid);
    await sim.holdAuthorizedPushes(x.appid, false);
    await page.getByRole('heading', { name: '首页', level: 1 }).waitFor({ timeout: 15_000 });

    // Assess
    expect(shot).toMatch(/authorize-waiting-for-wechat\.png$/);
    expect(await waiting.count()).toBe(0);
    expect(addressWhileWaiting).toMatch(/#\/authorize\/return$/);
    expect(new URL(page.url().replace('#/', '')).searchParams.get('appid')).toBe(x.appid);
    expect(((await call('/apis/user/me', { token: tab.owner.user.token })).body.accounts as { appid: string }[]).map((a) => a.appid)).toContain(x.appid);
    tab.assertNoTokenInUrls();
  }, 60_000);

  it('explains and links nothing when the return lands in another browser (B’s link confirmed by X’s admin)', async () => {
    // Prepare: B asks for a link and sends it to X's admin, who opens it in a browser of their own
    const b = await loggedInUser();
    const x = await sim.createAccount({ nickname: '被借用的公众号' });
    const start = await call('/apis/component/authUrl', { token: b.token });
    // Literally another browser: nothing of this file's other tabs can reach it.
    const elsewhere = await launchBrowser();
    const admin = await openPage(elsewhere);

    // Act
    await admin.page.goto(start.body.authUrl);
    await chooseOnWechatPage(admin.page, x.appid);
    const explained = admin.page.getByTestId('return-elsewhere');
    await explained.waitFor();
    const shot = await screenshot(admin.page, 'authorize-returned-in-another-browser');
    const text = (await explained.textContent()) ?? '';
    const polledByB = await call('/apis/component/authStatus', { token: b.token, query: { state: start.body.state } });

    // Assess
    expect(shot).toMatch(/authorize-returned-in-another-browser\.png$/);
    expect(await admin.page.getByRole('heading', { name: '此授权不是在这个浏览器中发起的', level: 1 }).count()).toBe(1);
    expect(text).toContain('这次授权没有绑定任何公众号');
    // The code left the address bar at once
    expect(admin.page.url()).not.toContain('auth_code');
    expect(polledByB.body, polledByB.text).toMatchObject({ errcode: 0, status: 'started' });
    expect(await itemsOf(`ACCOUNT#${x.appid}`)).toEqual([]);
    await elsewhere.close();
  });

  it('refuses, spends the state and explains when the other browser is signed in to another login', async () => {
    const b = await loggedInUser();
    const x = await sim.createAccount();
    const start = await call('/apis/component/authUrl', { token: b.token });
    const other = await openBackOffice(browser);

    await other.page.goto(start.body.authUrl);
    await chooseOnWechatPage(other.page, x.appid);
    await other.page.getByTestId('return-elsewhere').waitFor();
    const polledByB = await call('/apis/component/authStatus', { token: b.token, query: { state: start.body.state } });

    expect(polledByB.body).toMatchObject({ errcode: 0, status: 'refused', reason: 'otherSession' });
    expect(await itemsOf(`ACCOUNT#${x.appid}`)).toEqual([]);
  });
});
