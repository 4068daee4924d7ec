import { describe, expect, it } from 'vitest';
import { startOfYesterday } from '../../src/accounts/home';
import { userWithComponentAccount, userWithDirectAccount, type UserWithAccount } from '../support/accounts';
import { addDraft, article, content, uploadCover, waitForSend } from '../support/content';
import { call } from '../support/http';
import { sim } from '../support/wechat-sim';
import { loggedInUser } from '../support/users';

/**
 * The console's 首页 (issue 23 item 7): what happened since yesterday and what needs the operator,
 * per official account, read from the inbox and the history of sends by key.
 */
const home = (owner: UserWithAccount, appid?: string) => call('/apis/accounts/home', { token: owner.user.token, query: appid ? { appid } : {} });

const push = (owner: UserWithAccount, openid: string, message: Record<string, string | number>) =>
  sim.send({ appid: owner.account.appid, via: 'direct', mode: 'safe', message: { FromUserName: openid, ...message } });

describe('首页', () => {
  it('counts follows since yesterday, unhandled messages and failed sends, and follows a message marked handled', async () => {
    // Prepare: two follows (one the day before yesterday, China time), three messages, one failed publish
    const owner = await userWithDirectAccount();
    const [a, b, c] = (await sim.addFollowers(owner.account.appid, 3)).openids as [string, string, string];
    const beforeYesterday = Math.floor(startOfYesterday(Date.now()) / 1000) - 60;
    await push(owner, a, { MsgType: 'event', Event: 'subscribe', EventKey: '' });
    await push(owner, b, { MsgType: 'event', Event: 'subscribe', EventKey: '' });
    await push(owner, c, { MsgType: 'event', Event: 'subscribe', EventKey: '', CreateTime: beforeYesterday });
    for (const text of ['在吗', '几点开门', '谢谢']) await push(owner, a, { MsgType: 'text', Content: text });
    await sim.contentControls(owner.account.appid, { publishFailure: { status: 2, failIdx: [1] } });
    const published = await content(owner, 'publish', { mediaId: await addDraft(owner, [article(await uploadCover(owner))]) });
    expect((await waitForSend(owner, published.body.sendId)).status).toBe('failed');

    // Act
    const before = await home(owner);
    const listed = await call('/apis/inbox/listMessages', { token: owner.user.token, json: { appid: owner.account.appid, msgType: 'text' } });
    const handled = await call('/apis/inbox/markHandled', { token: owner.user.token, json: { appid: owner.account.appid, ids: [listed.body.messages[0].id] } });
    const after = await home(owner, owner.account.appid);

    // Assess
    expect(before.body.errcode, JSON.stringify(before.body)).toBe(0);
    expect(before.body.accounts).toEqual([
      {
        appid: owner.account.appid,
        nickname: expect.any(String),
        status: 'authorized',
        needsReauthorization: false,
        newFollowers: { count: 2, capped: false },
        unhandled: { count: 3, capped: false },
        failedSends: { count: 1, capped: false },
      },
    ]);
    expect(before.body.pendingApprovals).toBeNull();
    expect(handled.body.errcode).toBe(0);
    expect(after.body.accounts[0].unhandled).toEqual({ count: 2, capped: false });
  });

  it('lists an account WeChat no longer lets us act for as needing re-authorization, without numbers', async () => {
    // Prepare: the owner revokes the platform at WeChat
    const owner = await userWithComponentAccount();
    await sim.unauthorize(owner.account.appid);

    // Act
    const answer = await home(owner);

    // Assess
    expect(answer.body.accounts).toEqual([{ appid: owner.account.appid, nickname: expect.any(String), status: 'unauthorized', needsReauthorization: true }]);
  });

  it('answers an organization without accounts with an empty list, and 40400 for an appid not its own', async () => {
    // Prepare
    const owner = await userWithDirectAccount();
    const stranger = await userWithDirectAccount();

    // Act
    const empty = await call('/apis/accounts/home', { token: (await loggedInUser()).token });
    const foreign = await home(owner, stranger.account.appid);

    // Assess
    expect(empty.body).toMatchObject({ errcode: 0, accounts: [], more: false });
    expect(foreign.body).toMatchObject({ errcode: 40400, field: 'appid' });
  });
});

describe('startOfYesterday', () => {
  it('is 00:00 of the day before, China time', () => {
    // 2026-12-06 01:30 in Beijing is 2026-12-05 17:30 UTC: yesterday began 2026-12-05 00:00 Beijing = 12-04 16:00 UTC
    expect(new Date(startOfYesterday(Date.parse('2026-12-05T17:30:00Z'))).toISOString()).toBe('2026-12-04T16:00:00.000Z');
  });
});
