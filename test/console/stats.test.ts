import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectAccount } from '../../src/stats/collector';
import { userWithDirectAccount, type UserWithAccount } from '../support/accounts';
import { openBackOffice } from '../support/back-office';
import { launchBrowser, screenshot } from '../support/browser';
import { call } from '../support/http';
import { sim } from '../support/wechat-sim';

/**
 * The statistics dashboard and the QR list in the browser, on a phone (375) and a desktop (1280),
 * for an account with WeChat's numbers collected (the simulator's history) and our own counted
 * from followers' messages through the callback and the record stream.
 */
let browser: Browser;
let owner: UserWithAccount;
/** When the numbers were made: the page's clock is held there, so midnight China time during the file changes no day. */
let preparedAt: number;

const waitUntil = async (check: () => Promise<boolean>, timeoutMs = 30_000) => {
  const until = Date.now() + timeoutMs;
  while (!(await check()) && Date.now() < until) await new Promise((r) => setTimeout(r, 300));
};

beforeAll(async () => {
  browser = await launchBrowser();
  owner = await userWithDirectAccount();
  await collectAccount(owner.account.appid);
  const made = await call('/apis/wxplatform/qrcode', { token: owner.user.token, form: { appid: owner.account.appid, sceneId: '春季活动', expire: '604800' } });
  expect(made.body.errcode).toBe(0);
  const menu = await call('/apis/menus/createMenu', { token: owner.user.token, json: { appid: owner.account.appid, button: [{ type: 'click', name: '今日歌曲', key: 'V1001_TODAY' }] } });
  expect(menu.body.errcode, menu.text).toBe(0);
  const deliver = (message: Record<string, string>) => sim.send({ appid: owner.account.appid, via: 'direct', mode: 'safe', message });
  for (const content of ['怎么退款', '怎么退款', '发票怎么开', '营业时间']) await deliver({ MsgType: 'text', Content: content });
  await deliver({ MsgType: 'event', Event: 'CLICK', EventKey: 'V1001_TODAY' });
  await deliver({ MsgType: 'event', Event: 'subscribe', EventKey: 'qrscene_春季活动', Ticket: made.body.ticket });
  await deliver({ MsgType: 'event', Event: 'SCAN', EventKey: '春季活动', Ticket: made.body.ticket });
  await waitUntil(async () => {
    const list = await call('/apis/wxplatform/listQrcodes', { token: owner.user.token, json: { appid: owner.account.appid } });
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const overview = await call('/apis/stats/overview', { token: owner.user.token, json: { appid: owner.account.appid, from: today, to: today } });
    // Seven pushes reached the callback: each one's access-log line (the callback's latency) too.
    return list.body.qrcodes?.[0]?.scans === 2 && overview.body.messages?.texts === 4 && overview.body.latency?.count === 7;
  });
  preparedAt = Date.now();
}, 180_000);

afterAll(async () => {
  // One browser for the file (single-process Chromium: closing a context ends it); closed here.
  await browser?.close();
});

