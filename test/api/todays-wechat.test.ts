import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ScheduledEvent } from 'aws-lambda';
import { describe, expect, inject, it } from 'vitest';
import { handler as refreshTokens } from '../../src/wechat/handlers/refreshTokens';
import { wechatErrorTable } from '../../src/wechat/error-table';
import { userWithComponentAccount, userWithDirectAccount, type UserWithAccount } from '../support/accounts';
import { testDb } from '../support/dynamo';
import { call } from '../support/http';
import { loggedInUser } from '../support/users';
import { sim } from '../support/wechat-sim';

/**
 * The product against today's WeChat (issue 10): stable_token rules, byte limits, WeChat's
 * errcodes as the API's, caller-IP refusals, current follower data, the ungrouped group. Over HTTP
 * through the local stack and the simulator.
 */
const as = (owner: UserWithAccount, path: string, form: Record<string, string> = {}) =>
  call(path, { token: owner.user.token, form: { appid: owner.account.appid, ...form } });

const forcedCalls = async (appid: string) => (await sim.stableTokenCalls(appid)).filter((c) => c.force).length;

/** Our stored copy of the direct token expires in `seconds` (as it does 2 h after it was fetched). */
const ageOurToken = (appid: string, seconds: number) => {
  const at = Date.now() + seconds * 1000;
  return testDb().send(
    new UpdateCommand({
      TableName: inject('tableName'),
      Key: { pk: `TOKEN#direct#${appid}`, sk: 'TOKEN' },
      UpdateExpression: 'SET expiresAt = :e, gsi1sk = :s',
      ExpressionAttributeValues: { ':e': at, ':s': String(at).padStart(15, '0') },
    }),
  );
};

const scheduledEvent = { 'detail-type': 'Scheduled Event', source: 'aws.events' } as ScheduledEvent;

