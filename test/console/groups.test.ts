import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackOffice, type BackOffice } from '../support/back-office';
import { launchBrowser } from '../support/browser';
import { sim } from '../support/wechat-sim';

/**
 * Groups in the browser: create a group, move a follower into it from another group, rename it,
 * delete it — each step checked at WeChat (the simulator) too.
 */
let browser: Browser;
let tab: BackOffice;
let regulars: { id: number; name: string };
let openids: string[];
beforeAll(async () => {
  browser = await launchBrowser();
  tab = await openBackOffice(browser);
  regulars = await sim.createTag(tab.owner.account.appid, '老顾客');
  ({ openids } = await sim.addFollowers(tab.owner.account.appid, 3, regulars.id));
});
afterAll(async () => {
  await browser?.close();
});

const tagsOf = async (appid: string, openid: string): Promise<number[]> =>
  (await sim.followers(appid)).followers.find((f) => f.openid === openid)?.['tagid_list'];
const groupButton = (tab: BackOffice, name: string) => tab.page.getByRole('button', { name: new RegExp(`^${name}\\s*\\d+$`) });

describe('console: followers and groups', () => {
  let memberId: number;

  it('creates a group, listed with its count', async () => {
    const { page } = tab;
    await tab.open('/tags', '标签');

    await page.getByLabel('新分组名称').fill('会员');
    await page.getByRole('button', { name: '新建分组' }).click();

    await page.getByText('分组“会员”已创建。').waitFor();
    await groupButton(tab, '会员').waitFor();
    expect(await groupButton(tab, '会员').textContent()).toMatch(/0$/);
  });

  it("moves a follower from a group's list into the new group", async () => {
    // Prepare
    const { page } = tab;
    const appid = tab.owner.account.appid;
    await groupButton(tab, '老顾客').click();
    await page.getByRole('heading', { name: '“老顾客”的粉丝' }).waitFor();
    await page.getByText(openids[0]!).waitFor();
    expect(await page.getByRole('table').getByRole('row').count()).toBe(1 + 3);

    // Act
    await page.getByRole('button', { name: `编辑粉丝 ${openids[0]}` }).click();
    await page.getByLabel('移动到分组').selectOption({ label: '会员' });
    await page.getByRole('button', { name: '移动', exact: true }).click();

    // Assess: gone from 老顾客, listed in 会员, and so at WeChat
    await page.getByText('已移动到“会员”。').waitFor();
    await expect.poll(() => page.getByRole('table').getByRole('row').count()).toBe(1 + 2);
    await expect.poll(() => groupButton(tab, '会员').textContent()).toMatch(/1$/);
    await groupButton(tab, '会员').click();
    await page.getByRole('heading', { name: '“会员”的粉丝' }).waitFor();
    await page.getByText(openids[0]!).waitFor();
    memberId = (await tagsOf(appid, openids[0]!))[0]!;
    expect(memberId).not.toBe(regulars.id);
    expect(await tagsOf(appid, openids[0]!)).toEqual([memberId]);
  });

  it('renames the group', async () => {
    const { page } = tab;
    await page.getByRole('button', { name: '重命名分组“会员”' }).click();
    await page.getByLabel('“会员”的新名称').fill('金卡会员');
    await page.getByRole('button', { name: '保存' }).click();

    await page.getByText('分组已改名为“金卡会员”。').waitFor();
    await groupButton(tab, '金卡会员').waitFor();
    expect(await groupButton(tab, '会员').count()).toBe(0);
  });

  it('deletes the group after a confirmation; its follower is in no group any more', async () => {
    const { page } = tab;
    await page.getByRole('button', { name: '删除分组“金卡会员”' }).click();
    await page.getByRole('dialog').getByText('删除分组“金卡会员”？组内粉丝将变为未分组。').waitFor();
    await page.getByRole('dialog').getByRole('button', { name: '删除' }).click();

    await page.getByText('分组“金卡会员”已删除。').waitFor();
    await expect.poll(() => groupButton(tab, '金卡会员').count()).toBe(0);
    expect(await tagsOf(tab.owner.account.appid, openids[0]!)).toEqual([]);
  });

  it('never put the session token in a URL', () => {
    tab.assertNoTokenInUrls();
  });
});
