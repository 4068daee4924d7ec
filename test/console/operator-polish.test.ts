import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditPartition, auditSortKey } from '../../src/core/audit/entry';
import { userWithDirectAccount, type UserWithAccount } from '../support/accounts';
import { openBackOffice, solidPng, switchLanguage, type BackOffice } from '../support/back-office';
import { consoleUrl, screenshot, useBrowser } from '../support/browser';
import { englishWords } from '../support/chinese';
import { putItem } from '../support/dynamo';
import { call } from '../support/http';
import { multipartBody } from '../support/media';
import { ownOrganization } from '../support/team';
import { sim } from '../support/wechat-sim';

/**
 * Issue 23 item 5 in the browser (zh-CN at 1280 and 375, an English spot check): the inbox shows a
 * follower's picture and the account's replies as the account's own bubbles, in the order they
 * happened; the rules list and the draft's cover picker name a material by its file and thumbnail;
 * the 操作日志 says each change as a sentence. No page shows a media id: the simulator's are 32
 * characters of base64url (local/wechat-sim/materials.ts, conversations.ts: 24 random bytes).
 */
const files = useBrowser();
const mediaIdPattern = /[A-Za-z0-9_-]{32}/;

let owner: UserWithAccount;
let openid: string;
let mediaIds: string[] = [];
let orgId: string;

const as = (path: string, json: Record<string, unknown>) => call(path, { token: owner.user.token, json: { appid: owner.account.appid, ...json } });

beforeAll(async () => {
  owner = await userWithDirectAccount();
  orgId = await ownOrganization(owner.user);
  [openid] = (await sim.addFollowers(owner.account.appid, 1)).openids as [string];
  // A picture material named as WeChat's back office names it, by its file.
  const { body, contentType } = multipartBody([{ name: 'type', value: 'image' }, { name: 'file', value: solidPng(64, 64, [7, 193, 96]), filename: 'logo.png', type: 'image/png' }]);
  const uploaded = await call('/apis/materials/uploadMaterial', { token: owner.user.token, raw: body, contentType });
  expect(uploaded.body.errcode, uploaded.text).toBe(0);
  const logo = uploaded.body.mediaId as string;
  const rule = await as('/apis/wxreplymanage/addReply', { type: 'image', reply: { mediaId: logo }, request: '门店照片', ruleName: '门店照片' });
  expect(rule.body.errcode, rule.text).toBe(0);
  // The follower asks (answered by the picture), sends a photo, and is answered from the console.
  const say = (message: Record<string, string | number>) => sim.send({ appid: owner.account.appid, via: 'direct', mode: 'safe', message: { FromUserName: openid, ...message } });
  const asked = await say({ MsgType: 'text', Content: '门店照片' });
  expect(asked.attempts[0]!.reply).toMatchObject({ MsgType: 'image' });
  const photo = await say({ MsgType: 'image' });
  const replied = await as('/apis/inbox/reply', { openid, type: 'text', content: '收到照片，我们马上处理。' });
  expect(replied.body.errcode, replied.text).toBe(0);
  mediaIds = [logo, String(photo.message['MediaId'])];
  // An entry of a route this console has no words for (one added after it was built).
  const at = new Date().toISOString();
  await putItem({
    pk: auditPartition(orgId),
    sk: auditSortKey(at, 'future-route-request'),
    type: 'audit',
    orgId,
    userId: owner.user.id,
    username: owner.user.username,
    route: 'POST /apis/loyalty/addPoints',
    kind: 'loyalty',
    appid: owner.account.appid,
    input: { points: 10 },
    changes: [],
    outcome: 'done',
    atomic: true,
    requestId: 'future-route-request',
    at,
    ttl: Math.floor(Date.now() / 1000) + 86_400,
  });
}, 120_000);

/** Each bubble as `<side>:<what it says>` (a picture as [图]), read in the page (no DOM types here: \`any\`). */
const rowsSaid = (els: any[]) =>
  els.map((el) => `${el.getAttribute('data-side')}:${el.querySelector('.chat__text')?.innerText ?? (el.querySelector('img') ? '[图]' : '')}`);

