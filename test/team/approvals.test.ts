import { describe, expect, inject, it } from 'vitest';
import { userWithDirectAccount, type UserWithAccount } from '../support/accounts';
import { content, waitForSend } from '../support/content';
import { call } from '../support/http';
import { mailsTo, verificationLink, waitForMail } from '../support/mail';
import { memberOf, ownOrganization } from '../support/team';
import { sim } from '../support/wechat-sim';
import { aUser, type LoggedInUser } from '../support/users';

/**
 * Approvals (issue 28): with the organization's setting on, a mass send or a publish waits in
 * 等待审批 (pendingApproval); owners and admins get a mail and see it in content.pendingApprovals;
 * another admin approves (it goes out) or rejects it (nothing goes out); a scheduled send still
 * pending at its time is not sent and its sender is told.
 */
const scheduler = async (path: string, body?: unknown) => {
  const res = await fetch(`${inject('schedulerEndpoint')}${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return (await res.json()) as any;
};

const setup = async () => {
  const owner = await userWithDirectAccount();
  const orgId = await ownOrganization(owner.user);
  await sim.addFollowers(owner.account.appid, 2);
  const admin = await memberOf(owner.user, orgId, 'admin');
  const on = await call('/apis/team/updateSettings', { token: owner.user.token, headers: { 'x-org': orgId }, form: { approvalRequired: 'true' } });
  expect(on.body).toMatchObject({ errcode: 0, settings: { approvalRequired: true } });
  return { owner, orgId, admin };
};

const as = (who: LoggedInUser, orgId: string, owner: UserWithAccount) => ({ token: who.token, orgId, owner });
const send = (ctx: ReturnType<typeof as>, route: string, json: Record<string, unknown>) => content(ctx.owner, route, json, { token: ctx.token, orgId: ctx.orgId });

/** A user who registered and signs in with the console in Simplified Chinese. */
const chineseUser = async (): Promise<LoggedInUser> => {
  const user = aUser();
  const zh = { 'accept-language': 'zh-CN,zh;q=0.9' };
  expect((await call('/apis/user/register', { form: { ...user }, headers: zh })).body).toMatchObject({ errcode: 0 });
  expect((await fetch(verificationLink(await waitForMail(user.email)))).status).toBe(200);
  const res = await call('/apis/user/login', { form: { username: user.username, password: user.password }, headers: zh });
  return { ...user, id: res.body.user.id, token: res.body.access_token };
};

describe('approval mails in each recipient\'s language', () => {
  it('mails a Chinese-speaking owner in Chinese only and an English-speaking admin in English only', async () => {
    // Prepare: the owner registered in Chinese; the admin accepted the invitation in English
    const owner = await userWithDirectAccount(await chineseUser());
    const orgId = await ownOrganization(owner.user);
    await sim.addFollowers(owner.account.appid, 2);
    const admin = await memberOf(owner.user, orgId, 'admin');
    await call('/apis/team/updateSettings', { token: owner.user.token, headers: { 'x-org': orgId }, form: { approvalRequired: 'true' } });
    const ownerMails = (await mailsTo(owner.user.email)).length;
    const adminMails = (await mailsTo(admin.email)).length;

    // Act: the admin asks for a mass send, the owner approves it
    const asked = await send(as(admin, orgId, owner), 'massSend', { text: 'Weekend sale', toAll: true });
    const request = await waitForMail(owner.user.email, ownerMails);
    await send(as(owner.user, orgId, owner), 'approveSend', { sendId: asked.body.sendId });
    const outcome = await waitForMail(admin.email, adminMails);

    // Assess: each in one language, HTML and text, with the next step and the link
    expect(request.subject).toBe('等待审批：群发「Weekend sale」');
    expect(request.body.text).toContain('请在首页的「等待审批」或「发表记录」中批准或驳回');
    expect(request.body.text).toMatch(/#\/\n?$/m);
    expect(request.body.html).toContain('<div lang="zh-CN">');
    for (const part of [request.subject, request.body.text ?? '', request.body.html ?? '']) {
      expect(part).not.toMatch(/lang="en"|approval|Approve|Waiting/);
    }
    expect(outcome.subject).toBe('Approved: mass send "Weekend sale"');
    expect(outcome.body.text).toContain(`was approved by ${owner.user.username}`);
    expect(outcome.body.text).toContain('#/sends?appid=');
    expect(outcome.body.html).toContain('<div lang="en">');
    for (const part of [outcome.subject, outcome.body.text ?? '', outcome.body.html ?? '']) {
      expect(part).not.toMatch(/[\u4e00-\u9fff]/);
    }
  }, 90_000);
});

describe('approvals of sends', () => {
  it('holds a mass send for approval, mails the approvers, refuses the sender approving their own, and sends it once another admin approves', async () => {
    // Prepare
    const { owner, orgId, admin } = await setup();
    const asAdmin = as(admin, orgId, owner);
    const asOwner = as(owner.user, orgId, owner);
    const ownerMails = (await mailsTo(owner.user.email)).length;
    const adminMails = (await mailsTo(admin.email)).length;

    // Act
    const asked = await send(asAdmin, 'massSend', { text: '周末八折', toAll: true });
    const pending = await call('/apis/content/pendingApprovals', { token: owner.user.token, headers: { 'x-org': orgId } });
    const ownApproval = await send(asAdmin, 'approveSend', { sendId: asked.body.sendId });
    const before = await sim.content(owner.account.appid);
    const approved = await send(asOwner, 'approveSend', { sendId: asked.body.sendId });
    const twice = await send(asOwner, 'approveSend', { sendId: asked.body.sendId });

    // Assess
    expect(asked.body, asked.text).toMatchObject({ errcode: 0, send: { status: 'pendingApproval', approval: { state: 'pending' } } });
    const request = await waitForMail(owner.user.email, ownerMails);
    // Both registered through the test client, which asks for English: their mails speak it.
    expect(request.subject).toMatch(/Waiting for your approval/);
    expect(request.body.text).toContain(admin.username);
    expect(request.body.html).toContain('<div lang="en">');
    expect(pending.body.sends.map((s: { sendId: string }) => s.sendId)).toEqual([asked.body.sendId]);
    expect(ownApproval.body).toMatchObject({ errcode: 40300, rule: 'approval.ownSend' });
    expect(before.masses).toEqual([]);
    expect(approved.body, approved.text).toMatchObject({ errcode: 0, send: { approval: { state: 'approved', by: { username: owner.user.username } } } });
    expect(['submitted', 'sent']).toContain(approved.body.send.status);
    expect((await sim.content(owner.account.appid)).masses).toHaveLength(1);
    expect(twice.body).toMatchObject({ errcode: 40900, rule: 'approval.notPending' });
    expect((await waitForMail(admin.email, adminMails)).subject).toMatch(/^Approved/);
    const settled = await waitForSend(owner, asked.body.sendId);
    expect(settled).toMatchObject({ status: 'sent', approval: { state: 'approved' } });
    expect((await call('/apis/content/pendingApprovals', { token: owner.user.token, headers: { 'x-org': orgId } })).body.sends).toEqual([]);
  }, 60_000);

  it('rejects a send with a reason: nothing goes out, the sender is told, and the day\'s quota is given back', async () => {
    const { owner, orgId, admin } = await setup();
    const asAdmin = as(admin, orgId, owner);
    const adminMails = (await mailsTo(admin.email)).length;
    const asked = await send(asAdmin, 'massSend', { text: '全场五折', toAll: true });

    const rejected = await send(as(owner.user, orgId, owner), 'rejectSend', { sendId: asked.body.sendId, reason: '价格还没定' });
    const history = await content(owner, 'listSends', {});
    const again = await send(asAdmin, 'massSend', { text: '全场七折', toAll: true });

    expect(rejected.body, rejected.text).toMatchObject({ errcode: 0, send: { status: 'rejected', approval: { state: 'rejected', reason: '价格还没定' } } });
    expect(history.body.sends.find((s: { sendId: string }) => s.sendId === asked.body.sendId)).toMatchObject({ status: 'rejected' });
    expect((await sim.content(owner.account.appid)).masses).toEqual([]);
    const told = await waitForMail(admin.email, adminMails);
    expect(told.subject).toMatch(/^Rejected/);
    expect(told.body.text).toContain('价格还没定');
    // A subscription account's one mass send a day was given back: the next one may wait for approval too.
    expect(again.body, again.text).toMatchObject({ errcode: 0, send: { status: 'pendingApproval' } });
  }, 60_000);

  it('does not send a scheduled send still waiting for approval when its time comes, and tells the sender', async () => {
    const { owner, orgId, admin } = await setup();
    const asAdmin = as(admin, orgId, owner);
    const sendAt = new Date(Date.now() + 10 * 60_000).toISOString();
    const scheduled = await send(asAdmin, 'massSend', { text: '晚上好', toAll: true, sendAt });
    expect(scheduled.body, scheduled.text).toMatchObject({ errcode: 0, send: { status: 'scheduled', approval: { state: 'pending' } } });
    const adminMails = (await mailsTo(admin.email)).length;

    const fired = await scheduler('/__schedules/fire', { name: `send-${scheduled.body.sendId}` });

    expect(fired.results).toEqual([{ outcome: 'refused' }]);
    const history = await content(owner, 'listSends', {});
    expect(history.body.sends.find((s: { sendId: string }) => s.sendId === scheduled.body.sendId)).toMatchObject({ status: 'failed', reason: expect.stringMatching(/approval/) });
    expect((await sim.content(owner.account.appid)).masses).toEqual([]);
    expect((await waitForMail(admin.email, adminMails)).subject).toMatch(/^Not sent/);
  }, 60_000);

  it('lets the only owner or admin approve their own send (nobody else could)', async () => {
    const owner = await userWithDirectAccount();
    const orgId = await ownOrganization(owner.user);
    await call('/apis/team/updateSettings', { token: owner.user.token, headers: { 'x-org': orgId }, form: { approvalRequired: 'true' } });
    const settings = await call('/apis/team/settings', { token: owner.user.token, headers: { 'x-org': orgId } });

    const asked = await content(owner, 'massSend', { text: '你好', toAll: true });
    const approved = await content(owner, 'approveSend', { sendId: asked.body.sendId });

    expect(settings.body).toMatchObject({ errcode: 0, settings: { approvalRequired: true } });
    expect(asked.body.send.status).toBe('pendingApproval');
    expect(approved.body, approved.text).toMatchObject({ errcode: 0, send: { approval: { state: 'approved' } } });
  }, 60_000);

  it('only owners and admins change the setting or approve; an editor is refused with 40301', async () => {
    const { owner, orgId } = await setup();
    const editor = await memberOf(owner.user, orgId, 'editor');

    const setting = await call('/apis/team/updateSettings', { token: editor.token, headers: { 'x-org': orgId }, form: { approvalRequired: 'false' } });
    const approve = await send(as(editor, orgId, owner), 'approveSend', { sendId: '000miuq3k0a1b2c3d4e5f6a7b8' });

    expect(setting.body).toMatchObject({ errcode: 40301, need: 'admin' });
    expect(approve.body).toMatchObject({ errcode: 40301, need: 'admin' });
  }, 60_000);
});
