import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userWithDirectAccount, type UserWithAccount } from '../support/accounts';
import { openBackOffice, solidPng, type BackOffice } from '../support/back-office';
import { launchBrowser, screenshot } from '../support/browser';
import { call } from '../support/http';
import { multipartBody, sampleFile } from '../support/media';
import { sim } from '../support/wechat-sim';

/**
 * The back-office pages for followers, QR codes, materials, H5 tools and the logo, at 1280×800 and
 * 375×812, in Chinese and English: each renders its heading in that language, fits the phone's
 * width (no sideways scrolling), and is saved as a screenshot under test-artifacts/screenshots/.
 */
let browser: Browser;
let owner: UserWithAccount;
beforeAll(async () => {
  browser = await launchBrowser();
  owner = await userWithDirectAccount();
  const { appid } = owner.account;
  const token = owner.user.token;
  const upload = (path: string, parts: Parameters<typeof multipartBody>[0]) => {
    const { body, contentType } = multipartBody(parts);
    return call(path, { token, raw: body, contentType });
  };
  // Data for the pages to show: allowed domains, a logo, two images, a group with followers.
  expect((await call('/apis/accounts/updateSettings', { token, json: { appid, domains: ['shop.example.com'] } })).body).toMatchObject({ errcode: 0 });
  expect((await upload('/apis/materials/uploadLogo', [{ name: 'logoFile', value: solidPng(64, 64, [7, 193, 96]), filename: 'logo.png' }])).body).toMatchObject({ errcode: 0 });
  // Decodable pictures, so the materials page shows their thumbnails (through materials.image), and
  // one the browser cannot decode, shown as the placeholder with its note.
  for (const [name, value] of [['门店外观.png', solidPng(160, 120, [120, 160, 90])], ['spring-poster.png', solidPng(90, 160, [232, 126, 88])], ['scan.png', sampleFile.png(3000)]] as const) {
    expect((await upload('/apis/materials/uploadMaterial', [{ name: 'appid', value: appid }, { name: 'type', value: 'image' }, { name: 'file', value, filename: name }])).body).toMatchObject({ errcode: 0 });
  }
  const tag = await sim.createTag(appid, '老顾客');
  const { openids } = await sim.addFollowers(appid, 4, tag.id);
  expect((await call('/apis/wxplatform/updateRemark', { token, json: { appid, openid: openids[0], remark: '王老板' } })).body).toMatchObject({ errcode: 0 });
});
afterAll(async () => {
  await browser?.close();
});

const combos = [
  { viewport: 'desktop', language: 'zh-CN', phone: false },
  { viewport: 'desktop', language: 'en', phone: false },
  { viewport: 'phone', language: 'zh-CN', phone: true },
  { viewport: 'phone', language: 'en', phone: true },
] as const;

const titles = {
  tags: { 'zh-CN': '标签', en: 'Tags' },
  qrcodes: { 'zh-CN': '带参数二维码', en: 'QR codes' },
  materials: { 'zh-CN': '素材管理', en: 'Materials' },
  h5: { 'zh-CN': 'H5 工具', en: 'H5 tools' },
  logo: { 'zh-CN': '品牌标志', en: 'Logo' },
} as const;

/** What each page shows once opened (a group picked, a code made, a link built). */
const fillIn: Record<keyof typeof titles, (tab: BackOffice, language: 'zh-CN' | 'en') => Promise<void>> = {
  tags: async ({ page }) => {
    await page.getByRole('button', { name: /^老顾客/ }).click();
    await page.getByRole('cell', { name: '王老板' }).waitFor();
  },
  qrcodes: async ({ page }, language) => {
    await page.getByLabel(language === 'en' ? 'Scene' : '场景值', { exact: true }).fill('spring-sale');
    await page.getByRole('button', { name: language === 'en' ? 'Create' : '生成', exact: true }).click();
    await page.locator('.qr-result__image').waitFor();
  },
  materials: async ({ page }) => {
    await page.getByText('spring-poster.png').waitFor();
    await expect.poll(() => page.evaluate("[...document.querySelectorAll('.material__thumb img')].filter((img) => img.complete && img.naturalWidth > 0).length")).toBe(2);
    await page.locator('.material__thumb-note').waitFor();
  },
  h5: async ({ page }, language) => {
    await page.getByLabel(language === 'en' ? 'Page to return to' : '回跳网页地址').fill('https://shop.example.com/member');
    await page.getByRole('button', { name: language === 'en' ? 'Build link' : '生成链接' }).click();
    await page.getByRole('textbox', { name: language === 'en' ? 'Web OAuth link' : '网页授权链接' }).waitFor();
  },
  logo: async ({ page }) => {
    await page.locator('.logo-card__image').waitFor();
  },
};

