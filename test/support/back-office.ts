import { deflateSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { userWithDirectAccount, type UserWithAccount } from './accounts';
import { consoleUrl, openPage, type viewports, type WatchedPage } from './browser';

/**
 * Straight into the back office: a user registered, verified, logged in and bound to a simulated
 * account through the API (test/support/accounts.ts), and the session put where the console keeps
 * it (localStorage, console/src/session.ts) before the page loads — no clicking through
 * registration again in every story.
 */
export interface BackOffice extends WatchedPage {
  owner: UserWithAccount;
  /** Opens a back-office page of the owner's account, e.g. open('/materials'), and waits for its heading. */
  open(path: string, heading: string | RegExp, params?: Record<string, string>): Promise<void>;
}

export const sessionKey = 'socialinzen.session';
/** The organization the console acts in (X-Org); a seeded session starts with none, i.e. the user's own. */
export const orgKey = 'socialinzen.org';

export const openBackOffice = async (
  browser: Browser,
  options: { owner?: UserWithAccount; viewport?: keyof typeof viewports; phone?: boolean; language?: 'zh-CN' | 'en' } = {},
): Promise<BackOffice> => {
  const owner = options.owner ?? (await userWithDirectAccount());
  const tab = await openPage(browser, options);
  tab.tokens.add(owner.user.token);
  const session = { token: owner.user.token, username: owner.user.username, expiresAt: Date.now() + 3_600_000 };
  // Only on the first load: a test that logs out must stay logged out after a reload.
  await tab.context.addInitScript(
    `if (!sessionStorage.getItem('seeded')) {
      sessionStorage.setItem('seeded', '1');
      localStorage.setItem(${JSON.stringify(sessionKey)}, ${JSON.stringify(JSON.stringify(session))});
      localStorage.removeItem(${JSON.stringify(orgKey)});
      ${options.language ? `localStorage.setItem('socialinzen.lang', ${JSON.stringify(options.language)});` : ''}
    }`,
  );
  return {
    ...tab,
    owner,
    async open(path, heading, params = {}) {
      const query = new URLSearchParams({ appid: owner.account.appid, ...params });
      await tab.page.goto(consoleUrl(`#${path}?${query}`));
      await tab.page.getByRole('heading', { name: heading, level: 1 }).waitFor();
    },
  };
};

/** Switches the console's language through its own control (remembered by the console). */
export const switchLanguage = async (page: Page, to: 'en' | 'zh-CN'): Promise<void> => {
  await page.getByLabel(to === 'en' ? '语言' : 'Language').selectOption(to);
};

/**
 * Records every value the page's <progress> shows, sampled each 5 ms inside the page (Preact sets
 * `value` as a property, which a MutationObserver would not see). Read with `progressSeen(page)`.
 */
export const watchProgress = (page: Page) =>
  page.evaluate(`(() => {
    const seen = (window.__progress = []);
    setInterval(() => {
      const bar = document.querySelector('progress');
      if (bar && seen[seen.length - 1] !== bar.value) seen.push(bar.value);
    }, 5);
  })()`);

export const progressSeen = (page: Page): Promise<number[]> => page.evaluate('window.__progress') as Promise<number[]>;

/** A real (decodable) PNG of one colour, for pages that show an image: PNG signature, IHDR, IDAT, IEND. */
export const solidPng = (width: number, height: number, rgb: [number, number, number]): Buffer => {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (data: Buffer) => {
    let c = 0xffffffff;
    for (const byte of data) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
};
