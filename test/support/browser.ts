import { mkdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import chromium from '@sparticuz/chromium';
import { chromium as playwright, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, inject } from 'vitest';

/**
 * Browser tests: a real Chromium (the one @sparticuz/chromium ships inside its npm package, so
 * nothing is downloaded) driven by playwright-core against the suite's local stack. One browser per
 * test file; pages are reused inside it.
 */
export const screenshotDir = resolve(import.meta.dirname, '../../test-artifacts/screenshots');

export const launchBrowser = async (): Promise<Browser> => {
  chromium.setGraphicsMode = false;
  return playwright.launch({ executablePath: await chromium.executablePath(), args: chromium.args, headless: true });
};

export interface FileBrowser {
  /** The file's Chromium, launched before its first test (read it inside tests and hooks). */
  readonly browser: Browser;
  /** The page to shoot if the running test fails; forgotten when the test ends. */
  watch(page: Page): void;
  /** A page the file's tests share (opened in a beforeAll): shot when a failing test watched none of its own. */
  watchEveryTest(page: Page): void;
}

/**
 * The browser set-up of a console test file, called once at its top level: one Chromium for the
 * file, and on a failed test the watched page's address, text and a screenshot
 * (`failed-<file>-<test>.png` beside the others), so a red run in CI can be read without a rerun.
 * The browser is closed only after the last test: this Chromium runs single-process, where closing
 * a context ends the browser, so contexts stay open until then.
 */
export const useBrowser = (): FileBrowser => {
  let browser: Browser | undefined;
  let forTest: Page | undefined;
  let forFile: Page | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterEach(async (context) => {
    const page = forTest ?? forFile;
    forTest = undefined;
    if (context.task.result?.state !== 'fail' || !page || page.isClosed()) return;
    console.error('[failed page]', page.url(), (await page.locator('body').innerText().catch(() => '')).slice(0, 800));
    const file = basename(context.task.file.name).replace(/\.test\.ts$/, '');
    // A test's name can hold a slash or a colon, which would not make a file name.
    const test = context.task.name.slice(0, 40).replace(/[\\/:*?"<>|]/g, '_');
    await screenshot(page, `failed-${file}-${test}`).catch(() => undefined);
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    get browser() {
      if (!browser) throw new Error('useBrowser(): the browser is launched in beforeAll, read it inside tests or hooks');
      return browser;
    },
    watch(page) {
      forTest = page;
    },
    watchEveryTest(page) {
      forFile = page;
    },
  };
};

export const viewports = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 375, height: 812 },
} as const;

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** Every URL the page requested (documents, scripts, fonts, fetches, redirects). */
  requests: string[];
  /** Session tokens the API handed to this page (login answers). */
  tokens: Set<string>;
  /** Fails if any request carried a session token (or an access_token parameter) in its URL. */
  assertNoTokenInUrls(): void;
}

/**
 * A fresh browser context (empty storage, like a new browser) whose every request is recorded,
 * and whose login answers are read for the token, so a test can prove no URL ever carried it.
 */
export const openPage = async (browser: Browser, options: { viewport?: keyof typeof viewports; phone?: boolean } = {}): Promise<WatchedPage> => {
  const viewport = viewports[options.viewport ?? 'desktop'];
  const context = await browser.newContext({
    viewport,
    locale: 'zh-CN',
    ...(options.phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (error) => console.error('[browser] page error:', error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') console.error('[browser] console:', message.text());
  });
  const requests: string[] = [];
  const tokens = new Set<string>();
  page.on('request', (request) => {
    requests.push(request.url());
  });
  page.on('response', async (response) => {
    if (!response.url().endsWith('/apis/user/login') || response.status() !== 200) return;
    const body = (await response.json().catch(() => ({}))) as { access_token?: string };
    if (body.access_token) tokens.add(body.access_token);
  });
  return {
    page,
    context,
    requests,
    tokens,
    assertNoTokenInUrls() {
      expect(requests.length).toBeGreaterThan(0);
      for (const url of requests) {
        expect(url, 'a URL carries access_token').not.toMatch(/access_token=/i);
        for (const token of tokens) {
          expect(url.includes(token) || url.includes(encodeURIComponent(token)), `a URL carries the session token: ${url}`).toBe(false);
        }
      }
    },
  };
};

export const consoleUrl = (hash = ''): string => `${inject('baseUrl')}/${hash}`;

/** Saves a full-page screenshot under test-artifacts/screenshots/ (git-ignored) and returns its path. */
export const screenshot = async (page: Page, name: string): Promise<string> => {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  // Web fonts load lazily per unicode-range chunk: wait for them so Chinese is not drawn as boxes.
  // A chunk can start loading after fonts.ready settled, and text laid out before its chunk
  // arrived is redrawn a frame later: wait for both, or the first shot of a page shows boxes.
  await page.evaluate(`(async () => {
    await document.fonts.load('16px "Noto Sans SC"', document.body.innerText);
    for (let i = 0; i < 20 && [...document.fonts].some((f) => f.status === 'loading'); i++) await new Promise((r) => setTimeout(r, 50));
    await document.fonts.ready;
    // Text shaped while its chunk was missing can keep the missing-glyph boxes: reshape it all
    // (new text in every text node, and a spacing change so no shaping cache answers), then let it paint.
    const frames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) node.data = String(node.data);
    document.documentElement.style.letterSpacing = '0.01px';
    await frames();
    document.documentElement.style.letterSpacing = '';
    await new Promise((r) => setTimeout(r, 100));
    await frames();
  })()`);
  await page.screenshot({ path, fullPage: true });
  return path;
};

/**
 * Logs `user` in through the console's login form (the user must exist and be verified, e.g. from
 * `userWithDirectAccount()` in test/support/accounts.ts), then waits for the back office.
 */
export const logIn = async (tab: WatchedPage, user: { username: string; password: string }, landing = '首页'): Promise<void> => {
  const { page } = tab;
  await page.goto(consoleUrl('#/login'));
  // Coming from the register page (用户名 and 密码 too), the hash change draws login a moment later.
  await page.getByRole('heading', { name: '登录', level: 1, exact: true }).waitFor();
  await page.getByLabel('用户名').fill(user.username);
  await page.getByLabel('密码').fill(user.password);
  await page.getByRole('button', { name: '登录' }).click();
  // level 1: the navigation's group headings (首页, 互动…) are headings too.
  await page.getByRole('heading', { name: landing, level: 1 }).waitFor();
};
