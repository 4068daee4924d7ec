import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { userWithComponentAccount, userWithDirectAccount, type UserWithAccount } from '../support/accounts';
import { openBackOffice } from '../support/back-office';
import { screenshot, useBrowser, viewports } from '../support/browser';
import { call } from '../support/http';
import { sim } from '../support/wechat-sim';

/**
 * The official account's lifecycle in the console (issue 23 item 4), zh-CN at 1280 and 375 with an
 * English spot check: 需要重新授权 with its button when WeChat refused the refresh token, a direct
 * binding's 服务器配置 changed with the steps in WeChat's words, and a material used by rules that
 * asks before it goes and leaves those rules marked. Screenshots: test-artifacts/screenshots/lifecycle-*.png.
 */
const browsing = useBrowser();
// This single-process Chromium shares localStorage between contexts: each Chinese story says its language, or an English spot check before it leaks in.
const sizes = Object.keys(viewports) as (keyof typeof viewports)[];

/**
 * What this change shows holds no English word but product names and WeChat's own terms, and no
 * JSON (the pages around it show data: nicknames, media ids, keywords, API paths).
 */
const speaksChinese = async (part: Locator, data: string[] = []) => {
  const text = data.reduce((t, d) => t.replaceAll(d, ''), await part.innerText());
  const words = text.replace(/[\w.+-]+@[\w.-]+/g, '').replace(/https?:\/\/\S+/g, '').match(/[A-Za-z]{2,}/g) ?? [];
  const allowed = ['socialinzen', 'AppID', 'Token', 'EncodingAESKey', 'URL', 'JSSDK', 'JS', 'SDK', 'OAuth', 'H5', 'API', 'IP'];
  expect(words.filter((w) => !allowed.includes(w) && !/^(wx|gh_|MP_)/.test(w))).toEqual([]);
  expect(text).not.toMatch(/errcode|"msg"/);
};

const shoot = async (page: Page, name: string, language = 'zh-CN') => {
  const overflow = (await page.evaluate('document.documentElement.scrollWidth')) as number;
  expect(overflow, `${name}: wider than the viewport`).toBeLessThanOrEqual(page.viewportSize()!.width);
  await screenshot(page, `lifecycle-${name}-${page.viewportSize()!.width}-${language}`);
};

/** An authorized account whose refresh token WeChat refused once a page needed a new access token. */
const refusedAccount = async (): Promise<UserWithAccount> => {
  const owner = await userWithComponentAccount();
  const appid = owner.account.appid;
  // Refused for good, as WeChat does once the authorization is gone (the pages below renew again).
  await sim.fault({ path: 'cgi-bin/component/api_authorizer_token', appid, errcode: 61023, errmsg: 'refresh_token is invalid', times: -1 });
  await sim.expire({ appid });
  expect((await call('/apis/menus/getMenu', { token: owner.user.token, json: { appid } })).body).toMatchObject({ wxerrcode: 61023 });
  return owner;
};

