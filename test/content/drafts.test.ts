import { afterEach, describe, expect, it } from 'vitest';
import { userWithDirectAccount } from '../support/accounts';
import { armStorageFault, disarmStorageFaults } from '../support/faults';
import { addDraft, article, content, uploadArticleImage, uploadCover } from '../support/content';
import { call } from '../support/http';
import { multipartBody, sampleFile } from '../support/media';
import { sim } from '../support/wechat-sim';

/**
 * Drafts over HTTP against the simulator: WeChat's draft box (draft/add, get, update, delete) and our
 * own copy, bodies sanitized on the server, pictures only WeChat's own.
 */
// Each test makes its own user, account, cover and draft through the real routes: slow on a busy machine.
describe('drafts', { timeout: 90_000 }, () => {
  // draft/add: developers.weixin.qq.com/doc/offiaccount/Draft_Box/Add_draft.html ("支持HTML标签 … 此处会去除JS");
  // media/uploadimg: developers.weixin.qq.com/doc/offiaccount/Asset_Management/New_temporary_materials.html ("上传图文消息内的图片获取URL").
  it('keeps a two-article draft with an uploaded picture, sanitized: no script, no onerror, no javascript: link; WeChat\'s tags kept', async () => {
    const owner = await userWithDirectAccount();
    const cover = await uploadCover(owner);
    const picture = await uploadArticleImage(owner, sampleFile.jpeg(50_000), 'photo.jpg');
    expect(picture.body.errcode, picture.text).toBe(0);
    expect(picture.body.url).toMatch(/^http:\/\/mmbiz\.qpic\.cn\/mmbiz_jpg\//);
    const body =
      `<section style="color: #333; text-align: center"><h2>拿铁</h2><p>早安<strong>咖啡</strong></p>` +
      `<img src="${picture.body.url}" onerror="alert(1)" alt="杯子">` +
      `<script>alert('x')</script><a href="javascript:alert(1)">点我</a><blockquote>引用</blockquote>` +
      `<ul><li>一</li></ul><table><tbody><tr><td colspan="2">表</td></tr></tbody></table></section>`;

    const mediaId = await addDraft(owner, [article(cover, { content: body }), article(cover, { title: '第二篇', digest: undefined })]);
    const got = await content(owner, 'getDraft', { mediaId });

    expect(got.body.errcode, got.text).toBe(0);
    expect(got.body.articles).toHaveLength(2);
    const kept = got.body.articles[0].content as string;
    expect(kept).not.toMatch(/script|onerror|javascript:/i);
    expect(kept).toContain(`<img src="${picture.body.url}" alt="杯子">`);
    for (const tag of ['<section style="color:#333; text-align:center;">', '<h2>拿铁</h2>', '<strong>咖啡</strong>', '<blockquote>', '<li>一</li>', '<td colspan="2">']) expect(kept).toContain(tag);
    expect(kept).toContain('<a>点我</a>');
    // WeChat received the same sanitized body, and holds the draft.
    const atWechat = (await sim.content(owner.account.appid)).drafts.find((d) => d.media_id === mediaId);
    expect(atWechat.articles[0].content).toBe(kept);
    expect(atWechat.articles[0]).toMatchObject({ title: '冬日咖啡指南', thumb_media_id: cover, need_open_comment: 1, only_fans_can_comment: 0, content_source_url: 'https://example.com/original' });
    expect(atWechat.articles[1].title).toBe('第二篇');
    const listed = await content(owner, 'listDrafts', {});
    expect(listed.body).toMatchObject({ errcode: 0, total: 1, drafts: [{ mediaId, titles: ['冬日咖啡指南', '第二篇'], createdBy: { username: owner.user.username } }] });
  });

  afterEach(disarmStorageFaults);

  // Nothing half-created (issue 25): draft/add succeeded, our copy's PutItem did not.
  it('deletes the draft WeChat made again when our copy cannot be written', async () => {
    const owner = await userWithDirectAccount();
    const cover = await uploadCover(owner);
    const title = `nowrite-${owner.account.appid.slice(-8)}`;
    // The SDK retries throttling (3 tries in all): every try of this draft's write fails (the audit
    // log's intent, written before WeChat is called, names the title too: only our copy's item is hit).
    await armStorageFault('dynamoFaults', { match: `"DRAFTS#${owner.account.appid}"`, kind: 'throttle', exception: 'ThrottlingException', times: 10 });

    const res = await content(owner, 'addDraft', { articles: [article(cover, { title })] });

    expect(res.status).toBeGreaterThanOrEqual(500);
    const calls = await sim.calls(owner.account.appid);
    expect(calls['cgi-bin/draft/add']).toBe(1);
    expect(calls['cgi-bin/draft/delete']).toBe(1);
    expect((await sim.content(owner.account.appid)).drafts).toEqual([]);
    await disarmStorageFaults();
    expect((await content(owner, 'listDrafts', {})).body.total).toBe(0);
  });

  it('changes one article, then deletes the draft at WeChat and ours', async () => {
    const owner = await userWithDirectAccount();
    const cover = await uploadCover(owner);
    const mediaId = await addDraft(owner, [article(cover)]);

    const updated = await content(owner, 'updateDraft', { mediaId, index: 0, article: article(cover, { title: '新标题', content: '<p onclick="x()">新</p>' }) });
    expect(updated.body.errcode, updated.text).toBe(0);
    expect(updated.body.articles[0]).toMatchObject({ title: '新标题', content: '<p>新</p>' });
    expect((await sim.content(owner.account.appid)).drafts[0].articles[0]).toMatchObject({ title: '新标题', content: '<p>新</p>' });

    const deleted = await content(owner, 'deleteDraft', { mediaId });
    expect(deleted.body.errcode, deleted.text).toBe(0);
    expect((await sim.content(owner.account.appid)).drafts).toEqual([]);
    expect((await content(owner, 'getDraft', { mediaId })).body.errcode).toBe(40400);
    expect((await content(owner, 'listDrafts', {})).body.total).toBe(0);
  });

  describe('bad input: a clear errcode naming the field, nothing created at WeChat', () => {
    // The answer names the field's path and the rule it broke (src/core/messages): what the editor shows beside it.
    type Problem = { field: string; rule?: string; limit?: number; given?: number };
    const cases: [string, (cover: string) => Record<string, unknown>[], Problem, number?][] = [
      ['a title over 32 characters', (c) => [article(c, { title: '咖'.repeat(33) })], { field: 'articles[0].title', rule: 'maxLength', limit: 32, given: 33 }],
      ['an author over 16 characters', (c) => [article(c, { author: '作'.repeat(17) })], { field: 'articles[0].author', rule: 'maxLength', limit: 16, given: 17 }],
      ['a digest over 128 characters', (c) => [article(c, { digest: '摘'.repeat(129) })], { field: 'articles[0].digest', rule: 'maxLength', limit: 128, given: 129 }],
      ['a digest in a two-article draft', (c) => [article(c), article(c, { digest: '摘要' })], { field: 'articles[1].digest', rule: 'content.digestSingleOnly' }],
      ['a body of 20,000 characters', (c) => [article(c, { content: `<p>${'字'.repeat(19_993)}</p>` })], { field: 'articles[0].content', rule: 'maxLengthBelow', limit: 20000 }],
      ['an original link over 1 KB', (c) => [article(c, { contentSourceUrl: `https://example.com/${'a'.repeat(1010)}` })], { field: 'articles[0].contentSourceUrl', rule: 'maxBytes', limit: 1024, given: 1030 }],
      ['nine articles', (c) => Array.from({ length: 9 }, () => article(c, { digest: undefined })), { field: 'articles', rule: 'maxItems', limit: 8, given: 9 }],
      ['a cover that is no material of this account', () => [article('5A2zq0yXp_QGo9JRedKO2WryodIHflEKPgc2giBFPXn8')], { field: 'articles[0].thumbMediaId' }, 40400],
      ['an external picture in the body', (c) => [article(c, { content: '<p><img src="https://example.com/cat.png"></p>' })], { field: 'articles[0].content' }],
    ];
    it.each(cases)('%s', async (_, articles, problem, errcode = 40000) => {
      const owner = await userWithDirectAccount();
      const cover = await uploadCover(owner);
      const before = (await sim.calls(owner.account.appid))['cgi-bin/draft/add'] ?? 0;

      const res = await content(owner, 'addDraft', { articles: articles(cover) });

      expect(res.body.errcode).toBe(errcode);
      expect(res.status).toBe(errcode === 40000 ? 400 : 404);
      expect(res.body, res.text).toMatchObject(problem);
      expect((await sim.calls(owner.account.appid))['cgi-bin/draft/add'] ?? 0).toBe(before);
      expect((await sim.content(owner.account.appid)).drafts).toEqual([]);
    });

    it("a cover of another account's materials is not this account's", async () => {
      const owner = await userWithDirectAccount();
      const other = await userWithDirectAccount(owner.user);
      const theirs = await uploadCover(other);

      const res = await content(owner, 'addDraft', { articles: [article(theirs)] });

      expect(res.body).toMatchObject({ errcode: 40400, field: 'articles[0].thumbMediaId' });
    });

    // "thumb_media_id: 图文消息的封面图片素材id（必须是永久MediaID）": developers.weixin.qq.com/doc/offiaccount/Draft_Box/Add_draft.html.
    it("a permanent material of this account that is not an image (a voice) is no cover, and nothing reaches WeChat", async () => {
      const owner = await userWithDirectAccount();
      const { body, contentType } = multipartBody([{ name: 'type', value: 'voice' }, { name: 'appid', value: owner.account.appid }, { name: 'file', value: sampleFile.mp3(), filename: 'hello.mp3' }]);
      const voice = await call('/apis/materials/uploadMaterial', { token: owner.user.token, raw: body, contentType });
      expect(voice.body.errcode, voice.text).toBe(0);

      const res = await content(owner, 'addDraft', { articles: [article(voice.body.mediaId)] });

      expect(res.body).toMatchObject({ errcode: 40400, field: 'articles[0].thumbMediaId' });
      expect((await sim.calls(owner.account.appid))['cgi-bin/draft/add']).toBeUndefined();
    });

    it('an article picture that is a gif, or 1 MB, is refused before WeChat', async () => {
      const owner = await userWithDirectAccount();
      const gif = await uploadArticleImage(owner, Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(100)]), 'a.gif');
      const big = await uploadArticleImage(owner, sampleFile.png(1024 * 1024), 'big.png');

      expect(gif.body).toMatchObject({ errcode: 41500, field: 'file', rule: 'file.type' });
      expect(big.body).toMatchObject({ errcode: 41300, field: 'file', rule: 'file.tooLarge' });
      expect((await sim.content(owner.account.appid)).images).toEqual([]);
    });
  });
});