describe('stable_token: renew in normal mode, force only after a rejection', () => {
  it('makes no forced stable_token call over a day of scheduled renewals (12 token lifetimes)', async () => {
    // Prepare
    const owner = await userWithDirectAccount();
    const appid = owner.account.appid;
    const seen = new Set<string>();

    // Act: each lifetime, our copy comes due (the scheduler renews it) and then WeChat's runs out
    for (let lifetime = 0; lifetime < 12; lifetime++) {
      await ageOurToken(appid, 10 * 60); // inside the scheduler's 15-minute window
      await refreshTokens(scheduledEvent);
      await sim.expire({ appid }); // WeChat's copy reaches its end: the next normal call renews
      await ageOurToken(appid, 60);
      await refreshTokens(scheduledEvent);
      const groups = await as(owner, '/apis/wxplatform/getGroups');
      expect(groups.body.errcode).toBe(0);
      seen.add((await sim.tokens(appid)).access_token!);
    }

    // Assess
    const calls = await sim.stableTokenCalls(appid);
    expect(calls.filter((c) => c.force)).toEqual([]);
    expect(calls.filter((c) => c.outcome === 'issued').length).toBeGreaterThanOrEqual(12);
    expect(seen.size).toBe(12);
  });

  it('forces exactly one refresh after WeChat rejects the token with 40001, and the call succeeds', async () => {
    const owner = await userWithDirectAccount();
    const appid = owner.account.appid;
    const before = (await sim.tokens(appid)).access_token;
    await sim.fault({ path: 'cgi-bin/tags/get', appid, errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' });

    const groups = await as(owner, '/apis/wxplatform/getGroups');

    expect(groups.body.errcode).toBe(0);
    expect(await forcedCalls(appid)).toBe(1);
    expect((await sim.tokens(appid)).access_token).not.toBe(before);
  });

  it('takes the owner’s new token in normal mode when their own server forced one (no forced call of ours)', async () => {
    const owner = await userWithDirectAccount();
    const appid = owner.account.appid;
    await as(owner, '/apis/wxplatform/getGroups');
    // The owner's server forces a refresh: the token we hold stops working.
    await fetch(`${inject('wechatBase')}/cgi-bin/stable_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credential', appid, secret: owner.account.secret, force_refresh: true }),
    });

    const groups = await as(owner, '/apis/wxplatform/getGroups');

    expect(groups.body.errcode).toBe(0);
    expect((await sim.stableTokenCalls(appid)).filter((c) => c.force)).toHaveLength(1); // the owner's, not ours
  });

  it('forces at most once per 30 s per account: a second rejection within 30 s answers retry_after', async () => {
    const owner = await userWithDirectAccount();
    const appid = owner.account.appid;
    await sim.fault({ path: 'cgi-bin/tags/get', appid, errcode: 40001 });
    const first = await as(owner, '/apis/wxplatform/getGroups');
    await sim.fault({ path: 'cgi-bin/tags/get', appid, errcode: 40001 });

    const second = await as(owner, '/apis/wxplatform/getGroups');

    expect(first.body.errcode).toBe(0);
    expect(second.status).toBe(502);
    expect(second.body).toMatchObject({ errcode: 50200, retry_after: expect.any(Number), msg: expect.stringContaining('30 s') });
    expect(second.headers.get('retry-after')).toBe(String(second.body.retry_after));
    expect(await forcedCalls(appid)).toBe(1);
  });
});

describe('limits in WeChat’s units, checked before WeChat is called', () => {
  it('refuses a 30-byte Chinese remark with 40000 without calling WeChat, and takes 29 bytes', async () => {
    const owner = await userWithDirectAccount();
    const [openid] = (await sim.addFollowers(owner.account.appid, 1)).openids;
    const before = await sim.calls(owner.account.appid);

    const tooLong = await as(owner, '/apis/wxplatform/updateRemark', { openid: openid!, remark: '一二三四五六七八九十' }); // 10 characters, 30 bytes
    const afterRefusal = await sim.calls(owner.account.appid);
    const fits = await as(owner, '/apis/wxplatform/updateRemark', { openid: openid!, remark: '一二三四五六七八九ab' }); // 29 bytes

    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toMatchObject({ errcode: 40000, field: 'remark', rule: 'maxBytesBelow', limit: 30, given: 30 });
    expect(afterRefusal).toEqual(before);
    expect(fits.body.errcode).toBe(0);
    expect((await sim.followers(owner.account.appid)).followers[0]).toMatchObject({ remark: '一二三四五六七八九ab' });
  });

  it('refuses a group name over 30 bytes and a QR string scene over 64 bytes without calling WeChat', async () => {
    const owner = await userWithDirectAccount();
    const before = await sim.calls(owner.account.appid);

    const group = await as(owner, '/apis/wxplatform/createGroup', { groupName: '一二三四五六七八九十一' }); // 11 characters, 33 bytes
    const rename = await as(owner, '/apis/wxplatform/updateGroup', { groupId: '100', groupName: 'é'.repeat(16) }); // 32 bytes
    const qr = await as(owner, '/apis/wxplatform/qrcode', { sceneId: '码'.repeat(22) }); // 22 characters, 66 bytes

    expect([group, rename, qr].map((r) => [r.status, r.body.errcode, r.body.field, r.body.rule, r.body.limit, r.body.given])).toEqual([
      [400, 40000, 'groupName', 'maxBytes', 30, 33],
      [400, 40000, 'groupName', 'maxBytes', 30, 32],
      [400, 40000, 'sceneId', 'maxBytes', 64, 66],
    ]);
    expect(await sim.calls(owner.account.appid)).toEqual(before);
    expect((await as(owner, '/apis/wxplatform/createGroup', { groupName: '一二三四五六七八九十' })).body.errcode).toBe(0); // 30 bytes
  });
});

describe('WeChat’s errcodes as the API’s', () => {
  // One account for the table's rows: each row arms a fault scoped to it, one at a time.
  let shared: Promise<UserWithAccount> | undefined;
  const sharedOwner = () => (shared ??= userWithDirectAccount());

  it.each(Object.entries(wechatErrorTable).map(([code, mapping]) => [Number(code), mapping.errcode, mapping.status] as const))(
    'answers WeChat %i as %i (HTTP %i) with wxerrcode and wxerrmsg',
    async (wxerrcode, errcode, status) => {
      const owner = await sharedOwner();
      await sim.fault({ path: 'cgi-bin/tags/get', appid: owner.account.appid, errcode: wxerrcode, errmsg: `wechat says ${wxerrcode}` });

      const res = await as(owner, '/apis/wxplatform/getGroups');

      expect(res.status).toBe(status);
      expect(res.body).toMatchObject({ errcode, wxerrcode, wxerrmsg: `wechat says ${wxerrcode}` });
    },
  );

  it('answers the real refusals: unknown media_id 40400, unknown openid 40000, a 101st group 40900', async () => {
    const owner = await userWithDirectAccount();

    const media = await as(owner, '/apis/materials/removeMaterial', { mediaId: 'no-such-media' });
    const remark = await as(owner, '/apis/wxplatform/updateRemark', { openid: 'oNotAFollower000000000000000', remark: 'x' });
    for (let i = 0; i < 100; i++) expect((await as(owner, '/apis/wxplatform/createGroup', { groupName: `g${i}` })).body.errcode).toBe(0);
    const tooMany = await as(owner, '/apis/wxplatform/createGroup', { groupName: 'one too many' });

    expect([media.status, media.body.errcode, media.body.wxerrcode]).toEqual([404, 40400, 40007]);
    expect(media.body.field).toBe('mediaId');
    expect([remark.status, remark.body.errcode, remark.body.wxerrcode]).toEqual([400, 40000, 40003]);
    expect([tooMany.status, tooMany.body.errcode, tooMany.body.wxerrcode]).toEqual([409, 40900, 45056]);
  });

  it('names the IP to whitelist when the account’s whitelist refuses us (40164)', async () => {
    const user = await loggedInUser();
    const account = await sim.createAccount();
    await sim.whitelist(account.appid, ['203.0.113.7']);

    const res = await call('/apis/accounts/bindDirect', {
      token: user.token,
      form: { appid: account.appid, appsecret: account.secret, token: account.token },
    });

    expect(res.status).toBe(502);
    expect(res.body).toMatchObject({ errcode: 50200, wxerrcode: 40164 });
    expect(res.body.msg).toMatch(/the IP 127\.0\.0\.1 is not on the official account's IP whitelist/);
  });

  it('names the IP to whitelist when the platform’s whitelist refuses us (61004)', async () => {
    const owner = await userWithComponentAccount();
    await sim.fault({
      path: 'cgi-bin/component/api_authorizer_token',
      appid: owner.account.appid,
      errcode: 61004,
      errmsg: 'access clientip is not registered requestIP: 198.51.100.23 rid: 6a1b2c3d',
    });
    await sim.expire({ appid: owner.account.appid });

    const res = await as(owner, '/apis/wxplatform/getGroups');

    expect(res.status).toBe(502);
    expect(res.body).toMatchObject({ errcode: 50200, wxerrcode: 61004 });
    expect(res.body.msg).toMatch(/the IP 198\.51\.100\.23 is not on the third-party platform's IP whitelist/);
  });
});

describe('groups as the seed shows them', () => {
  it('lists {id:0, name:"未分组", count} first, counting the followers in no group', async () => {
    const owner = await userWithDirectAccount();
    const openids = (await sim.addFollowers(owner.account.appid, 3)).openids;
    const vip = (await as(owner, '/apis/wxplatform/createGroup', { groupName: 'VIP' })).body.group.id;
    await as(owner, '/apis/wxplatform/moveUserToGroup', { groupId: String(vip), openid: openids[0]! });

    const groups = (await as(owner, '/apis/wxplatform/getGroups')).body.groups;

    expect(groups[0]).toEqual({ id: 0, name: '未分组', count: 2 });
    expect(groups).toContainEqual({ id: vip, name: 'VIP', count: 1 });
    expect(groups.map((g: any) => g.id)).not.toContain(1); // the blacklist is not a group
  });

  it('lists the followers in no group for groupId 0, a page at a time, with today’s profile fields', async () => {
    const owner = await userWithDirectAccount();
    const openids = (await sim.addFollowers(owner.account.appid, 4)).openids;
    const vip = (await as(owner, '/apis/wxplatform/createGroup', { groupName: 'VIP' })).body.group.id;
    await as(owner, '/apis/wxplatform/moveUserToGroup', { groupId: String(vip), openid: openids[1]! });
    await as(owner, '/apis/wxplatform/updateRemark', { openid: openids[2]!, remark: '老客户' });

    const first = await as(owner, '/apis/wxplatform/getGroupUsers', { groupId: '0', limit: '2' });
    const second = await as(owner, '/apis/wxplatform/getGroupUsers', { groupId: '0', limit: '2', next: first.body.next });

    const listed = [...first.body.users, ...second.body.users];
    expect(listed.map((u: any) => u.openid)).toEqual([openids[0], openids[2], openids[3]]);
    expect(second.body.next).toBeUndefined();
    expect(listed[1]).toEqual({
      openid: openids[2],
      subscribe: 1,
      remark: '老客户',
      groupid: 0,
      tagid_list: [],
      subscribe_time: expect.any(Number),
      subscribe_scene: 'ADD_SCENE_QR_CODE',
      qr_scene: 0,
      qr_scene_str: 'welcome',
    });
  });
});
