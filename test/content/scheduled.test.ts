import { describe, expect, inject, it } from 'vitest';
import { handler as fireSend } from '../../src/content/handlers/fireSend';
import { userWithDirectAccount, type UserWithAccount } from '../support/accounts';
import { addDraft, article, content, sendsIn, uploadCover, waitForSend } from '../support/content';
import { call } from '../support/http';
import { memberOf, ownOrganization } from '../support/team';
import { sim } from '../support/wechat-sim';

/**
 * Scheduled sends: a one-time schedule (EventBridge Scheduler; locally its stand-in) fires the
 * send once; cancelling is a conditional change the firing re-checks; the draft is locked meanwhile.
 */
const scheduler = async (path: string, body?: unknown) => {
  const res = await fetch(`${inject('schedulerEndpoint')}${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return (await res.json()) as any;
};
const scheduleOf = async (sendId: string) => ((await scheduler('/__schedules')).schedules as any[]).find((s) => s.name === `send-${sendId}`);

const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString().replace(/\.\d+Z$/, 'Z');

const scheduledDraftSend = async (owner: UserWithAccount, route: 'massSend' | 'publish' = 'massSend') => {
  const appid = owner.account.appid;
  const tag = await sim.createTag(appid, '会员');
  await sim.addFollowers(appid, 2, tag.id);
  const cover = await uploadCover(owner);
  const mediaId = await addDraft(owner, [article(cover)]);
  const sendAt = inMinutes(10);
  const res = await content(owner, route, route === 'massSend' ? { mediaId, tagId: tag.id, sendAt } : { mediaId, sendAt });
  expect(res.body.errcode, res.text).toBe(0);
  return { mediaId, sendAt, sendId: res.body.sendId as string, res };
};

describe('scheduled sends', { timeout: 90_000 }, () => {
  it('a scheduled mass send gets a one-time schedule at its time, holds its draft, and runs once when it fires', async () => {
    const owner = await userWithDirectAccount();
    const { mediaId, sendAt, sendId, res } = await scheduledDraftSend(owner);

    expect(res.body.send).toMatchObject({ status: 'scheduled', sendAt: new Date(sendAt).toISOString() });
    const schedule = await scheduleOf(sendId);
    expect(schedule).toMatchObject({ expression: `at(${sendAt.slice(0, 19)})`, input: { appid: owner.account.appid, sendId }, afterCompletion: 'DELETE' });
    // The draft is held: neither changed nor deleted while the send waits.
    const cover = (await content(owner, 'getDraft', { mediaId })).body.articles[0].thumbMediaId;
    expect((await content(owner, 'updateDraft', { mediaId, index: 0, article: article(cover, { title: '改' }) })).body).toMatchObject({ errcode: 40900, msg: expect.stringContaining(sendId) });
    expect((await content(owner, 'deleteDraft', { mediaId })).body).toMatchObject({ errcode: 40900, msg: expect.stringContaining('cancelSend') });
    expect((await sim.content(owner.account.appid)).masses).toEqual([]);

    const fired = await scheduler('/__schedules/fire', { name: `send-${sendId}` });

    expect(fired.results).toEqual([{ outcome: 'sent' }]);
    expect(await scheduleOf(sendId)).toBeUndefined();
    const send = await waitForSend(owner, sendId);
    expect(send).toMatchObject({ status: 'sent', counts: { total: 2, sent: 2 } });
    expect((await sim.content(owner.account.appid)).masses).toHaveLength(1);
  });

  it('the same schedule fired twice at once sends once', async () => {
    const owner = await userWithDirectAccount();
    const { sendId } = await scheduledDraftSend(owner);

    const fired = await scheduler('/__schedules/fire', { name: `send-${sendId}`, times: 2 });

    expect(fired.results.map((r: { outcome: string }) => r.outcome).sort()).toEqual(['not-scheduled', 'sent']);
    expect((await sim.content(owner.account.appid)).masses).toHaveLength(1);
    expect((await sim.calls(owner.account.appid))['cgi-bin/message/mass/sendall']).toBe(1);
  });

  it('a cancelled send never goes out, even if its schedule fires after all; its draft is free again', async () => {
    const owner = await userWithDirectAccount();
    const { mediaId, sendId } = await scheduledDraftSend(owner, 'publish');

    const cancelled = await content(owner, 'cancelSend', { sendId });
    const late = await fireSend({ appid: owner.account.appid, sendId });

    expect(cancelled.body).toMatchObject({ errcode: 0, send: { status: 'cancelled' } });
    expect(await scheduleOf(sendId)).toBeUndefined();
    expect(late).toEqual({ outcome: 'not-scheduled' });
    expect((await sim.content(owner.account.appid)).publishes).toEqual([]);
    expect((await content(owner, 'listSends', {})).body.sends).toMatchObject([{ sendId, status: 'cancelled' }]);
    expect((await content(owner, 'getDraft', { mediaId })).body.lockedBy).toBeUndefined();
    expect((await content(owner, 'cancelSend', { sendId })).body).toMatchObject({ errcode: 40900, msg: expect.stringMatching(/^sendId: the send is cancelled/) });
  });

  it('the firing re-checks the sender: one demoted to editor meanwhile does not send, and the history says why', async () => {
    const owner = await userWithDirectAccount();
    const orgId = await ownOrganization(owner.user);
    const admin = await memberOf(owner.user, orgId, 'admin');
    const cover = await uploadCover(owner);
    const mediaId = await addDraft(owner, [article(cover)]);
    const scheduled = await content(owner, 'publish', { mediaId, sendAt: inMinutes(10) }, { token: admin.token, orgId });
    expect(scheduled.body.errcode, scheduled.text).toBe(0);
    const sendId = scheduled.body.sendId as string;
    expect(scheduled.body.send.by.username).toBe(admin.username);
    const demoted = await call('/apis/team/updateMember', { token: owner.user.token, headers: { 'x-org': orgId }, form: { userId: admin.id, role: 'editor' } });
    expect(demoted.body.errcode, demoted.text).toBe(0);

    const fired = await scheduler('/__schedules/fire', { name: `send-${sendId}` });

    expect(fired.results).toEqual([{ outcome: 'refused' }]);
    expect((await sim.content(owner.account.appid)).publishes).toEqual([]);
    expect((await content(owner, 'listSends', {})).body.sends).toMatchObject([{ sendId, status: 'failed', reason: expect.stringMatching(/may no longer send .*admin/) }]);
    expect((await sendsIn(owner, 'zh-CN'))[0]!.reasonText).toBe(`提交者 ${admin.username} 已没有发送的权限（需要管理员），这条没有发出：请有权限的成员重新发送`);
  });

  it('a scheduled send whose draft was deleted at WeChat meanwhile fails clearly', async () => {
    const owner = await userWithDirectAccount();
    const { mediaId, sendId } = await scheduledDraftSend(owner, 'publish');
    // Deleted in WeChat's back office (ours is held; WeChat's is not): draft/delete with the account's own token.
    const { access_token } = await sim.tokens(owner.account.appid);
    const deleted = await fetch(`${inject('wechatBase')}/cgi-bin/draft/delete?access_token=${access_token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ media_id: mediaId }) });
    expect(await deleted.json()).toMatchObject({ errcode: 0 });

    const fired = await scheduler('/__schedules/fire', { name: `send-${sendId}` });

    expect(fired.results).toEqual([{ outcome: 'failed' }]);
    expect((await content(owner, 'listSends', {})).body.sends).toMatchObject([{ sendId, status: 'failed', reason: expect.stringMatching(/^mediaId: WeChat has no such media_id/) }]);
    expect((await sendsIn(owner, 'zh-CN'))[0]!.reasonText).toBe('草稿「冬日咖啡指南」已不在草稿箱中，这条没有发出：请重新选择草稿');
    expect((await sim.content(owner.account.appid)).publishes).toEqual([]);
    expect((await content(owner, 'getDraft', { mediaId })).body.lockedBy).toBeUndefined();
  });

  it.each([
    [2, /^sendAt: must be at least 5 minutes ahead/],
    [31 * 24 * 60, /^sendAt: must be at most 30 days ahead/],
  ])('a time %i minutes ahead is refused, nothing scheduled', async (minutes, message) => {
    const owner = await userWithDirectAccount();

    const res = await content(owner, 'massSend', { text: '你好', toAll: true, sendAt: inMinutes(minutes) });

    expect(res.body).toMatchObject({ errcode: 40000, msg: expect.stringMatching(message) });
    expect((await content(owner, 'listSends', {})).body.sends).toEqual([]);
  });
});
