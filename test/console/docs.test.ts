import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeList } from '../../lib/routes';
import { consoleUrl, launchBrowser, openPage, screenshot } from '../support/browser';

/**
 * The API's reference at /docs renders in a real browser: Swagger UI from our own origin, under its
 * strict CSP (no inline script, no CDN), reading /openapi.json and listing every route.
 */
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('the API reference at /docs', () => {
  it('renders every route of the route table from /openapi.json, loading nothing from another origin', async () => {
    // Prepare
    const { page, requests, context } = await openPage(browser);
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });

    // Act
    await page.goto(consoleUrl('docs'));
    await page.locator('.opblock').first().waitFor({ timeout: 30_000 });

    // Assess
    const paths = await page.locator('.opblock-summary-path').evaluateAll((els) => els.map((el) => el.getAttribute('data-path') ?? el.textContent ?? ''));
    for (const route of routeList) expect(paths.map((p) => p.replace(/\u200b/g, '')), route.path).toContain(route.path);
    const origin = new URL(consoleUrl()).origin;
    expect(requests.filter((url) => !url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:'))).toEqual([]);
    expect(violations).toEqual([]);
    await screenshot(page, 'docs-1280');
    await context.close();
  }, 90_000);
});
