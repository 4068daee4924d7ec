import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userWithDirectAccount, type UserWithAccount } from '../support/accounts';
import { consoleUrl, launchBrowser, openPage, screenshot, viewports } from '../support/browser';
import { englishWords } from '../support/chinese';
import { call } from '../support/http';

/**
 * Every console page at 1280×800 and 375×812, in Chinese and in English, saved under
 * test-artifacts/screenshots/ for people to look at. Each shot also checks the page has no
 * horizontal overflow (what breaks first on a phone) and that every form control has a label.
 */
let browser: Browser;
let owner: UserWithAccount;

beforeAll(async () => {
  [browser, owner] = await Promise.all([launchBrowser(), userWithDirectAccount()]);
  const rule = (type: string, request: string, reply: unknown, match = 'exact') =>
    call('/apis/wxreplymanage/addReply', { token: owner.user.token, json: { appid: owner.account.appid, type, request, reply, match } });
  const article = (n: number) => ({ title: `冬季新品 第${n}篇`, description: '全场八折，限时三天', picurl: 'https://img.example.com/w.jpg', url: 'https://shop.example.com/w' });
  for (const res of [
    await rule('text', '@subscribe', { content: '感谢关注！回复"新品"看看本周上新。' }),
    await rule('text', '@default', { content: '小编暂时不在，稍后回复您。' }),
    await rule('text', '营业时间', { content: '每天 9:00–18:00，节假日照常营业。' }),
    await rule('multitext', '新品', { articles: [article(1), article(2)] }, 'contains'),
    await rule('image', '地图', { mediaId: 'MEDIA_ID_OF_THE_MAP' }),
  ]) {
    expect(res.body.errcode).toBe(0);
  }
});
afterAll(async () => {
  await browser?.close();
});

const noOverflowAndLabelled = async (page: import('playwright-core').Page, name: string) => {
  const width = await page.evaluate('document.documentElement.scrollWidth');
  const viewport = page.viewportSize()!.width;
  expect(width, `${name}: page wider than the viewport`).toBeLessThanOrEqual(viewport);
  const unlabelled = (await page.evaluate(
    "[...document.querySelectorAll('input:not([type=hidden]), select, textarea')].filter((el) => !(el.labels && el.labels.length) && !el.closest('label')).map((el) => el.name || el.id)",
  )) as string[];
  expect(unlabelled, `${name}: controls without a label`).toEqual([]);
};

describe('console screenshots', () => {
  for (const [size, viewport] of Object.entries(viewports) as [keyof typeof viewports, (typeof viewports)[keyof typeof viewports]][]) {
    it(`shoots every page at ${viewport.width}×${viewport.height} in Chinese and English`, async () => {
      const tab = await openPage(browser, { viewport: size, phone: size === 'phone' });
      const { page } = tab;
      const appid = owner.account.appid;
      const shots: string[] = [];
      // A hash-only goto returns before the router draws the new page: wait for its own title, when
      // the page before had one too, so the checks read the new page.
      const shoot = async (name: string, lang: string, title?: { 'zh-CN': string; en: string }) => {
        if (title) await page.getByRole('heading', { name: title[lang as 'zh-CN' | 'en'], level: 1, exact: true }).waitFor();
        await page.waitForSelector('h1');
        await noOverflowAndLabelled(page, name);
        // The Chinese page has no English word of ours (WeChat's Latin names and the user's own data aside).
        if (lang === 'zh-CN') {
          const text = await page.locator('body').innerText();
          expect(englishWords(text, [appid, owner.user.username, owner.user.email, 'owner@example.com', 'MEDIA_ID_OF_THE_MAP']), `${name}: English in the Chinese page`).toEqual([]);
        }
        shots.push(await screenshot(page, `${name}-${viewport.width}-${lang}`));
      };

      for (const lang of ['zh-CN', 'en']) {
        // Public pages, no session
        await page.goto(consoleUrl('#/login'));
        await page.evaluate(`localStorage.clear(); localStorage.setItem('socialinzen.lang', '${lang}')`);
        await page.reload();
        await shoot('login', lang);
        await page.goto(consoleUrl('#/register'));
        await shoot('register', lang, { 'zh-CN': '注册', en: 'Register' });
        await page.goto(consoleUrl('#/check-mail?email=owner%40example.com'));
        await shoot('check-mail', lang, { 'zh-CN': '请查收邮件', en: 'Check your mail' });

        // Back office, with the owner's session
        await page.evaluate(
          `localStorage.setItem('socialinzen.session', JSON.stringify({ token: ${JSON.stringify(owner.user.token)}, username: ${JSON.stringify(owner.user.username)}, expiresAt: Date.now() + 3600e3 }))`,
        );
        await page.goto(consoleUrl(`#/replies?appid=${appid}`));
        await page.reload();
        await page.locator('table tbody tr').first().waitFor();
        await shoot('replies', lang);
        await page.goto(consoleUrl(`#/rule?appid=${appid}&keyword=${encodeURIComponent('新品')}`));
        await page.locator('.chat__news').waitFor();
        await shoot('rule-news', lang);
        await page.goto(consoleUrl(`#/rule?appid=${appid}`));
        await shoot('rule-new', lang, { 'zh-CN': '添加规则', en: 'Add a rule' });
        await page.goto(consoleUrl(`#/settings?appid=${appid}`));
        await page.locator('.facts').first().waitFor();
        await shoot('settings', lang);
        // A directly bound account has no nickname: the card is headed as an account, the AppID shown once.
        expect(await page.locator('.card h2').first().textContent()).toBe(lang === 'en' ? 'Official Account' : '公众号');
        expect((await page.locator('.page').innerText()).split(appid).length - 1).toBe(1);
        await page.goto(consoleUrl(`#/authorize?appid=${appid}`));
        await shoot('authorize', lang, { 'zh-CN': '授权公众号', en: 'Authorize an official account' });
      }
      expect(shots).toHaveLength(16);
    }, 240_000);
  }
});