describe('console: the account lifecycle', () => {
  it('shows 需要重新授权 in settings and in the account switcher, with the 重新授权 button, when WeChat refused the refresh token', async () => {
    const owner = await refusedAccount();
    for (const size of sizes) {
      const tab = await openBackOffice(browsing.browser, { owner, viewport: size, phone: size === 'phone', language: 'zh-CN' });
      browsing.watch(tab.page);
      const { page } = tab;

      await tab.open('/settings', '公众号设置');

      await page.locator('.badge', { hasText: '需要重新授权' }).waitFor();
      expect(await page.getByText('已授权', { exact: true }).count()).toBe(0);
      const again = page.getByRole('link', { name: '重新授权', exact: true });
      expect(await again.getAttribute('href')).toMatch(/^#\/authorize/);
      expect(await page.getByLabel('当前公众号').locator('option', { hasText: '（需要重新授权）' }).count()).toBe(1);
      await speaksChinese(page.locator('section.card').first(), [owner.account.nickname, owner.account.appid]);
      await shoot(page, 'reauthorize');
    }
    // English spot check
    const english = await openBackOffice(browsing.browser, { owner, language: 'en' });
    browsing.watch(english.page);
    await english.open('/settings', 'Account settings');
    await english.page.locator('.badge', { hasText: 'Needs re-authorization' }).waitFor();
    await english.page.getByRole('link', { name: 'Authorize again' }).waitFor();
    await shoot(english.page, 'reauthorize', 'en');
  }, 120_000);

  it("changes a direct binding's token, EncodingAESKey and mode from settings, the steps told in WeChat's words", async () => {
    const owner = await userWithDirectAccount();
    const key = 'K'.repeat(20) + 'k'.repeat(20) + '123';
    for (const size of sizes) {
      const tab = await openBackOffice(browsing.browser, { owner, viewport: size, phone: size === 'phone', language: 'zh-CN' });
      browsing.watch(tab.page);
      const { page } = tab;
      await tab.open('/settings', '公众号设置');
      const form = page.locator('form', { has: page.getByRole('heading', { name: '修改服务器配置' }) });
      await form.getByText('设置与开发 → 基本配置 → 服务器配置', { exact: false }).waitFor();

      await form.getByLabel('令牌（Token）').fill(`token${size}`);
      await form.getByLabel(/消息加解密密钥/).fill(key);
      await form.getByLabel('消息加解密方式').selectOption('safe');
      await form.getByRole('button', { name: '保存服务器配置' }).click();

      await page.getByText('服务器配置已保存。请在公众平台提交相同的修改。').waitFor();
      await form.getByText(/之前，按旧配置发来的消息仍会被接收/).waitFor();
      await speaksChinese(form);
      await shoot(page, 'server-config');
    }
    const shown = await call('/apis/accounts/detail', { token: owner.user.token, query: { appid: owner.account.appid } });
    expect(shown.body.account).toMatchObject({ encryptMode: 'safe', encrypted: true });
    // The token saved last signs from now on (WeChat checks the URL with it when the owner submits there).
    const sent = await sim.send({ appid: owner.account.appid, via: 'direct', mode: 'safe', message: { MsgType: 'text', Content: '你好' }, token: 'tokenphone', aesKey: key });
    expect(sent.attempts[0]!.status).toBe(200);
  }, 120_000);

  it('asks before deleting a material that rules use, names those rules, and marks them 素材已删除 in the rule list', async () => {
    const owner = await userWithDirectAccount();
    const appid = owner.account.appid;
    const rule = (keyword: string) =>
      call('/apis/wxreplymanage/addReply', { token: owner.user.token, json: { appid, type: 'image', reply: { type: 'image', content: { mediaId: media } }, request: keyword, match: 'exact' } });
    const { media_id: media } = await sim.seedMaterial(appid, 'image');
    expect((await rule('门店照片')).body).toMatchObject({ errcode: 0 });
    const name = (await sim.materials(appid)).materials.find((m) => m['media_id'] === media)!['name'] as string;
    for (const size of sizes) {
      const tab = await openBackOffice(browsing.browser, { owner, viewport: size, phone: size === 'phone', language: 'zh-CN' });
      browsing.watch(tab.page);
      const { page } = tab;
      await tab.open('/materials', '素材管理', { type: 'image' });
      await page.getByRole('button', { name: `删除素材"${name}"` }).click();
      await page.getByRole('dialog').getByRole('button', { name: '删除' }).click();

      const warning = page.getByRole('dialog').filter({ hasText: '正被 1 条自动回复规则使用' });
      await warning.waitFor();
      expect(await warning.innerText()).toContain('关键词“门店照片”');
      await speaksChinese(warning, [name]);
      await shoot(page, 'material-in-use');
      if (size === 'desktop') {
        // Cancel keeps it: at WeChat too
        await warning.getByRole('button', { name: '取消' }).click();
        expect((await sim.materials(appid)).materials.some((m) => m['media_id'] === media)).toBe(true);
        continue;
      }
      await warning.getByRole('button', { name: '仍要删除' }).click();
      await page.getByText('1 条规则已标记为“素材已删除”', { exact: false }).waitFor();
      expect((await sim.materials(appid)).materials.some((m) => m['media_id'] === media)).toBe(false);
    }
    for (const size of sizes) {
      const tab = await openBackOffice(browsing.browser, { owner, viewport: size, phone: size === 'phone', language: 'zh-CN' });
      browsing.watch(tab.page);
      await tab.open('/replies', '自动回复');
      const badge = tab.page.locator('.badge', { hasText: '素材已删除' });
      await badge.waitFor();
      expect(await badge.getAttribute('title')).toContain('请编辑规则，重新选择素材');
      await speaksChinese(tab.page.getByRole('row', { name: /门店照片/ }).getByRole('cell').first());
      await shoot(tab.page, 'rule-media-missing');
    }
    const english = await openBackOffice(browsing.browser, { owner, language: 'en' });
    browsing.watch(english.page);
    await english.open('/replies', 'Auto-replies');
    await english.page.locator('.badge', { hasText: 'Material deleted' }).waitFor();
    await shoot(english.page, 'rule-media-missing', 'en');
  }, 120_000);
});
