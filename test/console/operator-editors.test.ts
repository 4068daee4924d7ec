import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { userWithDirectAccount, type UserWithAccount } from '../support/accounts';
import { openBackOffice } from '../support/back-office';
import { screenshot, useBrowser } from '../support/browser';
import { expectChinesePage } from '../support/chinese';
import { call } from '../support/http';
import { sim } from '../support/wechat-sim';

/**
 * Issue 23 items 5–6 in the browser: 自动回复 in WeChat's three sections with several keywords per
 * rule, a stale save from a second tab, and the unsaved-changes guard (zh-CN; screenshots at 1280 and 375).
 */
const files = useBrowser();
let owner: UserWithAccount;

beforeAll(async () => {
  owner = await userWithDirectAccount();
}, 120_000);

const chineseCheck = (page: Page, name: string) => expectChinesePage(page, [owner.account.appid, owner.user.username], name);

const rule = (json: Record<string, unknown>) =>
  call('/apis/wxreplymanage/addReply', { token: owner.user.token, json: { appid: owner.account.appid, type: 'text', ...json } });

describe('console: replies as WeChat names them', () => {
  it('shows 被关注回复, 收到消息回复 and 关键词回复, and a rule of several keywords made in the editor answers by each', async () => {
    // Prepare
    await rule({ request: '@subscribe', reply: { content: '欢迎关注！' } });
    const tab = await openBackOffice(files.browser, { owner });
    const { page } = tab;

    // Act: the three sections
    await tab.open('/replies', '自动回复', { section: 'subscribe' });
    await page.getByText('欢迎关注！').waitFor();
    await screenshot(page, 'replies-subscribe-1280-zh');
    await page.getByRole('link', { name: '收到消息回复', exact: true }).click();
    await page.getByRole('link', { name: '设置收到消息回复' }).waitFor();
    await chineseCheck(page, 'replies, message reply');
    await screenshot(page, 'replies-default-1280-zh');
    await page.getByRole('link', { name: '关键词回复', exact: true }).click();
    // a rule named 营业时间 with a second keyword, 半匹配
    await page.getByRole('link', { name: '添加规则' }).click();
    await page.getByLabel('规则名称（选填）').fill('营业时间');
    await page.getByRole('textbox', { name: '关键词', exact: true }).fill('营业时间');
    await page.getByRole('button', { name: '添加关键词' }).click();
    await page.getByRole('textbox', { name: '关键词 2' }).fill('几点开门');
    await page.getByRole('combobox', { name: '匹配方式' }).selectOption('contains');
    await page.getByLabel('回复文字').fill('每天 9:00–21:00');
    await screenshot(page, 'rule-keywords-1280-zh');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByRole('cell', { name: /营业时间\s*几点开门/ }).waitFor();
    await chineseCheck(page, 'replies, keyword rules');
    await screenshot(page, 'replies-keyword-1280-zh');

    // Assess: each keyword answers, the second one inside a sentence
    const says = async (content: string) =>
      (await sim.send({ appid: owner.account.appid, via: 'direct', mode: 'safe', message: { MsgType: 'text', Content: content } })).attempts[0]!.reply?.['Content'];
    expect([await says('营业时间'), await says('请问几点开门？')]).toEqual(['每天 9:00–21:00', '每天 9:00–21:00']);
  }, 90_000);

  it('shows the sections on a phone (375) without sideways scrolling', async () => {
    const tab = await openBackOffice(files.browser, { owner, viewport: 'phone', phone: true });
    await tab.open('/replies', '自动回复', { section: 'subscribe' });
    await tab.page.getByText('欢迎关注！').waitFor();
    expect(await tab.page.evaluate('document.documentElement.scrollWidth')).toBe(375);
    await screenshot(tab.page, 'replies-subscribe-375-zh');
  }, 60_000);
});

describe('console: editors that keep work', () => {
  it('refuses a save over a rule changed in another tab, says so, and reloads the latest', async () => {
    // Prepare: the same rule open in two tabs
    await rule({ request: '地址', reply: { content: '广州市天河区' } });
    const [a, b] = [await openBackOffice(files.browser, { owner }), await openBackOffice(files.browser, { owner })];
    for (const tab of [a, b]) {
      await tab.open('/rule', '编辑规则：地址', { keyword: '地址' });
      await tab.page.getByLabel('回复文字').waitFor();
    }

    // Act: tab A saves, then tab B saves its own edit
    await a.page.getByLabel('回复文字').fill('广州市天河区体育西路 1 号');
    await a.page.getByRole('button', { name: '保存' }).click();
    await a.page.getByRole('heading', { name: '自动回复', level: 1 }).waitFor();
    await b.page.getByLabel('回复文字').fill('广州市越秀区');
    await b.page.getByRole('button', { name: '保存' }).click();
    const alert = b.page.locator('.stale');
    await alert.waitFor();
    const said = await alert.innerText();
    await screenshot(b.page, 'rule-stale-1280-zh');
    await b.page.getByRole('button', { name: '重新加载' }).click();

    // Assess
    expect(said).toContain('已在别处修改');
    await expect.poll(() => b.page.getByLabel('回复文字').inputValue()).toBe('广州市天河区体育西路 1 号');
    await expect.poll(() => b.page.locator('.stale').count()).toBe(0);
  }, 90_000);

  it('asks before leaving the rule editor with unsaved changes (a link of the map, closing the tab)', async () => {
    // Prepare
    await rule({ request: '电话', reply: { content: '020-12345678' } });
    const tab = await openBackOffice(files.browser, { owner });
    const { page } = tab;
    await tab.open('/rule', '编辑规则：电话', { keyword: '电话' });
    await page.getByLabel('回复文字').fill('020-87654321');
    const dialogs: string[] = [];

    // Act: a link of the map, refused, then agreed
    page.once('dialog', (d) => (dialogs.push(`${d.type()}:${d.message()}`), void d.dismiss()));
    await page.getByRole('link', { name: '首页' }).click();
    await page.waitForTimeout(300);
    const stayed = await page.getByRole('heading', { name: '编辑规则：电话', level: 1 }).isVisible();
    const kept = await page.getByLabel('回复文字').inputValue();
    // closing the tab asks too (beforeunload)
    page.once('dialog', (d) => (dialogs.push(d.type()), void d.dismiss()));
    await page.close({ runBeforeUnload: true });
    await expect.poll(() => dialogs.length).toBe(2);

    // Assess
    expect(dialogs[0]).toBe('confirm:有未保存的修改，确定离开吗？离开后这些修改将丢失。');
    expect(stayed).toBe(true);
    expect(kept).toBe('020-87654321');
    expect(dialogs[1]).toBe('beforeunload');
  }, 60_000);

  it('leaves without asking once the changes are saved, and asks in the menu editor too', async () => {
    // Prepare
    const tab = await openBackOffice(files.browser, { owner });
    const { page } = tab;
    await tab.open('/menus', '自定义菜单');
    const dialogs: string[] = [];
    page.on('dialog', (d) => (dialogs.push(d.message()), void d.accept()));

    // Act: an unsaved new button, then leaving through the map (agreed)
    await page.getByRole('button', { name: /添加菜单/ }).first().click();
    await page.getByRole('link', { name: '首页' }).click();
    await page.getByRole('heading', { name: '首页', level: 1 }).waitFor();

    // Assess
    expect(dialogs).toEqual(['有未保存的修改，确定离开吗？离开后这些修改将丢失。']);
  }, 60_000);
});
