import { expect } from 'vitest';
/**
 * English words in text meant for a Chinese reader: runs of two or more Latin letters, minus the
 * names Chinese operators read in Latin letters in WeChat's own back office (AppID, Token, OpenID…),
 * file types and units, and what is code rather than words (links, domain names, `wx.config`,
 * `@subscribe`). `values` are what the text quotes back (user data, a limit): not words of ours.
 */
export const allowedLatin = new Set(
  [
    'AppID', 'AppSecret', 'Token', 'EncodingAESKey', 'OpenID', 'KEY', 'JSON', 'JS', 'SDK', 'http', 'https', 'MB', 'KB', 'wx',
    'URL', 'state', 'code', 'echostr', 'IP', 'QR', 'HTML', 'CSV', 'ID', 'media_id', 'article_id', 'subscribe', 'default',
    'jpg', 'jpeg', 'png', 'gif', 'bmp', 'mp', 'wma', 'wav', 'amr', 'socialinzen', 'PC', 'H5', 'HMAC', 'SHA256', 'UTF', 'iOS', 'Android',
    'English', 'openid', 'snsapi_base', 'snsapi_userinfo', 'msg_signature', 'timestamp', 'nonce', 'XML', 'API', 'AES', 'DNS',
    'expires', 'signature', 'SHA', 'gh_',
  ].map((w) => w.toLowerCase()),
);

const code = /https?:\/\/\S+|\/?[\w-]+(?:\/[\w.-]+)+|[\w-]+(?:\.[\w-]+)+|@[\w:]+|\{\w+\}/g;

export const englishWords = (text: unknown, values: unknown[] = []): string[] => {
  if (typeof text !== 'string') return [`(not text: ${String(text)})`];
  const quoted = new Set(values.flatMap((v) => String(v ?? '').match(/[A-Za-z_]{2,}/g) ?? []));
  return (text.replace(code, ' ').match(/[A-Za-z][A-Za-z_]+/g) ?? []).filter((w) => !allowedLatin.has(w.toLowerCase()) && !quoted.has(w));
};

/** Fails naming the page when its visible text holds an English word of ours (the given values — ids, names the user typed — allowed). */
export const expectChinesePage = async (page: { locator(selector: string): { innerText(): Promise<string> } }, values: unknown[], name: string): Promise<void> => {
  const text = await page.locator('body').innerText();
  expect(englishWords(text, values), `${name}: English in the Chinese page`).toEqual([]);
};