const textOf = (page: Page) => page.evaluate('document.body.innerText') as Promise<string>;

/** No media id of this test's, nor anything shaped like the simulator's ids, in what the page says. */
const noMediaId = async (page: Page, name: string) => {
  const text = await textOf(page);
  for (const id of mediaIds) expect(text.includes(id), `${name}: shows the media id ${id}`).toBe(false);
  expect(text.match(mediaIdPattern)?.[0], `${name}: shows something shaped like a media id`).toBeUndefined();
};

const chineseOnly = async (page: Page, name: string) => {
  expect(englishWords(await textOf(page), [owner.account.appid, owner.user.username, openid, 'logo.png']), `${name}: English in the Chinese page`).toEqual([]);
};

const openThread = async (tab: BackOffice) => {
  await tab.open('/inbox', `与 ${openid} 的对话`, { openid });
  await tab.page.locator('.chat__row--out', { hasText: '收到照片' }).waitFor();
  await tab.page.locator('.chat__row--out', { hasText: 'logo.png' }).waitFor();
  await tab.page.locator('img.inbox__image').waitFor();
};

describe('console: the inbox, the rules and the cover picker name files, never media ids', () => {
  it("draws the follower's picture, and the account's automatic and console replies as its own bubbles, in the order they happened", async () => {
    // Prepare
    const tab = await openBackOffice(files.browser, { owner });
    files.watch(tab.page);

    // Act
    await openThread(tab);
    const rows = await tab.page.locator('.chat__row').evaluateAll(rowsSaid);
    const accountSide = await tab.page.locator('.chat__row--out .chat__who').allInnerTexts();
    await screenshot(tab.page, 'inbox-thread-bubbles-1280-zh');
    await tab.page.reload();
    await openThread(tab);
    const again = await tab.page.locator('.chat__row').evaluateAll(rowsSaid);

    // Assess: the question, the automatic answer (the picture, by its file), the photo, the console's reply
    expect(rows.map((r) => r.split(':')[0])).toEqual(['follower', 'account', 'follower', 'account']);
    expect(rows[0]).toBe('follower:门店照片');
    expect(rows[1]).toContain('logo.png');
    expect(rows[2]).toBe('follower:[图]');
    expect(rows[3]).toBe('account:收到照片，我们马上处理。');
    expect(again).toEqual(rows);
    expect(accountSide).toEqual([expect.stringContaining('自动回复'), expect.stringContaining('客服消息')]);
    await noMediaId(tab.page, 'inbox thread');
    await chineseOnly(tab.page, 'inbox thread');
  }, 90_000);

  it('lists the messages with their picture and the automatic answer by its file name', async () => {
    const tab = await openBackOffice(files.browser, { owner });
    files.watch(tab.page);
    await tab.open('/inbox', '消息管理');
    await tab.page.locator('.inbox__item', { hasText: 'logo.png' }).waitFor();
    await tab.page.locator('.inbox__item img.inbox__image').waitFor();
    await screenshot(tab.page, 'inbox-list-1280-zh');
    await noMediaId(tab.page, 'inbox list');
    await chineseOnly(tab.page, 'inbox list');
  }, 60_000);

  it('shows a picture rule by its thumbnail and file name in the rules list', async () => {
    const tab = await openBackOffice(files.browser, { owner });
    files.watch(tab.page);
    await tab.open('/replies', '自动回复');
    const cell = tab.page.getByRole('cell', { name: 'logo.png' });
    await cell.waitFor();
    await tab.page.locator('.material-name__thumb--shown img').first().waitFor();
    await screenshot(tab.page, 'replies-material-1280-zh');
    await noMediaId(tab.page, 'rules list');
    await chineseOnly(tab.page, 'rules list');
  }, 60_000);

  it("offers the draft's cover by file name and thumbnail, without its media id", async () => {
    const tab = await openBackOffice(files.browser, { owner });
    files.watch(tab.page);
    await tab.open('/draft', '新建图文');
    const cover = tab.page.getByLabel('封面', { exact: true });
    await cover.waitFor();
    const options = await cover.locator('option').allInnerTexts();
    await cover.selectOption({ label: 'logo.png' });
    await tab.page.locator('.media-picker .material__thumb--shown img').first().waitFor();
    await screenshot(tab.page, 'draft-cover-picker-1280-zh');
    expect(options).toEqual(['选择素材', 'logo.png']);
    await noMediaId(tab.page, 'cover picker');
  }, 60_000);

  it('fits the inbox thread and the rules list on a phone (375)', async () => {
    const tab = await openBackOffice(files.browser, { owner, viewport: 'phone', phone: true });
    files.watch(tab.page);
    await openThread(tab);
    expect(await tab.page.evaluate('document.documentElement.scrollWidth')).toBe(375);
    await screenshot(tab.page, 'inbox-thread-bubbles-375-zh');
    await noMediaId(tab.page, 'inbox thread (375)');
    await tab.open('/replies', '自动回复');
    await tab.page.getByText('logo.png').first().waitFor();
    await screenshot(tab.page, 'replies-material-375-zh');
    await noMediaId(tab.page, 'rules list (375)');
  }, 60_000);
});

