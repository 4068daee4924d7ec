import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { authorizeThroughPlatform, userWithDirectAccount, type UserWithAccount } from '../support/accounts';
import { testDb } from '../support/dynamo';
import { addDraft, article, content, uploadCover, waitForSend } from '../support/content';
import { loggedInUser } from '../support/users';
import { sim } from '../support/wechat-sim';

/**
 * 群发 (message/mass/*) over HTTP: limits refused before WeChat, the clientmsgid keeping a retried
 * request to one send, MASSSENDJOBFINISH's counts in the history (through the record stream).
 */
const componentAccount = async (input: { serviceType?: number; verifyType?: number }): Promise<UserWithAccount> => {
  const user = await loggedInUser();
  const account = await sim.createAccount(input);
  const { callback } = await authorizeThroughPlatform(user, account);
  expect(callback.status).toBe(302);
  return { user, account };
};

describe('mass send', { timeout: 90_000 }, () => {
  // sendall's clientmsgid ("开发者侧群发msgid，长度限制64字节") and 45065 ("clientmsgid exist"), and
  // MASSSENDJOBFINISH (TotalCount, FilterCount, SentCount, ErrorCount):
  // developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html.
  it('a draft to a tag goes out once even when WeChat\'s answer is lost and our request is retried; the push\'s counts reach the history', async () => {
    const owner = await userWithDirectAccount();
    const appid = owner.account.appid;
    const tag = await sim.createTag(appid, '老顾客');
    await sim.addFollowers(appid, 3, tag.id);
    await sim.addFollowers(appid, 2);
    const cover = await uploadCover(owner);
    const mediaId = await addDraft(owner, [article(cover)]);
    await sim.contentControls(appid, { loseAnswerOf: 'cgi-bin/message/mass/sendall' });
    const request = { mediaId, tagId: tag.id, requestId: 'console-form-0001' };

    const first = await content(owner, 'massSend', request);
    const again = await content(owner, 'massSend', request);

    expect(first.status).toBe(503);
    expect(first.body).toMatchObject({ errcode: 50300, msg: expect.stringMatching(/repeat the same request/) });
    // The retry's sendall is answered 45065 "clientmsgid exist" with the earlier msg_id: a success.
    expect(again.body.errcode, again.text).toBe(0);
    const wechat = await sim.content(appid);
    expect(wechat.masses).toHaveLength(1);
    expect((await sim.calls(appid))['cgi-bin/message/mass/sendall']).toBe(2);
    expect(wechat.masses[0]).toMatchObject({ clientmsgid: `sz-${again.body.sendId}`, filter: { is_to_all: false, tag_id: tag.id }, msgtype: 'mpnews' });
    expect(Buffer.byteLength(wechat.masses[0].clientmsgid)).toBeLessThanOrEqual(64);
    const send = await waitForSend(owner, again.body.sendId);
    expect(send).toMatchObject({ status: 'sent', jobId: String(wechat.masses[0].msg_id), target: { tagId: tag.id }, counts: { total: 3, filtered: 3, sent: 3, error: 0 }, by: { username: owner.user.username } });
    // Sent, the draft leaves WeChat's box and our list.
    expect(wechat.drafts).toEqual([]);
    expect((await content(owner, 'listDrafts', {})).body.total).toBe(0);
  });

  it('the same requestId after the send went out answers that send and calls WeChat no more', async () => {
    const owner = await userWithDirectAccount();
    await sim.addFollowers(owner.account.appid, 1);
    const request = { text: '周末八折', toAll: true, requestId: 'console-form-0002' };

    const first = await content(owner, 'massSend', request);
    const second = await content(owner, 'massSend', request);

    expect(first.body.errcode, first.text).toBe(0);
    expect(second.body.sendId).toBe(first.body.sendId);
    expect((await sim.calls(owner.account.appid))['cgi-bin/message/mass/sendall']).toBe(1);
  });

  // "订阅号在24小时内可群发1条" (SPEC §WeChat rules: a subscription account sends once a day).
  it('a subscription account\'s second send of the day is refused before WeChat with 42910', async () => {
    const owner = await componentAccount({ serviceType: 0 });
    await sim.addFollowers(owner.account.appid, 2);

    const first = await content(owner, 'massSend', { text: '早安', toAll: true });
    const second = await content(owner, 'massSend', { text: '晚安', toAll: true });

    expect(first.body.errcode, first.text).toBe(0);
    expect(second.status).toBe(429);
    expect(second.body).toMatchObject({ errcode: 42910, rule: 'massSendDaily', resetsAt: expect.stringMatching(/T16:00:00\.000Z$/) });
    expect((await sim.calls(owner.account.appid))['cgi-bin/message/mass/sendall']).toBe(1);
  });

  // Mass send needs a verified account: developers.weixin.qq.com/doc/offiaccount/Getting_Started/Explanation_of_interface_privileges.html (issue 24).
  it('an unverified account cannot mass-send: 40302 over HTTP, before WeChat', async () => {
    const owner = await componentAccount({ verifyType: -1 });

    const res = await content(owner, 'massSend', { text: '你好', toAll: true });

    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ errcode: 40302, need: 'verification', feature: 'massSend' });
    expect((await sim.calls(owner.account.appid))['cgi-bin/message/mass/sendall']).toBeUndefined();
    expect((await content(owner, 'listSends', {})).body.sends).toEqual([]);
  });

  it('an unknown tag is 40000 naming tagId; nothing was sent and the history says why', async () => {
    const owner = await userWithDirectAccount();

    const res = await content(owner, 'massSend', { text: '你好', tagId: 9999 });

    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ errcode: 40000, msg: expect.stringMatching(/^tagId: WeChat has no such tag/), wxerrcode: 40050 });
    expect((await sim.content(owner.account.appid)).masses).toEqual([]);
    expect((await content(owner, 'listSends', {})).body.sends).toMatchObject([{ status: 'failed', reason: expect.stringMatching(/^tagId: /) }]);
  });

  it.each([
    [{ text: 'x', tagId: 100, toAll: true }, { field: 'tagId', rule: 'content.tagOrAll' }],
    [{ text: 'x' }, { field: 'tagId', rule: 'content.tagOrAll' }],
    [{ text: 'x', image: 'MEDIA_1', toAll: true }, { field: 'mediaId', rule: 'content.oneMessage' }],
    [{ toAll: true }, { field: 'mediaId', rule: 'content.oneMessage' }],
    [{ text: 'x', toAll: true, sendAt: 'tomorrow' }, { field: 'sendAt', rule: 'format.sendAt' }],
  ])('bad input %j: 40000 naming the field', async (body, problem) => {
    const owner = await userWithDirectAccount();

    const res = await content(owner, 'massSend', body);

    expect(res.body).toMatchObject({ errcode: 40000, ...problem });
  });

  // message/mass/preview: "开发者可通过该接口发送消息给指定用户，在手机端查看消息的样式和排版" (100 a day).
  it('a preview goes to one follower', async () => {
    const owner = await userWithDirectAccount();
    const [openid] = (await sim.addFollowers(owner.account.appid, 1)).openids;
    const cover = await uploadCover(owner);
    const mediaId = await addDraft(owner, [article(cover)]);

    const res = await content(owner, 'previewMass', { mediaId, openid });

    expect(res.body.errcode, res.text).toBe(0);
    expect((await sim.content(owner.account.appid)).previews).toMatchObject([{ touser: openid, msgtype: 'mpnews' }]);
  });

  // "订阅号为每天1次，服务号为每月4次" for sends to all, the back office's included; past it WeChat answers
  // 45028 "has no masssend quota": developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html.
  it("a service account's send to all carries the 4-a-month warning, and WeChat's 45028 past it is 42910 naming the rule", async () => {
    const owner = await componentAccount({ serviceType: 2 });
    const appid = owner.account.appid;
    await sim.addFollowers(appid, 2);

    const sends = [];
    for (let i = 0; i < 5; i += 1) sends.push(await content(owner, 'massSend', { text: `通知 ${i}`, toAll: true }));

    for (const sent of sends.slice(0, 4)) {
      expect(sent.body.errcode, sent.text).toBe(0);
      expect(sent.body.send.warnings).toContain('massSendMonthlyToAll');
    }
    expect(sends[4]!.status).toBe(429);
    expect(sends[4]!.body).toMatchObject({ errcode: 42910, rule: 'wechatMassSendQuota', wxerrcode: 45028 });
    expect((await sim.content(appid)).masses).toHaveLength(4);
    expect((await content(owner, 'listSends', {})).body.sends[0]).toMatchObject({ status: 'failed' });
  });

  // WeChat's mass-send frequency: at most 60 sends a minute (SPEC §WeChat rules; the same page as above).
  it('the 61st send in a minute is refused before WeChat with 42910 massSendPerMinute; the 60th goes', async () => {
    const owner = await userWithDirectAccount();
    const appid = owner.account.appid;
    const tag = await sim.createTag(appid, '会员');
    await sim.addFollowers(appid, 1, tag.id);
    // This minute's and the next two minutes' counters as 59 or 60 sends would leave them (a request never spans three).
    const seed = async (count: number) => {
      for (let i = 0; i < 3; i += 1) {
        const window = new Date(Date.now() + i * 60_000).toISOString().slice(0, 16);
        await testDb().send(new PutCommand({ TableName: inject('tableName'), Item: { pk: `SENDS#${appid}`, sk: `QUOTA#massSendPerMinute#${window}`, count, ttl: Math.floor(Date.now() / 1000) + 3600 } }));
      }
    };

    await seed(59);
    const sixtieth = await content(owner, 'massSend', { text: '第六十条', tagId: tag.id });
    await seed(60);
    const sixtyFirst = await content(owner, 'massSend', { text: '第六十一条', tagId: tag.id });

    expect(sixtieth.body.errcode, sixtieth.text).toBe(0);
    expect(sixtyFirst.status).toBe(429);
    expect(sixtyFirst.body).toMatchObject({ errcode: 42910, rule: 'massSendPerMinute' });
    expect((await sim.calls(appid))['cgi-bin/message/mass/sendall']).toBe(1);
  });

  // message/mass/preview: "该接口每日调用上限为100次"; WeChat answers 45009 past it (same page as above).
  it('a preview past the 100 of the day is 42910 with WeChat\'s daily-quota rule; the hundred went', async () => {
    const owner = await userWithDirectAccount();
    const appid = owner.account.appid;
    const [openid] = (await sim.addFollowers(appid, 1)).openids;
    const { access_token } = await sim.tokens(appid);
    // A hundred previews made today elsewhere (another tool, with the account's own token).
    for (let i = 0; i < 100; i += 1) {
      const res = await fetch(`${inject('wechatBase')}/cgi-bin/message/mass/preview?access_token=${access_token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ touser: openid, msgtype: 'text', text: { content: `预览 ${i}` } }) });
      expect(((await res.json()) as { errcode: number }).errcode).toBe(0);
    }

    const res = await content(owner, 'previewMass', { openid, text: '第一百零一次' });

    expect(res.status).toBe(429);
    expect(res.body).toMatchObject({ errcode: 42910, rule: 'wechatDailyApiQuota', wxerrcode: 45009 });
    expect((await sim.content(appid)).previews).toHaveLength(100);
  });

  // API群发保护 (mp.weixin.qq.com → 设置与开发 → 安全中心): a send to all waits up to 30 minutes for an
  // administrator's confirmation, then fails: developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html.
  it('a send to all scheduled at night Beijing time carries the API群发保护 note; by day, or to a tag, it does not', async () => {
    const owner = await userWithDirectAccount();
    const tag = await sim.createTag(owner.account.appid, '会员');
    const tomorrowAt = (utcHour: number) => {
      const at = new Date(Date.now() + 86_400_000);
      at.setUTCHours(utcHour, 0, 0, 0);
      return at.toISOString().replace(/\.\d+Z$/, 'Z');
    };

    // 15:00 UTC is 23:00 in Beijing; 04:00 UTC is noon.
    const night = await content(owner, 'massSend', { text: '晚安', toAll: true, sendAt: tomorrowAt(15) });
    const noon = await content(owner, 'massSend', { text: '午安', toAll: true, sendAt: tomorrowAt(4) });
    const nightToTag = await content(owner, 'massSend', { text: '晚安', tagId: tag.id, sendAt: tomorrowAt(15) });

    for (const res of [night, noon, nightToTag]) expect(res.body.errcode, res.text).toBe(0);
    expect(night.body.send.warnings).toContain('massProtectionAtNight');
    expect(noon.body.send.warnings ?? []).not.toContain('massProtectionAtNight');
    expect(nightToTag.body.send.warnings ?? []).not.toContain('massProtectionAtNight');
    for (const res of [night, noon, nightToTag]) expect((await content(owner, 'cancelSend', { sendId: res.body.sendId })).body.errcode).toBe(0);
  });
});
