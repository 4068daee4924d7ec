import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, consoleUrl, openPage, screenshot, type WatchedPage } from '../support/browser';
import { verificationLink, waitForMail } from '../support/mail';
import { aUser } from '../support/users';
import { sim } from '../support/wechat-sim';

/**
 * The seed's flow in a fresh browser: register → the mailed link → login → authorize an official
 * account through WeChat's (the simulator's) authorization page → back office; a reload keeps the
 * session; logout returns to login and stays there. No request ever carries the token in its URL.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('console: from a fresh browser to the back office', () => {
  let tab: WatchedPage;
  const user = aUser();

  it('registers, verifies by the mailed link, logs in, authorizes through WeChat and lands in the back office', async () => {
    // Prepare
    tab = await openPage(browser);
    const { page } = tab;
    const account = await sim.createAccount({ nickname: `浏览器测试号 ${user.username}` });

    // Act: a fresh browser opens the console and lands on login
    await page.goto(consoleUrl());
    await expect.poll(() => page.url()).toMatch(/#\/login$/);
    await page.getByRole('link', { name: '没有账号？注册' }).click();
    await page.getByLabel('用户名').fill(user.username);
    await page.getByLabel('邮箱').fill(user.email);
    await page.getByLabel('密码').fill(user.password);
    await page.getByRole('button', { name: '注册' }).click();
    await page.getByRole('heading', { name: '请查收邮件' }).waitFor();
    expect(await page.getByText(user.email).count()).toBeGreaterThan(0);

    // the link from the SES stand-in, opened in the same browser
    const link = verificationLink(await waitForMail(user.email));
    await page.goto(link);
    await page.getByText('邮箱已验证，现在可以登录了。').waitFor();
    expect(new URL(page.url()).search).toBe('');

    await page.getByLabel('用户名').fill(user.username);
    await page.getByLabel('密码').fill(user.password);
    await page.getByRole('button', { name: '登录' }).click();

    // no account yet: authorization
    await page.getByRole('heading', { name: '授权公众号' }).waitFor();
    await page.getByRole('button', { name: '前往微信授权页面' }).click();
    await page.getByRole('link', { name: new RegExp(account.appid) }).click();

    // Assess: back in the console, in the back office of that account
    await page.getByRole('heading', { name: '自动回复' }).waitFor();
    expect(page.url()).toContain(`appid=${account.appid}`);
    expect(await page.getByLabel('当前公众号').inputValue()).toBe(account.appid);
  });

  it('keeps the session across a reload: back office without login', async () => {
    const { page } = tab;
    await page.reload();
    await page.getByRole('heading', { name: '自动回复' }).waitFor();
    expect(page.url()).not.toMatch(/#\/login/);
  });

  it('logs out to login, and a reload stays on login', async () => {
    const { page } = tab;
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByText('已退出登录。').waitFor();
    await page.reload();
    await page.getByRole('heading', { name: '登录' }).waitFor();
    expect(page.url()).toMatch(/#\/login/);
    expect(await page.evaluate("localStorage.getItem('socialinzen.session')")).toBeNull();
  });

  it('lands on login with a note when the session expired on the server', async () => {
    // Prepare: log in again, then end the session behind the browser's back (as expiry does)
    const { page } = tab;
    await page.getByLabel('用户名').fill(user.username);
    await page.getByLabel('密码').fill(user.password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { name: '自动回复' }).waitFor();
    const stored = JSON.parse((await page.evaluate("localStorage.getItem('socialinzen.session')")) as string) as { token: string };
    const ended = await fetch(`${inject('baseUrl')}/apis/user/logout`, { method: 'POST', headers: { authorization: `Bearer ${stored.token}` } });
    expect(ended.status).toBe(200);

    // Act: the next page asks the API
    await page.getByRole('link', { name: '公众号设置' }).click();

    // Assess
    await page.getByText('登录已过期，请重新登录。').waitFor();
    expect(page.url()).toMatch(/#\/login\?expired=1/);
  });

  it('lands on login with a note when the stored session is past its expiry', async () => {
    // Prepare: a session whose time is up in this browser
    const { page } = tab;
    await page.getByLabel('用户名').fill(user.username);
    await page.getByLabel('密码').fill(user.password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { name: '自动回复' }).waitFor();
    await page.evaluate("const s = JSON.parse(localStorage.getItem('socialinzen.session')); s.expiresAt = Date.now() - 1000; localStorage.setItem('socialinzen.session', JSON.stringify(s))");

    // Act
    await page.reload();

    // Assess
    await page.getByText('登录已过期，请重新登录。').waitFor();
    expect(page.url()).toMatch(/#\/login/);
  });

  it('never put the session token in a URL', () => {
    expect(tab.tokens.size).toBe(3);
    tab.assertNoTokenInUrls();
  });
});
