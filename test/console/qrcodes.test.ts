import jsQR from 'jsqr';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackOffice, type BackOffice } from '../support/back-office';
import { launchBrowser } from '../support/browser';
import { sim } from '../support/wechat-sim';

/**
 * QR codes in the browser: a temporary code with a string scene is created at WeChat and its
 * picture shown — drawn in the page from WeChat's url, read back here with a QR decoder.
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

/** The RGBA pixels of an <img> on the page, drawn onto a canvas there (sent back as base64). */
const pixelsOf = async (tab: BackOffice, selector: string) => {
  const { width, height, rgba } = (await tab.page.evaluate(`(() => {
    const img = document.querySelector(${JSON.stringify(selector)});
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const context = canvas.getContext('2d');
    context.drawImage(img, 0, 0);
    const bytes = context.getImageData(0, 0, canvas.width, canvas.height).data;
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return { width: canvas.width, height: canvas.height, rgba: btoa(binary) };
  })()`)) as { width: number; height: number; rgba: string };
  return { width, height, data: new Uint8ClampedArray(Buffer.from(rgba, 'base64')) };
};

describe('console: QR codes', () => {
  it('creates a temporary QR code with a string scene and shows the code WeChat made', async () => {
    // Prepare
    const { page } = tab;
    await tab.open('/qrcodes', '带参数二维码');

    // Act
    await page.getByLabel('临时二维码').check();
    await page.getByLabel('场景值').fill('spring-sale');
    await page.getByLabel('有效期（秒）').fill('86400');
    await page.getByRole('button', { name: '生成', exact: true }).click();
    const image = page.getByRole('img', { name: '场景值 spring-sale 的二维码' });
    await image.waitFor();

    // Assess: WeChat was asked for exactly that code, and the picture encodes WeChat's link
    const [request] = (await sim.qrRequests(tab.owner.account.appid)).requests;
    expect(request).toMatchObject({ action_name: 'QR_STR_SCENE', expire_seconds: 86400, action_info: { scene: { scene_str: 'spring-sale' } } });
    const encoded = await page.getByRole('textbox', { name: '二维码内容' }).inputValue();
    expect(encoded).toMatch(/^http:\/\/weixin\.qq\.com\/q\//);
    const pixels = await pixelsOf(tab, '.qr-result__image');
    expect(pixels.width).toBeGreaterThan(100);
    expect(jsQR(pixels.data, pixels.width, pixels.height)?.data).toBe(encoded);
    expect(await page.getByRole('textbox', { name: '二维码图片链接' }).inputValue()).toMatch(/\/cgi-bin\/showqrcode\?ticket=/);
    expect(await page.getByRole('link', { name: '下载 PNG' }).getAttribute('download')).toBe('qrcode-spring-sale.png');
  }, 60_000);

  it('shows the API message beside the scene when a permanent integer scene is out of range', async () => {
    const { page } = tab;
    await page.getByLabel('永久二维码').check();
    await page.getByLabel('场景值').fill('100001');
    await page.getByRole('button', { name: '生成', exact: true }).click();

    const error = page.getByRole('alert').filter({ hasText: '1 至 100000' });
    await error.waitFor();
    expect(await page.getByLabel('场景值').getAttribute('aria-invalid')).toBe('true');
    expect((await sim.qrRequests(tab.owner.account.appid)).requests).toHaveLength(1);
  });

  it('never put the session token in a URL', () => {
    tab.assertNoTokenInUrls();
  });
});