describe('console: statistics', () => {
  for (const viewport of ['phone', 'desktop'] as const) {
    it(`shows followers, messages, unmatched texts, menu taps and QR scenes with their numbers (${viewport})`, async () => {
      // Prepare
      const tab = await openBackOffice(browser, { owner, viewport, phone: viewport === 'phone' });
      await tab.page.clock.setFixedTime(preparedAt);

      // Act
      await tab.open('/stats', '数据概况');
      await tab.page.getByRole('heading', { name: '未命中关键词的消息' }).waitFor();

      // Assess: the numbers are on the page beside the charts
      const tiles = tab.page.locator('.stats-tiles').first();
      expect(await tiles.textContent()).toContain('累积关注人数');
      expect(await tab.page.locator('.stats-chart').count()).toBe(3);
      // A chart's day-by-day numbers are folded under it, a click away
      expect(await tab.page.getByRole('table', { name: '用户增长' }).count()).toBe(0);
      await tab.page.locator('section', { has: tab.page.getByRole('heading', { name: '用户增长' }) }).getByText('查看每日数据（30 天）').click();
      expect(await tab.page.getByRole('table', { name: '用户增长' }).locator('tbody tr').count()).toBe(30);
      const unmatched = tab.page.locator('.stats-unmatched li');
      expect(await unmatched.first().textContent()).toContain('怎么退款');
      expect(await unmatched.first().textContent()).toContain('2 次');
      // A tap by the button's name, as the follower saw it, not by its key
      await expect.poll(() => tab.page.getByRole('table', { name: '菜单点击' }).textContent()).toContain('今日歌曲');
      expect(await tab.page.getByRole('table', { name: '菜单点击' }).textContent()).not.toContain('V1001_TODAY');
      expect(await tab.page.getByRole('table', { name: '渠道二维码' }).textContent()).toContain('春季活动');
      // The callback's latency as API Gateway measured it: p50/p95 beside its chart, the pushes of today
      const latency = tab.page.locator('section', { has: tab.page.getByRole('heading', { name: '消息回调耗时' }) });
      expect(await latency.locator('.stats-tiles').textContent()).toMatch(/耗时中位数（P50）\d+ 毫秒95% 请求耗时（P95）\d+ 毫秒推送次数7/);
      expect(await latency.locator('.stats-chart').count()).toBe(1);
      const today = new Date(preparedAt + 8 * 3_600_000).toISOString().slice(0, 10);
      await latency.getByText('查看每日数据（31 天）').click();
      const rows = latency.getByRole('table', { name: '消息回调耗时' }).locator('tbody tr');
      expect(await rows.count()).toBe(31);
      const row = rows.last();
      expect((await row.locator('td').allTextContents())[0]).toBe(today);
      expect((await row.locator('td').allTextContents())[3]).toBe('7');
      // A chart fits the screen: no horizontal scrolling of the page on a phone.
      expect(await tab.page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
      await screenshot(tab.page, `stats-dashboard-${viewport === 'phone' ? 375 : 1280}`);
    }, 60_000);
  }

  it('exports what is shown as CSV and turns an unmatched text into a keyword rule in one click', async () => {
    // Prepare
    const tab = await openBackOffice(browser, { owner });
    await tab.open('/stats', '数据概况');
    await tab.page.getByRole('heading', { name: '未命中关键词的消息' }).waitFor();

    // Act
    const [download] = await Promise.all([tab.page.waitForEvent('download'), tab.page.getByRole('button', { name: '导出 CSV' }).click()]);
    const csv = await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'));
    await tab.page.locator('.stats-unmatched li').first().getByRole('link', { name: '设为关键词回复' }).click();
    await tab.page.getByRole('heading', { level: 1 }).waitFor();

    // Assess
    expect(download.suggestedFilename()).toMatch(new RegExp(`^stats-${owner.account.appid}-\\d{4}-\\d{2}-\\d{2}-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
    expect(csv).toContain('日期,新关注人数,取消关注人数,净增关注人数,累积关注人数');
    expect(csv).toContain('怎么退款,2');
    expect(csv).toContain('消息回调耗时\n日期,耗时中位数（P50）,95% 请求耗时（P95）,推送次数');
    expect(await tab.page.getByRole('textbox', { name: '关键词' }).inputValue()).toBe('怎么退款');
  }, 60_000);

});

describe('console: the QR list', () => {
  for (const viewport of ['phone', 'desktop'] as const) {
    it(`lists the codes made here with scene, expiry, scans and new followers, and a print-size download named by scene (${viewport})`, async () => {
      // Prepare
      const tab = await openBackOffice(browser, { owner, viewport, phone: viewport === 'phone' });

      // Act
      await tab.open('/qrcodes', '带参数二维码').catch(async (error) => {
        throw new Error(`${error}\n${await tab.page.locator('body').innerText()}`);
      });
      const row = tab.page.getByRole('row').filter({ hasText: '春季活动' });
      await row.waitFor();
      const [download] = await Promise.all([tab.page.waitForEvent('download', { timeout: 30_000 }), row.getByRole('button', { name: /下载印刷尺寸/ }).click()]);
      const png = await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks));

      // Assess
      const cells = await row.locator('td').allTextContents();
      expect(cells[0]).toContain('春季活动');
      expect(cells.slice(1, 4)).toEqual([expect.stringMatching(/\d/), '2', '1']);
      expect(download.suggestedFilename()).toBe('qrcode-春季活动-1280px.png');
      expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(1280);
      await screenshot(tab.page, `qrcodes-list-${viewport === 'phone' ? 375 : 1280}`);
    }, 60_000);
  }
});

// Last: the language a page picks is remembered by the console.
describe('console: statistics in English', () => {
  it('speaks English when asked (spot check)', async () => {
    const tab = await openBackOffice(browser, { owner, language: 'en' });
    await tab.open('/stats', 'Statistics');
    await tab.page.getByRole('heading', { name: 'Messages no keyword answered' }).waitFor();
    await screenshot(tab.page, 'stats-dashboard-1280-en');
  }, 60_000);
});
