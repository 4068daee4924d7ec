import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackOffice, type BackOffice } from '../support/back-office';
import { launchBrowser } from '../support/browser';
import { sim } from '../support/wechat-sim';

/** A follower's remark set in the browser; one too long gets the API's message beside the field. */
let browser: Browser;
let tab: BackOffice;
let openid: string;
beforeAll(async () => {
  browser = await launchBrowser();
  tab = await openBackOffice(browser);
  const tag = await sim.createTag(tab.owner.account.appid, '门店');
  [openid] = (await sim.addFollowers(tab.owner.account.appid, 1, tag.id)).openids as [string];
});
afterAll(async () => {
  await browser?.close();
});

const remarkAtWechat = async () => (await sim.followers(tab.owner.account.appid)).followers.find((f) => f.openid === openid)?.['remark'];

describe('console: follower remark', () => {
  it('sets a Chinese remark, shown in the list and stored at WeChat', async () => {
    const { page } = tab;
    await tab.open('/tags', '标签');
    await page.getByRole('button', { name: /^门店/ }).click();
    await page.getByRole('button', { name: `编辑粉丝 ${openid}` }).click();

    await page.getByLabel('备注名').fill('王老板');
    expect(await page.getByText('当前 9 字节').count()).toBe(1);
    await page.getByRole('button', { name: '保存备注' }).click();

    await page.getByText('备注已保存。').waitFor();
    await page.getByRole('cell', { name: '王老板' }).waitFor();
    expect(await remarkAtWechat()).toBe('王老板');
  });

  it("shows the API's message beside the field for a remark too long for WeChat, and keeps the old one", async () => {
    const { page } = tab;
    await page.getByRole('button', { name: `编辑粉丝 ${openid}` }).click();
    const tooLong = '这位顾客每周六上午都会来店里买新鲜的面包和咖啡豆并且总是带着他的小狗';

    await page.getByLabel('备注名').fill(tooLong);
    await page.getByRole('button', { name: '保存备注' }).click();

    const error = page.getByRole('alert');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/^备注名须少于 30 个字节/);
    const field = page.getByLabel('备注名');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect((await field.getAttribute('aria-describedby'))?.split(' ')).toContain(await error.getAttribute('id'));
    expect(await remarkAtWechat()).toBe('王老板');
  });

  it('never put the session token in a URL', () => {
    tab.assertNoTokenInUrls();
  });
});