describe('console: the 操作日志 in words', () => {
  it('says each change as a sentence with its raw data behind 详情, and a route it has no words for in general Chinese', async () => {
    // Prepare
    const tab = await openBackOffice(files.browser, { owner });
    files.watch(tab.page);
    const who = owner.user.username;

    // Act
    await tab.page.goto(consoleUrl('#/audit'));
    await tab.page.getByRole('heading', { name: '操作日志', level: 1 }).waitFor();
    await tab.page.getByText(`${who} 添加了关键词回复规则「门店照片」`).waitFor();
    const sentences = await tab.page.locator('.audit__sentence').allInnerTexts();
    await chineseOnly(tab.page, 'audit log');
    await screenshot(tab.page, 'audit-sentences-1280-zh');
    const details = tab.page.locator('.audit__details').first();
    await details.locator('summary').click();
    const raw = await details.locator('pre').innerText();
    await screenshot(tab.page, 'audit-details-1280-zh');
    await tab.page.setViewportSize({ width: 375, height: 812 });
    await screenshot(tab.page, 'audit-sentences-375-zh');

    // Assess
    expect(sentences).toEqual(
      expect.arrayContaining([
        `${who} 添加了关键词回复规则「门店照片」`,
        `${who} 上传了素材「logo.png」`,
        `${who} 回复了粉丝消息`,
        `${who} 在「平台」中做了修改`,
      ]),
    );
    expect(raw).toContain('/apis/');
    expect(sentences.join('\n')).not.toMatch(/\/apis\//);
  }, 60_000);
});

describe('console: English spot check', () => {
  it('draws the bubbles and says the log in English', async () => {
    const tab = await openBackOffice(files.browser, { owner, language: 'en' });
    files.watch(tab.page);
    await tab.open('/inbox', `Conversation with ${openid}`, { openid });
    await tab.page.locator('.chat__row--out', { hasText: 'logo.png' }).waitFor();
    expect(await tab.page.locator('.chat__row--out .chat__who').allInnerTexts()).toEqual([expect.stringContaining('Auto-reply'), expect.stringContaining('Customer-service message')]);
    await screenshot(tab.page, 'inbox-thread-bubbles-1280-en');
    await noMediaId(tab.page, 'inbox thread (en)');
    await tab.page.goto(consoleUrl('#/audit'));
    await tab.page.getByText(`${owner.user.username} added the keyword rule “门店照片”`).waitFor();
    await tab.page.getByText(`${owner.user.username} made a change in the platform`).waitFor();
    await screenshot(tab.page, 'audit-sentences-1280-en');
    await switchLanguage(tab.page, 'zh-CN');
  }, 60_000);
});
