import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { userWithDirectAccount, type UserWithAccount } from '../support/accounts';
import { allFollowers, audience, waitForSync } from '../support/audience';
import { openBackOffice, type BackOffice } from '../support/back-office';
import { call } from '../support/http';
import { consoleUrl, screenshot, useBrowser } from '../support/browser';
import { englishWords } from '../support/chinese';
import { putInboxMessage } from '../support/inbox';
import { sim } from '../support/wechat-sim';

/**
 * 用户管理 in the browser, on the follower directory: the sync and its progress (running, paused by
 * WeChat's daily quota), the table with one filter kept in the URL, cards on a phone, many
 * followers tagged and blacklisted at once with the result, the blacklist, and one follower's page.
 * Each step is checked through the API (the directory) or at WeChat (the simulator), not only on screen.
 */
const files = useBrowser();
const followersCount = 2000;
let owner: UserWithAccount;
let desk: BackOffice;
let tagIds: number[];

/** No English word of ours in the Chinese page: what the page quotes back (openids, QR scenes, the account) aside. */
const noEnglish = async (page: Page, who: UserWithAccount) => {
  const quoted = (await page.evaluate("[...document.querySelectorAll('code, option')].map((e) => e.textContent)")) as string[];
  const text = await page.locator('body').innerText();
  expect(englishWords(text, [who.account.appid, who.user.username, who.user.email, ...quoted]), 'English in the Chinese page').toEqual([]);
};

const shoot = async (page: Page, name: string, who: UserWithAccount = owner) => {
  await noEnglish(page, who);
  expect(await page.evaluate('document.documentElement.scrollWidth'), `${name}: wider than the viewport`).toBeLessThanOrEqual(page.viewportSize()!.width);
  await screenshot(page, name);
};

const rowOpenids = (page: Page) => page.locator('table.directory tbody code.directory__openid').allTextContents();

beforeAll(async () => {
  owner = await userWithDirectAccount();
  ({ tagIds } = await sim.seedAudience(owner.account.appid, followersCount, 'console-directory'));
  desk = await openBackOffice(files.browser, { owner });
  files.watchEveryTest(desk.page);
}, 120_000);

