import { expect } from 'vitest';
import type { UserWithAccount } from './accounts';
import { call, type ApiResponse } from './http';
import { multipartBody, sampleFile } from './media';

/** Builders for the content area's tests: a cover, an article picture, a draft, through the real routes. */

export const uploadCover = async (owner: UserWithAccount): Promise<string> => {
  const { body, contentType } = multipartBody([{ name: 'type', value: 'image' }, { name: 'appid', value: owner.account.appid }, { name: 'file', value: sampleFile.png(4000), filename: 'cover.png', type: 'image/png' }]);
  const res = await call('/apis/materials/uploadMaterial', { token: owner.user.token, raw: body, contentType });
  expect(res.body.errcode, res.text).toBe(0);
  return res.body.mediaId as string;
};

export const uploadArticleImage = (owner: UserWithAccount, data: Buffer, filename = 'picture.png'): Promise<ApiResponse> => {
  const { body, contentType } = multipartBody([{ name: 'appid', value: owner.account.appid }, { name: 'file', value: data, filename }]);
  return call('/apis/content/uploadArticleImage', { token: owner.user.token, raw: body, contentType });
};

export const article = (cover: string, overrides: Record<string, unknown> = {}) => ({
  title: '冬日咖啡指南',
  author: '小编',
  content: '<section><p>一杯热咖啡。</p></section>',
  contentSourceUrl: 'https://example.com/original',
  thumbMediaId: cover,
  needOpenComment: true,
  onlyFansCanComment: false,
  ...overrides,
});

/** A content route as the owner (or `as`, a member acting in the organization `orgId`). */
export const content = (owner: UserWithAccount, route: string, json: Record<string, unknown>, as?: { token: string; orgId: string }) =>
  call(`/apis/content/${route}`, { token: as?.token ?? owner.user.token, json: { appid: owner.account.appid, ...json }, ...(as ? { headers: { 'x-org': as.orgId } } : {}) });

/** The send history as a person reads it: listSends in `language` (the console asks in its own). */
export const sendsIn = async (owner: UserWithAccount, language: 'zh-CN' | 'en'): Promise<Record<string, any>[]> => {
  const res = await call('/apis/content/listSends', { token: owner.user.token, json: { appid: owner.account.appid }, headers: { 'accept-language': language } });
  expect(res.body.errcode, res.text).toBe(0);
  return res.body.sends;
};

export const addDraft = async (owner: UserWithAccount, articles: Record<string, unknown>[]): Promise<string> => {
  const res = await content(owner, 'addDraft', { articles });
  expect(res.body.errcode, res.text).toBe(0);
  return res.body.mediaId as string;
};

/** The history entry of a send once `done` says it has settled (the push goes through the record stream). */
export const waitForSend = async (owner: UserWithAccount, sendId: string, done: (send: any) => boolean = (s) => !['sending', 'submitted', 'scheduled'].includes(s.status), timeoutMs = 20_000) => {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await content(owner, 'listSends', {});
    expect(res.body.errcode, res.text).toBe(0);
    const send = res.body.sends.find((s: { sendId: string }) => s.sendId === sendId);
    if (send && done(send)) return send;
    if (Date.now() > until) throw new Error(`send ${sendId} did not settle: ${JSON.stringify(send)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
};
