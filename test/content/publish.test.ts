import { describe, expect, it } from 'vitest';
import { pollPublishes } from '../../src/content/poll';
import { userWithComponentAccount, userWithDirectAccount } from '../support/accounts';
import { addDraft, article, content, sendsIn, uploadCover, waitForSend } from '../support/content';
import { sim } from '../support/wechat-sim';

/**
 * 发布 (freepublish) over HTTP: submit, then WeChat's PUBLISHJOBFINISH push reaches the history
 * through the callback's record stream (src/records/content-jobs.ts); when no push comes,
 * freepublish/get is polled.
 */
describe('publishing', { timeout: 90_000 }, () => {
  // freepublish/submit and PUBLISHJOBFINISH: developers.weixin.qq.com/doc/offiaccount/Publish/Publish.html,
  // developers.weixin.qq.com/doc/offiaccount/Publish/Callback_on_finish.html ("发布成功 … article_url").
  it.each([
    ['a directly bound account', userWithDirectAccount],
    ['a component-authorized account (encrypted push)', userWithComponentAccount],
  ])('%s: publish → the push → the history says published with the article URLs; the draft leaves the box', async (_, make) => {
    const owner = await make();
    const cover = await uploadCover(owner);
    const mediaId = await addDraft(owner, [article(cover), article(cover, { title: '第二篇', digest: undefined })]);

    const res = await content(owner, 'publish', { mediaId });

    expect(res.body.errcode, res.text).toBe(0);
    expect(res.body.send).toMatchObject({ kind: 'publish', status: 'submitted', titles: ['冬日咖啡指南', '第二篇'] });
    const send = await waitForSend(owner, res.body.sendId);
    const job = (await sim.content(owner.account.appid)).publishes[0];
    expect(send).toMatchObject({ status: 'published', jobId: job.publish_id, by: { username: owner.user.username } });
    expect(send.articles).toEqual([{ idx: 1, url: job.urls[0] }, { idx: 2, url: job.urls[1] }]);
    expect(job.urls[0]).toMatch(/^https:\/\/mp\.weixin\.qq\.com\/s\//);
    // WeChat's draft box no longer has it, nor does our list of drafts.
    expect((await sim.content(owner.account.appid)).drafts).toEqual([]);
    expect((await content(owner, 'listDrafts', {})).body.total).toBe(0);
  });

  // publish_status 2 = 原创失败: developers.weixin.qq.com/doc/offiaccount/Publish/Get_status.html.
  it("a failed publish shows WeChat's reason (the originality check) and keeps the draft", async () => {
    const owner = await userWithDirectAccount();
    await sim.contentControls(owner.account.appid, { publishFailure: { status: 2, failIdx: [1] } });
    const cover = await uploadCover(owner);
    const mediaId = await addDraft(owner, [article(cover)]);

    const res = await content(owner, 'publish', { mediaId });
    const send = await waitForSend(owner, res.body.sendId);

    expect(send.status).toBe('failed');
    expect(send.reason).toBe('原创校验未通过 (the originality check failed) (article 1)');
    expect(send.articles).toBeUndefined();
    // A person reads it in their language, with the next step (the console asks in its own).
    expect((await sendsIn(owner, 'zh-CN'))[0]).toMatchObject({ sendId: send.sendId, reasonText: '发表失败：原创校验未通过（第 1 篇）。请修改草稿后重新发表' });
    expect((await sendsIn(owner, 'en'))[0]).toMatchObject({ reasonText: 'Not published: the originality check failed (article 1). Edit the draft and publish again.' });
    expect((await sendsIn(owner, 'zh-CN'))[0]).not.toHaveProperty('stop');
    expect((await content(owner, 'listDrafts', {})).body.drafts.map((d: any) => d.mediaId)).toEqual([mediaId]);
  });

  // freepublish/get ("发布状态轮询接口"): developers.weixin.qq.com/doc/offiaccount/Publish/Get_status.html.
  it('a publish whose push never comes is settled by polling freepublish/get', async () => {
    const owner = await userWithDirectAccount();
    await sim.contentControls(owner.account.appid, { dropPushes: true, pushDelayMs: 0 });
    const cover = await uploadCover(owner);
    const mediaId = await addDraft(owner, [article(cover)]);
    const res = await content(owner, 'publish', { mediaId });
    expect(res.body.errcode, res.text).toBe(0);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await waitForSend(owner, res.body.sendId, () => true)).status).toBe('submitted');
    const before = (await sim.calls(owner.account.appid))['cgi-bin/freepublish/get'] ?? 0;

    // The poller's next run, a minute on (when the publish is due to be asked about).
    await pollPublishes(Date.now() + 61_000);

    const send = await waitForSend(owner, res.body.sendId);
    const job = (await sim.content(owner.account.appid)).publishes[0];
    expect(job.status).toBe(0);
    expect((await sim.content(owner.account.appid)).pushes).toMatchObject([{ Event: 'PUBLISHJOBFINISH', delivered: false }]);
    expect(send).toMatchObject({ status: 'published', articles: [{ idx: 1, url: job.urls[0] }] });
    expect((await sim.calls(owner.account.appid))['cgi-bin/freepublish/get']).toBeGreaterThan(before);
  });

  it('publishing a draft that is not in the box is 40400, and nothing is submitted', async () => {
    const owner = await userWithDirectAccount();

    const res = await content(owner, 'publish', { mediaId: 'NO_SUCH_DRAFT_0123456789' });

    expect(res.body).toMatchObject({ errcode: 40400, msg: expect.stringMatching(/^mediaId: /) });
    expect((await sim.calls(owner.account.appid))['cgi-bin/freepublish/submit']).toBeUndefined();
    expect((await content(owner, 'listSends', {})).body.sends).toEqual([]);
  });
});