describe('console: 用户管理 on the follower directory', { timeout: 180_000 }, () => {
  it('offers 同步粉丝 on an empty directory, shows the progress bar with counts while it runs, then the total', async () => {
    // Prepare: WeChat answering slowly, so the run is seen running
    const { page } = desk;
    await desk.open('/followers', '用户管理');
    await page.getByText('还没有从微信同步粉丝').waitFor();
    await sim.latency(owner.account.appid, { minMs: 1500, maxMs: 2000 });

    // Act
    await page.getByRole('button', { name: '同步粉丝' }).click();

    // Assess: running with its counts, then done with the directory's total
    await page.getByRole('progressbar', { name: '同步进度' }).waitFor();
    expect(await page.locator('.sync .progress').innerText()).toMatch(/^正在同步粉丝：已核对 \d+ \/ (\d+|…) 位，更新 \d+ 位。$/);
    // A determinate bar (its value set, 0 included): without one the bar is indeterminate, drawn full.
    expect(await page.locator('.sync progress').getAttribute('value')).toMatch(/^\d+$/);
    await shoot(page, 'followers-sync-running-1280-zh');
    const phone = await openBackOffice(files.browser, { owner, viewport: 'phone', phone: true });
    await phone.open('/followers', '用户管理');
    await phone.page.getByRole('progressbar', { name: '同步进度' }).waitFor();
    await shoot(phone.page, 'followers-sync-running-375-zh');
    await sim.latency(owner.account.appid, 'off');
    await page.getByText(`已同步 ${followersCount} 位粉丝`).waitFor({ timeout: 120_000 });
    await page.getByRole('heading', { name: `共 ${followersCount} 位粉丝` }).waitFor();
    const counts = (await audience(owner, 'followers', { limit: 1 })).body.counts;
    expect(await page.locator('.directory__summary').innerText()).toContain(`未分组 ${counts.untagged} 位`);
    expect(await page.locator('table.directory tbody tr').count()).toBe(20);
  });

  it('keeps the tag filter in the URL: applied after a reload, and back returns to the filter before', async () => {
    // Prepare
    const { page } = desk;
    const member = tagIds[0]!;
    const expected = (await audience(owner, 'followers', { tagId: member, limit: 1 })).body.total;

    // Act: filter by the tag 会员, then reload
    await page.getByLabel('标签', { exact: true }).selectOption(String(member));
    await page.getByRole('button', { name: '筛选', exact: true }).click();
    await page.waitForURL(new RegExp(`tagId=${member}`));
    await page.reload();

    // Assess: the same question after the reload, each row tagged 会员, the count from the directory
    await page.getByText(`符合条件 ${expected} 位`).waitFor();
    // The tags come by a request of their own: the filter and the cells name them once it is in.
    await page.getByLabel('标签', { exact: true }).locator('option', { hasText: '会员' }).waitFor({ state: 'attached' });
    await page.locator('table.directory tbody td.directory__tags', { hasText: '会员' }).first().waitFor();
    expect(await page.getByLabel('标签', { exact: true }).inputValue()).toBe(String(member));
    const tagCells = await page.locator('table.directory tbody td.directory__tags').allTextContents();
    expect(tagCells.length).toBeGreaterThan(0);
    for (const cell of tagCells) expect(cell).toContain('会员');
    expect(new Set(await rowOpenids(page)).size).toBe(tagCells.length);
    const tagged = new Set(await allFollowers(owner, { tagId: member }));
    for (const openid of await rowOpenids(page)) expect(tagged.has(openid)).toBe(true);
    await shoot(page, 'followers-filtered-1280-zh');

    // A second filter at once is refused beside its field (the error-text table), and back/forward step through questions
    await page.getByLabel('备注名（开头）').fill('会员1');
    await page.getByRole('button', { name: '筛选', exact: true }).click();
    await page.getByText('一次只能按一个条件筛选粉丝').waitFor();
    expect(await page.getByLabel('备注名（开头）').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('标签', { exact: true }).selectOption('');
    await page.getByRole('button', { name: '筛选', exact: true }).click();
    await page.waitForURL(/remarkPrefix=/);
    await page.getByText(/^已显示 \d+ 位$/).waitFor();
    for (const who of await page.locator('td.directory__who a').allTextContents()) expect(who.startsWith('会员1')).toBe(true);
    await page.goBack();
    await page.waitForURL(new RegExp(`tagId=${member}(?!.*remarkPrefix=会)`));
    await page.getByText(`符合条件 ${expected} 位`).waitFor();
    await page.goForward();
    await page.getByText(/^已显示 \d+ 位$/).waitFor();
  });

  it('exports the filtered followers as a CSV an admin downloads: the link says how many and how long it lives', async () => {
    // Prepare
    const { page } = desk;
    const member = tagIds[0]!;
    const expected = (await audience(owner, 'followers', { tagId: member, limit: 1 })).body.total as number;
    await page.goto(consoleUrl(`#/followers?appid=${owner.account.appid}&tagId=${member}`));
    await page.getByText(`符合条件 ${expected} 位`).waitFor();

    // Act
    await page.getByRole('button', { name: '导出', exact: true }).click();
    const link = page.getByRole('link', { name: `下载 CSV（${expected} 位粉丝）` });
    await link.waitFor({ timeout: 60_000 });

    // Assess: the file behind the link is the tag's followers (UTF-8 with BOM, a Chinese header, a row each)
    await page.getByText('链接 15 分钟内有效，文件保留 24 小时。').waitFor();
    const csv = new Uint8Array(await (await fetch((await link.getAttribute('href'))!)).arrayBuffer());
    expect([...csv.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(csv.slice(3)).trim().split(/\r?\n/);
    expect(lines[0]).toContain('备注');
    expect(lines).toHaveLength(expected + 1);
    await shoot(page, 'followers-export-1280-zh');
  });

  it('shows each follower as a card of about 120 px on a phone, with no sideways scroll', async () => {
    const phone = await openBackOffice(files.browser, { owner, viewport: 'phone', phone: true });
    files.watch(phone.page);
    await phone.open('/followers', '用户管理', { tagId: String(tagIds[1]) });
    await phone.page.getByText(/^符合条件 \d+ 位$/).waitFor();

    const heights = (await phone.page.evaluate("[...document.querySelectorAll('table.directory tbody tr')].map((tr) => tr.getBoundingClientRect().height)")) as number[];
    expect(heights.length).toBe(20);
    for (const h of heights) expect(h).toBeLessThanOrEqual(130);
    expect(await phone.page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await shoot(phone.page, 'followers-cards-375-zh');
  });

  it('tags every follower of the page at once after a confirmation, says how many, and the directory has them under the tag', async () => {
    // Prepare
    const { page } = desk;
    const tag = await sim.createTag(owner.account.appid, '新品试用');
    await desk.open('/followers', '用户管理');
    await page.reload();
    await page.locator('table.directory tbody tr').nth(19).waitFor();
    const picked = await rowOpenids(page);

    // Act
    await page.getByLabel('全选本页').check();
    await page.getByText('已选 20 位粉丝').first().waitFor();
    await page.getByRole('group', { name: '已选 20 位粉丝' }).getByLabel('标签').selectOption({ label: '新品试用' });
    await page.getByRole('group', { name: '已选 20 位粉丝' }).getByRole('button', { name: '打标签' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.innerText()).toContain('为选中的 20 位粉丝打上标签“新品试用”？');
    await dialog.getByRole('button', { name: '打标签' }).click();

    // Assess: the result, in the directory (by the API) and at WeChat
    await page.getByText('已为 20 位粉丝打上标签“新品试用”。').waitFor();
    expect(new Set(await allFollowers(owner, { tagId: tag.id }))).toEqual(new Set(picked));
    // At WeChat: the tag's members as WeChat lists them (tags/user/get, through the old tag API route)
    const atWechat = await call('/apis/wxplatform/getGroupUsers', { token: owner.user.token, json: { appid: owner.account.appid, groupId: tag.id, limit: 100 } });
    expect(new Set(atWechat.body.users.map((u: { openid: string }) => u.openid)), atWechat.text).toEqual(new Set(picked));
    await expect.poll(() => page.locator('td.directory__tags', { hasText: '新品试用' }).count()).toBe(20);
    await shoot(page, 'followers-tagged-1280-zh');
  });

  it('says which followers were not tagged and why, in Chinese, when WeChat refuses', async () => {
    // Prepare: WeChat refuses the next tagging call (45059: a follower with 20 tags already); on a phone
    const tag = await sim.createTag(owner.account.appid, '限时活动');
    const phone = await openBackOffice(files.browser, { owner, viewport: 'phone', phone: true });
    files.watch(phone.page);
    const { page } = phone;
    await phone.open('/followers', '用户管理');
    await page.locator('table.directory tbody tr').nth(4).waitFor();
    const picked = (await rowOpenids(page)).slice(0, 5);
    for (const openid of picked) await page.getByLabel(`选择 ${openid}`).check();
    await sim.fault({ path: 'cgi-bin/tags/members/batchtagging', appid: owner.account.appid, errcode: 45059, errmsg: 'has too many tags', times: 1 });

    // Act
    await page.getByRole('group', { name: '已选 5 位粉丝' }).getByLabel('标签').selectOption({ label: '限时活动' });
    await page.getByRole('group', { name: '已选 5 位粉丝' }).getByRole('button', { name: '打标签' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '打标签' }).click();

    // Assess
    const result = page.getByTestId('bulk-result');
    await result.getByText(/^5 位未完成：/).waitFor();
    const text = await result.innerText();
    expect(text).toMatch(/[\u4e00-\u9fff]/);
    await result.getByText('未完成的粉丝').click();
    for (const openid of picked) expect(await result.getByText(openid).count()).toBe(1);
    expect(await allFollowers(owner, { tagId: tag.id })).toEqual([]);
    await shoot(page, 'followers-tag-result-375-zh');
  });

  it('blacklists the chosen followers, lists them under 黑名单, and takes one off it', async () => {
    // Prepare
    const { page } = desk;
    await desk.open('/followers', '用户管理');
    await page.locator('table.directory tbody tr').nth(2).waitFor();
    const picked = (await rowOpenids(page)).slice(0, 3);

    // Act: block three
    for (const openid of picked) await page.getByLabel(`选择 ${openid}`).check();
    await page.getByRole('button', { name: '加入黑名单' }).click();
    expect(await page.getByRole('dialog').innerText()).toContain('把选中的 3 位粉丝加入黑名单？');
    await page.getByRole('dialog').getByRole('button', { name: '加入黑名单' }).click();
    await page.getByText('已把 3 位粉丝加入黑名单。').waitFor();

    // Assess: at WeChat, marked in the directory, listed under 黑名单
    expect(new Set((await sim.blacklist(owner.account.appid)).openids)).toEqual(new Set(picked));
    expect((await audience(owner, 'follower', { openid: picked[0] })).body.follower.blocked).toBe(true);
    await page.getByRole('link', { name: '黑名单' }).click();
    await page.getByRole('heading', { name: '黑名单共 3 位' }).waitFor();
    expect(new Set(await rowOpenids(page))).toEqual(new Set(picked));
    await shoot(page, 'followers-blacklist-1280-zh');
    const phone = await openBackOffice(files.browser, { owner, viewport: 'phone', phone: true });
    await phone.open('/followers', '用户管理', { view: 'blacklist' });
    await phone.page.getByRole('heading', { name: '黑名单共 3 位' }).waitFor();
    await shoot(phone.page, 'followers-blacklist-375-zh');

    // Act: take one off
    await page.getByLabel(`选择 ${picked[0]}`).check();
    await page.getByRole('button', { name: '移出黑名单' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '移出黑名单' }).click();
    await page.getByText('已把 1 位粉丝移出黑名单。').waitFor();
    await page.getByRole('heading', { name: '黑名单共 2 位' }).waitFor();
    expect(new Set((await sim.blacklist(owner.account.appid)).openids)).toEqual(new Set(picked.slice(1)));
    expect((await audience(owner, 'follower', { openid: picked[0] })).body.follower.blocked).toBeUndefined();
  });

  it("shows one follower: scene and QR origin in Chinese, why no nickname, tags added, the remark checked while typing and saved in the directory", async () => {
    // Prepare: a follower who came by a QR code, with a message in the inbox
    const { page } = desk;
    const blocked = new Set((await sim.blacklist(owner.account.appid)).openids);
    const openid = (await allFollowers(owner, { scene: 'scene3' })).find((o) => !blocked.has(o));
    await putInboxMessage(owner.account.appid, { openid: openid!, msgType: 'text', content: '请问周末营业吗' });
    await desk.open('/follower', '粉丝详情', { openid: openid! });

    // Assess what is shown
    await page.getByText('微信自 2021 年 12 月 27 日起不再向公众号提供粉丝的昵称和头像').waitFor();
    const facts = await page.locator('.facts').innerText();
    expect(facts).toContain('扫描二维码');
    expect(await page.getByRole('link', { name: /^场景值\s*scene3$/ }).getAttribute('href')).toContain('scene=scene3');
    await page.getByText('最近一条消息').waitFor();
    expect(await page.getByText(/^最近一条消息/).innerText()).toContain('请问周末营业吗');
    expect(await page.getByRole('link', { name: '查看会话' }).getAttribute('href')).toBe(`#/inbox?appid=${owner.account.appid}&openid=${openid}`);

    // Act: add a tag
    await page.getByLabel('添加标签').selectOption({ label: '老客户' });
    await page.getByRole('button', { name: '添加', exact: true }).click();
    await page.getByRole('button', { name: '移除标签“老客户”' }).waitFor();
    expect((await audience(owner, 'follower', { openid })).body.follower.tags).toContain(tagIds[1]);

    // Act: a remark too long for WeChat (under 30 bytes, developers.weixin.qq.com/doc/service/api/usermanage/userinfo/api_updateremark) is refused while typing
    await page.getByLabel('备注名').fill('这位顾客每周六上午都会来店');
    const error = page.getByRole('alert');
    expect(await error.innerText()).toMatch(/^备注名须少于 30 个字节/);
    expect(await page.getByRole('button', { name: '保存备注' }).isDisabled()).toBe(true);
    await page.getByLabel('备注名').fill('王老板');
    await page.getByRole('button', { name: '保存备注' }).click();
    await page.getByRole('heading', { name: '王老板' }).waitFor();

    // Assess: in the directory (written after WeChat said yes): the remark search finds it at once
    expect((await audience(owner, 'follower', { openid })).body.follower.remark).toBe('王老板');
    expect(await allFollowers(owner, { remarkPrefix: '王老' })).toEqual([openid]);
    await shoot(page, 'follower-1280-zh');

    const phone = await openBackOffice(files.browser, { owner, viewport: 'phone', phone: true });
    files.watch(phone.page);
    await phone.open('/follower', '粉丝详情', { openid: openid! });
    await phone.page.getByRole('heading', { name: '王老板' }).waitFor();
    await shoot(phone.page, 'follower-375-zh');
  });

  it('pauses on WeChat daily quota (45009) saying why and when it goes on, and the owner clears the quota to finish', async () => {
    // Prepare: an account with fewer batchget calls left today than its sync needs
    const other = await userWithDirectAccount();
    await sim.seedAudience(other.account.appid, followersCount, 'console-quota');
    await sim.quota(other.account.appid, 'cgi-bin/user/info/batchget', 14);
    const tabs = [await openBackOffice(files.browser, { owner: other }), await openBackOffice(files.browser, { owner: other, viewport: 'phone', phone: true })];
    const [wide, narrow] = tabs as [BackOffice, BackOffice];
    files.watch(wide.page);
    await wide.open('/followers', '用户管理');

    // Act
    await wide.page.getByRole('button', { name: '同步粉丝' }).click();

    // Assess: paused, the reason from the error-text table, when it resumes, the reset offered
    await wide.page.getByText('同步已暂停').waitFor({ timeout: 60_000 });
    const paused = await waitForSync(other, (s) => s.state === 'paused');
    expect(paused.reason).toBe('wechatDailyApiQuota');
    const alert = await wide.page.locator('.sync').innerText();
    expect(alert).toContain('今天调用此接口的次数已达微信的上限');
    expect(alert).toMatch(/将于 .+ 自动继续/);
    await wide.page.getByRole('button', { name: '清零配额并继续' }).waitFor();
    await shoot(wide.page, 'followers-sync-paused-1280-zh', other);
    await narrow.open('/followers', '用户管理');
    await narrow.page.getByText('同步已暂停').waitFor();
    await shoot(narrow.page, 'followers-sync-paused-375-zh', other);

    // Act: the owner resets the quota and the run goes on to the end
    await wide.page.getByRole('button', { name: '清零配额并继续' }).click();
    await wide.page.getByText(`已同步 ${followersCount} 位粉丝`).waitFor({ timeout: 120_000 });
    expect((await audience(other, 'followers', { limit: 1 })).body.counts.total).toBe(followersCount);
  });

  it('speaks English when asked (spot check)', async () => {
    const en = await openBackOffice(files.browser, { owner, language: 'en' });
    files.watch(en.page);
    await en.open('/followers', 'Followers');
    await en.page.getByRole('heading', { name: `${followersCount} followers` }).waitFor();
    expect(await en.page.getByRole('link', { name: 'Blacklist' }).count()).toBe(1);
    expect(await en.page.locator('.sync').innerText()).toContain(`${followersCount} followers synced`);
    await screenshot(en.page, 'followers-1280-en');
  });
});