/**
 * How light the row `selector` is at its left and right edges (mean RGB, 0–255, of its top pixel
 * rows, above the text), with its scroll position at the start and at the end: read from the
 * element's screenshot, decoded in the page through a blob: URL (its CSP allows those).
 */
const edgesOf = async (page: Page, selector: string) => {
  const row = page.locator(selector).first();
  const read = async (to: 'start' | 'end') => {
    await row.evaluate((el, end) => {
      el.scrollLeft = end ? el.scrollWidth : 0;
    }, to === 'end');
    const png = (await row.screenshot()).toString('base64');
    return page.evaluate(`(async () => {
      const bytes = Uint8Array.from(atob(${JSON.stringify(png)}), (c) => c.charCodeAt(0));
      const url = URL.createObjectURL(new Blob([bytes], { type: 'image/png' }));
      const img = new Image();
      img.src = url;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const g = canvas.getContext('2d');
      g.drawImage(img, 0, 0);
      URL.revokeObjectURL(url);
      const light = (x) => { const d = g.getImageData(x, 2, 3, 3).data; let sum = 0; for (let i = 0; i < d.length; i += 4) sum += d[i] + d[i + 1] + d[i + 2]; return Math.round(sum / (d.length / 4) / 3); };
      return { left: light(0), right: light(canvas.width - 3) };
    })()`) as Promise<{ left: number; right: number }>;
  };
  return { start: await read('start'), end: await read('end') };
};

describe('console: back-office pages at both sizes and in both languages', () => {
  for (const combo of combos) {
    it(`renders followers, QR codes, materials, H5 tools and logo at ${combo.viewport} in ${combo.language}`, async () => {
      const tab = await openBackOffice(browser, { owner, viewport: combo.viewport, phone: combo.phone, language: combo.language });
      const width = combo.viewport === 'desktop' ? 1280 : 375;
      const widths: Record<string, number> = {};
      for (const [name, title] of Object.entries(titles) as [keyof typeof titles, (typeof titles)[keyof typeof titles]][]) {
        await tab.open(`/${name}`, title[combo.language]);
        await fillIn[name](tab, combo.language);
        // The header shows the uploaded logo (a blob URL fetched from our origin), not the default.
        await expect.poll(() => tab.page.locator('.brand img').getAttribute('src')).toMatch(/^blob:/);
        await screenshot(tab.page, `${name}-${width}-${combo.language === 'en' ? 'en' : 'zh'}`);
        widths[name] = (await tab.page.evaluate('document.documentElement.scrollWidth')) as number;
        // On a phone the map folds behind 菜单, which names the current page; on a desktop its link is in the sidebar.
        if (combo.phone) await expect.poll(() => tab.page.locator('.shell__menu-current').textContent()).toBe(title[combo.language]);
        else {
          const current = (await tab.page.locator('.shell__nav [aria-current="page"]').boundingBox())!;
          expect([current.x >= 0, current.x + current.width <= width], `${name}: its link is off the screen`).toEqual([true, true]);
        }
        if (combo.phone && name === 'materials') {
          // A row that scrolls sideways (the type tabs) darkens the edge past which more is hidden, and
          // only that edge: at the start the right one, at the end the left one.
          for (const row of ['.tabs']) {
            const { start, end } = await edgesOf(tab.page, row);
            expect([start.right < start.left - 20, end.left < end.right - 20], `${row}: no hint of more at the edge (${JSON.stringify({ start, end })})`).toEqual([true, true]);
          }
        }
      }
      // Every page as wide as the window at most (no sideways scrolling), checked after all screenshots are taken.
      expect(widths).toEqual(Object.fromEntries(Object.keys(titles).map((name) => [name, width])));
      // Contexts stay open: this Chromium runs single-process, and closing one ends the browser.
      tab.assertNoTokenInUrls();
    }, 120_000);
  }
});
