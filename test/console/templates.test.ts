import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { audience, waitForSync } from '../support/audience';
import { authorizeThroughPlatform, userWithComponentAccount, type UserWithAccount } from '../support/accounts';
import { openBackOffice, type BackOffice } from '../support/back-office';
import { screenshot, useBrowser, viewports } from '../support/browser';
import { englishWords } from '../support/chinese';
import { templates, waitForTemplateSend } from '../support/templates';
import { loggedInUser } from '../support/users';
import { sim } from '../support/wechat-sim';

/**
 * 模板消息 in the console (issue 26): a verified service account adds a category template from
 * WeChat's library, a value outside its keyword's type is refused beside its field while typing
 * (nothing reaches WeChat), a send to one follower shows in 发送记录 with WeChat's outcome, and an
 * unverified account is told why instead of shown a form. Screenshots: test-artifacts/screenshots/templates-*.png.
 * Rules: developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html
 */
const browsing = useBrowser();

let owner: UserWithAccount;
let follower: string;
let tab: BackOffice;
beforeAll(async () => {
  // authorized through the platform: WeChat tells its type and verification (a verified service account by default)
  owner = await userWithComponentAccount();
  [follower] = (await sim.addFollowers(owner.account.appid, 1)).openids as [string];
});

const sendCalls = async (appid: string) => (await sim.calls(appid))['cgi-bin/message/template/send'] ?? 0;

const fillOrder = async (page: Page, values: Partial<Record<string, string>> = {}) => {
  const all = { '商品名称（事物）': '拿铁咖啡（大杯）', '订单编号（字符串）': 'SO20261206-0001', '支付金额（金额）': '¥28.50', '支付时间（时间）': '2026年12月6日 15:01', '订单状态（汉字）': '已支付', ...values };
  for (const [label, value] of Object.entries(all)) await page.getByLabel(label, { exact: true }).fill(value!);
};

/** Chinese words only, WeChat's Latin names and the page's own data aside, and nothing wider than the screen. */
const chineseShot = async (page: Page, name: string) => {
  const text = await page.locator('body').innerText();
  // WeChat's data: the account's name, the template's industry (IT科技)
  const industries = ((await templates(owner, 'list')).body.templates as { primaryIndustry: string; deputyIndustry: string }[]).flatMap((x) => [x.primaryIndustry, x.deputyIndustry]);
  expect(englishWords(text, [owner.account.appid, owner.user.username, follower, (owner.account as { nickname?: string }).nickname, ...industries]), `${name}: English in the Chinese page`).toEqual([]);
  expect((await page.evaluate('document.documentElement.scrollWidth')) as number).toBeLessThanOrEqual(page.viewportSize()!.width);
  await screenshot(page, name);
};

