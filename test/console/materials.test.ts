import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openBackOffice, progressSeen, solidPng, watchProgress, type BackOffice } from '../support/back-office';
import { launchBrowser, screenshot } from '../support/browser';
import { sampleFile } from '../support/media';
import { sim } from '../support/wechat-sim';

/**
 * Materials in the browser: an image uploaded with a progress bar that moves (the upload is
 * throttled through the DevTools protocol so the bar has something to show), listed, deleted.
 */
let browser: Browser;
let tab: BackOffice;
beforeAll(async () => {
  browser = await launchBrowser();
  tab = await openBackOffice(browser);
});
afterAll(async () => {
  await browser?.close();
});

describe('console: materials', () => {
  const name = 'shop-front.png';

  it('uploads an image with a progress bar that reports progress along the way', async () => {
    // Prepare: a 1.5 MB PNG, and uploads slowed to 512 KB/s so progress events come in between
    const { page } = tab;
    await tab.open('/materials', '素材管理');
    const cdp = await tab.context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 512 * 1024 });
    await page.getByLabel('素材类型', { exact: true }).selectOption('image');
    await page.getByLabel('文件', { exact: true }).setInputFiles({ name, mimeType: 'image/png', buffer: sampleFile.png(1_500_000) });
    await watchProgress(page);

    // Act
    await page.getByRole('button', { name: '上传', exact: true }).click();
    await page.getByText(`"${name}"已上传。`).waitFor({ timeout: 30_000 });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

    // Assess: the bar showed values strictly between 0 and 100, rising
    const seen = await progressSeen(page);
    const between = seen.filter((v) => v > 0 && v < 100);
    expect(between.length, `progress values seen: ${seen.join(', ')}`).toBeGreaterThan(0);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    expect((await sim.materials(tab.owner.account.appid)).materials.some((m) => m.type === 'image')).toBe(true);
  });

  it('lists the uploaded image with the count of images; its bytes are no picture, so the placeholder says so', async () => {
    const { page } = tab;
    const list = page.getByRole('list', { name: '图片' });
    await list.getByText(name).waitFor();
    // The counts come by a request of their own, after the list.
    await expect.poll(() => page.getByRole('link', { name: /图片/ }).textContent()).toContain('1');
    // sampleFile.png is a PNG signature and noise: the browser cannot decode it, and no broken image stays
    await list.getByRole('img', { name: `${name}: 无法预览` }).waitFor();
    expect(await list.locator('img').count()).toBe(0);
  });

  it('deletes the image after a confirmation, here and at WeChat', async () => {
    const { page } = tab;
    await page.getByRole('button', { name: `删除素材"${name}"` }).click();
    await page.getByRole('dialog').getByRole('button', { name: '删除' }).click();

    await page.getByText('素材已删除。').waitFor();
    await page.getByRole('list', { name: '图片' }).getByText('暂无数据').waitFor();
    expect(await page.getByText(name, { exact: true }).count()).toBe(0);
    expect((await sim.materials(tab.owner.account.appid)).materials).toEqual([]);
  });

  it("shows an image's thumbnail from a blob: URL fetched with the session header, and the placeholder for one too large to relay", async () => {
    // Prepare: a decodable 64×48 PNG, and a 5 MB image as if uploaded in mp.weixin.qq.com (over the 4 MB relayed)
    const { page } = tab;
    const picture = 'red-square.png';
    const big = (await sim.seedMaterial(tab.owner.account.appid, 'image', 5 * 1024 * 1024)).media_id;
    const bigName = (await sim.materials(tab.owner.account.appid)).materials.find((m) => m['media_id'] === big)!['name'] as string;
    const fetched: { url: string; authorization: string | undefined }[] = [];
    page.on('request', async (request) => {
      if (request.url().includes('/apis/materials/getMaterialImage')) fetched.push({ url: request.url(), authorization: (await request.allHeaders())['authorization'] });
    });
    await page.getByLabel('素材类型', { exact: true }).selectOption('image');
    await page.getByLabel('文件', { exact: true }).setInputFiles({ name: picture, mimeType: 'image/png', buffer: solidPng(64, 48, [200, 40, 40]) });

    // Act
    await page.getByRole('button', { name: '上传', exact: true }).click();
    await page.getByText(`"${picture}"已上传。`).waitFor({ timeout: 30_000 });
    const list = page.getByRole('list', { name: '图片' });
    const thumb = list.getByRole('img', { name: picture, exact: true });
    await thumb.waitFor();
    const shown = `document.querySelector(${JSON.stringify(`img[alt="${picture}"]`)})`;
    await expect.poll(() => page.evaluate(`${shown}?.complete && ${shown}.naturalWidth`)).toBeGreaterThan(0);

    // Assess: decoded (64 px wide) from a blob: URL; the big one is the placeholder with its note; the
    // session went in the Authorization header, never in a URL
    expect(await page.evaluate(`({ width: ${shown}.naturalWidth, blob: ${shown}.src.startsWith('blob:') })`)).toEqual({ width: 64, blob: true });
    await list.getByRole('img', { name: `${bigName}: 图片过大` }).waitFor();
    await expect.poll(() => fetched.length).toBeGreaterThanOrEqual(2);
    for (const request of fetched) {
      expect(request.url).not.toContain('access_token');
      expect(request.url).not.toContain(tab.owner.user.token);
      expect(request.authorization).toBe(`Bearer ${tab.owner.user.token}`);
    }
  });

  it('picks an image for a reply by its thumbnail in the media picker, and the chat preview shows that picture', async () => {
    // Prepare: the rule editor, an image reply (the account has red-square.png from the test before)
    const { page } = tab;
    const red = (await sim.materials(tab.owner.account.appid)).materials.find((m) => m['name'] === 'red-square.png')!;
    await tab.open('/rule', '添加规则');
    await page.getByRole('radio', { name: '图片', exact: true }).check();
    const picker = page.getByRole('list', { name: '公众号的图片素材' });
    await picker.locator('img[alt="red-square.png"]').waitFor();

    // Act
    await picker.getByRole('button', { name: 'red-square.png' }).click();

    // Assess: the select (the labelled control) holds its media_id, and the thumbnail shows it chosen
    expect(await page.getByLabel('素材', { exact: true }).inputValue()).toBe(red['media_id']);
    expect(await picker.getByRole('button', { name: 'red-square.png' }).getAttribute('aria-pressed')).toBe('true');
    // ...and the chat preview's reply bubble shows that picture (decoded, 64 px wide, from a blob: URL), not its media_id
    const preview = page.getByRole('region', { name: '预览' });
    await preview.getByRole('img', { name: '图片', exact: true }).waitFor();
    const bubble = "document.querySelector('.chat .chat__row--account img')";
    await expect.poll(() => page.evaluate(`${bubble}?.complete && ${bubble}.naturalWidth`)).toBeGreaterThan(0);
    expect(await page.evaluate(`({ width: ${bubble}.naturalWidth, blob: ${bubble}.src.startsWith('blob:') })`)).toEqual({ width: 64, blob: true });
    expect(await preview.getByText(String(red['media_id'])).count()).toBe(0);
    // An image it cannot show (the 5 MB one seeded before, over what the platform relays): the bubble shows the placeholder and why
    const big = (await sim.materials(tab.owner.account.appid)).materials.find((m) => m['media_id'] !== red['media_id'])!;
    await page.getByLabel('素材', { exact: true }).selectOption(String(big['media_id']));
    await preview.getByRole('img', { name: '图片: 图片过大', exact: true }).waitFor();
    await page.getByLabel('素材', { exact: true }).selectOption(String(red['media_id']));
    await preview.locator('img').waitFor();
    await screenshot(page, 'rule-image-picker-1280-zh');
    // The rule was not saved: the editor's unsaved-changes guard asks, and leaving is confirmed.
    page.once('dialog', (dialog) => void dialog.accept());
    await tab.open('/materials', '素材管理');
  });

  it('uploads a video through the presigned path to the console\u2019s own origin, with a moving progress bar, and lists it', async () => {
    // Prepare: every video takes the presigned path (console/src/pages/materials.tsx); 1.5 MB at
    // 512 KB/s gives the bar time to move. The page's CSP allows fetches to its own origin only.
    const { page } = tab;
    const video = 'opening.mp4';
    const sent: { method: string; url: string }[] = [];
    page.on('request', (request) => sent.push({ method: request.method(), url: request.url() }));
    const cdp = await tab.context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 512 * 1024 });
    await page.getByLabel('素材类型', { exact: true }).selectOption('video');
    await page.getByLabel('视频标题').fill('开业视频');
    await page.getByLabel('文件', { exact: true }).setInputFiles({ name: video, mimeType: 'video/mp4', buffer: sampleFile.mp4(1_500_000) });
    await watchProgress(page);

    // Act
    await page.getByRole('button', { name: '上传', exact: true }).click();
    await page.getByText(`"${video}"已上传。`).waitFor({ timeout: 30_000 });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

    // Assess: the bytes went by PUT to /staging/ on the console's origin (not through the API), the bar moved
    const put = sent.find((r) => r.method === 'PUT');
    expect(put?.url.startsWith(`${inject('baseUrl')}/staging/`), `PUT to ${put?.url}`).toBe(true);
    const seen = await progressSeen(page);
    expect(seen.filter((v) => v > 0 && v < 95).length, `progress values seen: ${seen.join(', ')}`).toBeGreaterThan(0);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    await page.getByRole('list', { name: '视频' }).getByText(video).waitFor();
    expect((await sim.materials(tab.owner.account.appid)).materials.filter((m) => m.type === 'video')).toHaveLength(1);
  });

  it('never put the session token in a URL', () => {
    tab.assertNoTokenInUrls();
  });
});