describe('console: 模板消息', { timeout: 120_000 }, () => {
  // api_add_template: template_id_short and keyword_name_list "按顺序传入":
  // developers.weixin.qq.com/doc/service/api/notify/template/api_addtemplate
  it('adds a template from the library by its number and keywords, and lists it with its keywords', async () => {
    tab = await openBackOffice(browsing.browser, { owner, language: 'zh-CN' });
    browsing.watchEveryTest(tab.page);
    const { page } = tab;
    await tab.open('/templates', '模板消息');

    await page.getByLabel('模板编号').fill('47123');
    await page.getByLabel('关键词', { exact: true }).fill('商品名称，订单编号，支付金额，支付时间，订单状态');
    await page.getByRole('button', { name: '添加', exact: true }).click();

    await page.getByText('已添加模板「订单支付成功通知」。').waitFor();
    const listed = page.locator('[data-template]');
    await listed.first().waitFor();
    expect(await listed.count()).toBe(1);
    expect(await listed.locator('h3').innerText()).toBe('订单支付成功通知');
    expect(await listed.locator('dt').allInnerTexts()).toEqual(['商品名称', '订单编号', '支付金额', '支付时间', '订单状态']);
    expect((await sim.templates(owner.account.appid)).templates).toHaveLength(1);
  });

  it('shows WeChat\'s refusal of a keyword name beside the keywords field', async () => {
    const { page } = tab;
    await page.getByLabel('模板编号').fill('47123');
    await page.getByLabel('关键词', { exact: true }).fill('天气');
    await page.getByRole('button', { name: '添加', exact: true }).click();

    await expect.poll(() => page.getByLabel('关键词', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect((await sim.templates(owner.account.appid)).templates).toHaveLength(1);
  });

  // 类目模板: thing "20个以内字符" (2023-05-04 rules):
  // developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html#类目模板消息
  it('refuses a value over its keyword\'s limit beside the field while typing, and sends nothing to WeChat', async () => {
    const { page } = tab;
    const before = await sendCalls(owner.account.appid);

    await fillOrder(page, { '商品名称（事物）': '一二三四五六七八九十一二三四五六七八九十一' });
    const field = page.getByLabel('商品名称（事物）', { exact: true });

    // Assess before sending: the API's rule, worded with the keyword's name
    await page.locator('.field--error', { hasText: '商品名称最多 20 个字' }).waitFor();
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('用户的 OpenID').fill(follower);
    await page.getByRole('button', { name: '发送', exact: true }).click();
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await sendCalls(owner.account.appid)).toBe(before);
    expect((await templates(owner, 'listSends')).body.sends).toEqual([]);
    await chineseShot(page, 'templates-refused-1280-zh-CN');
  });

  it('sends to one follower and shows the send in 发送记录 with WeChat\'s counts', async () => {
    const { page } = tab;
    await fillOrder(page);
    await page.getByLabel('用户的 OpenID').fill(follower);
    await page.getByRole('button', { name: '发送', exact: true }).click();

    await page.getByText('已发送：共 1 位接收者，微信已接收 1 条。').waitFor();
    const [made] = (await templates(owner, 'listSends')).body.sends as { sendId: string }[];
    // TEMPLATESENDJOBFINISH arrives through the callback and the record stream
    await waitForTemplateSend(owner, made!.sendId, (s) => s.delivered === 1);
    await page.getByRole('button', { name: '刷新' }).click();
    const row = page.locator(`[data-send="${made!.sendId}"]`);
    await expect.poll(() => row.locator('td').allInnerTexts()).toEqual([expect.any(String), '订单支付成功通知', follower, '1', '1', '0', '0', '已完成']);
    expect((await sim.templates(owner.account.appid)).sent.map((m) => m.openid)).toEqual([follower]);
    await chineseShot(page, 'templates-1280-zh-CN');
  });

  it('shows the page at 375 in Chinese and at 1280 in English', async () => {
    const phone = await openBackOffice(browsing.browser, { owner, viewport: 'phone', phone: true, language: 'zh-CN' });
    browsing.watch(phone.page);
    await phone.open('/templates', '模板消息');
    await phone.page.locator('[data-send]').first().waitFor();
    expect(phone.page.viewportSize()).toEqual(viewports.phone);
    await chineseShot(phone.page, 'templates-375-zh-CN');

    const english = await openBackOffice(browsing.browser, { owner, language: 'en' });
    browsing.watch(english.page);
    await english.open('/templates', 'Template messages');
    await english.page.getByRole('heading', { name: 'Send history' }).waitFor();
    expect(await english.page.getByLabel('Template number').count()).toBe(1);
    await english.page.locator('[data-send]').first().waitFor();
    expect(await english.page.locator('[data-send] td').last().innerText()).toBe('Done');
    await screenshot(english.page, 'templates-1280-en');
  });

  // message/template/send to one who does not follow the account: 43004 "require subscribe"
  // (developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html)
  it('shows WeChat\'s refusal of a recipient beside the OpenID field, in Chinese', async () => {
    const { page } = tab;
    await tab.open('/templates', '模板消息');
    await fillOrder(page);
    await page.getByLabel('用户的 OpenID').fill('oNotAFollowerOfThisAccount0');
    await page.getByRole('button', { name: '发送', exact: true }).click();

    const field = page.getByLabel('用户的 OpenID');
    await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true');
    const said = await page.locator('.field--error', { has: field }).innerText();
    expect(said).toMatch(/\p{Script=Han}/u);
    expect(englishWords(said, ['oNotAFollowerOfThisAccount0'])).toEqual([]);
    expect((await sim.templates(owner.account.appid)).sent).toHaveLength(1);
  });

  it('sends to a tag picked from the account\'s tags, queued, and shows it in 发送记录 once every member was sent to', async () => {
    const appid = owner.account.appid;
    const tag = await sim.createTag(appid, '老顾客');
    const members = (await sim.addFollowers(appid, 3, tag.id)).openids;
    await audience(owner, 'sync');
    await waitForSync(owner, (s) => s.state === 'done');
    const fresh = await openBackOffice(browsing.browser, { owner, language: 'zh-CN' });
    browsing.watch(fresh.page);
    const { page } = fresh;
    await fresh.open('/templates', '模板消息');
    await page.locator('[data-template]').first().waitFor();

    await fillOrder(page);
    await page.getByLabel('一个标签').check();
    await page.getByLabel('标签', { exact: true }).selectOption({ label: '老顾客（3 人）' });
    await page.getByRole('button', { name: '发送', exact: true }).click();

    await page.getByText('已提交发送：共 3 位接收者，正在逐一发送，结果见发送记录。').waitFor();
    const [made] = (await templates(owner, 'listSends')).body.sends as { sendId: string; target: unknown }[];
    expect(made!.target).toEqual({ tagId: tag.id });
    await waitForTemplateSend(owner, made!.sendId, (s) => s.status === 'done' && s.delivered === 3);
    await page.getByRole('button', { name: '刷新' }).click();
    const row = page.locator(`[data-send="${made!.sendId}"]`);
    await expect.poll(() => row.locator('td').allInnerTexts()).toEqual([expect.any(String), '订单支付成功通知', '标签“老顾客”（3 人）', '3', '3', '0', '0', '已完成']);
    const reached = (await sim.templates(appid)).sent.map((m) => m.openid);
    expect(reached.filter((o) => members.includes(o)).sort()).toEqual([...members].sort());
  });

  it('deletes a template only after its confirmation', async () => {
    const again = await openBackOffice(browsing.browser, { owner, language: 'zh-CN' });
    browsing.watch(again.page);
    await again.open('/templates', '模板消息');
    const item = again.page.locator('[data-template]');
    await item.first().waitFor();

    await item.getByRole('button', { name: '删除' }).click();
    await again.page.getByRole('dialog').getByRole('button', { name: '取消' }).click();
    expect((await sim.templates(owner.account.appid)).templates).toHaveLength(1);
    await item.getByRole('button', { name: '删除' }).click();
    await again.page.getByRole('dialog').getByRole('button', { name: '删除' }).click();

    await again.page.getByText('还没有模板。可在下方从模板库添加。').waitFor();
    expect((await sim.templates(owner.account.appid)).templates).toEqual([]);
  });

  // Template messages are for "认证后的服务号" (the interface permission page):
  // developers.weixin.qq.com/doc/offiaccount/Getting_Started/Explanation_of_interface_privileges.html
  it('tells an unverified service account why in a sentence, with no form and no call to WeChat', async () => {
    const user = await loggedInUser();
    const account = await sim.createAccount({ verifyType: -1 });
    expect((await authorizeThroughPlatform(user, account)).callback.status).toBe(302);
    const unverified = await openBackOffice(browsing.browser, { owner: { user, account }, language: 'zh-CN' });
    browsing.watch(unverified.page);

    await unverified.open('/templates', '模板消息');

    await unverified.page.getByText('模板消息仅限已认证的服务号使用。本公众号尚未完成微信认证，完成认证后即可使用。').waitFor();
    expect(await unverified.page.locator('.page form').count()).toBe(0);
    expect((await sim.calls(account.appid))['cgi-bin/template/get_all_private_template'] ?? 0).toBe(0);
  });
});
