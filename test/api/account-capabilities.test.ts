import { describe, expect, inject, it } from 'vitest';
import { authorizeThroughPlatform, userWithDirectAccount, type UserWithAccount } from '../support/accounts';
import { call } from '../support/http';
import { putInboxMessage } from '../support/inbox';
import { loggedInUser } from '../support/users';
import { sim, type SimAccount } from '../support/wechat-sim';

/**
 * What each official account may do (issue 24, item 4): its type, its verification and the
 * permission sets its owner granted decide which WeChat APIs it may call. The product refuses what
 * the account cannot do with 40302 BEFORE calling WeChat, and answers WeChat's own refusals
 * (48001, 45009, 40092) in its own codes. Over HTTP through the local stack and the simulator.
 */

const as = (owner: UserWithAccount, path: string, form: Record<string, string> = {}) =>
  call(path, { token: owner.user.token, form: { appid: owner.account.appid, ...form } });

const detail = async (owner: UserWithAccount) =>
  (await call('/apis/accounts/detail', { token: owner.user.token, query: { appid: owner.account.appid } })).body.account;

/** A user with an account authorized through the platform, the account made as the test says. */
const componentOwner = async (input: Partial<SimAccount>): Promise<UserWithAccount> => {
  const user = await loggedInUser();
  const account = await sim.createAccount(input);
  const { callback } = await authorizeThroughPlatform(user, account);
  expect(callback.status).toBe(302);
  return { user, account };
};

const menu = JSON.stringify([{ type: 'click', name: 'Hi', key: 'HI' }]);

describe('permission sets the owner granted', () => {
  // Permission sets (func_info) of an official account, 15 = 自定义菜单权限, 2 = 用户管理权限:
  // developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/product/offical_account_authority.html
  it('refuses a menu with 40302 naming permission set 15 when the owner did not grant it, without calling WeChat', async () => {
    const owner = await componentOwner({ funcscopes: [1, 2, 3, 4, 11] });

    const res = await as(owner, '/apis/menus/createMenu', { button: menu });
    const groups = await as(owner, '/apis/wxplatform/getGroups');

    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ errcode: 40302, need: 'permissionSet:15', feature: 'menus' });
    expect(res.body.msg).toMatch(/自定义菜单权限/);
    expect((await sim.calls(owner.account.appid))['cgi-bin/menu/create']).toBeUndefined();
    expect(groups.body.errcode, groups.text).toBe(0); // what was granted still works
  });

  // 网页服务权限 (4) covers web authorization and the JS-SDK (same page as above).
  it('refuses the JS-SDK and web authorization with 40302 when permission set 4 was not granted', async () => {
    const owner = await componentOwner({ funcscopes: [1, 2, 3, 11, 15] });

    const js = await call('/apis/wxplatform/jsticket', { form: { appid: owner.account.appid, url: 'https://example.com/page' } });
    const web = await call('/wxplatform/webauth', { query: { appid: owner.account.appid } });

    expect(js.body).toMatchObject({ errcode: 40302, need: 'permissionSet:4' });
    expect(web.body).toMatchObject({ errcode: 40302, need: 'permissionSet:4' });
    expect((await sim.calls(owner.account.appid))['cgi-bin/ticket/getticket']).toBeUndefined();
  });

  // 消息管理权限 (1): "接收用户消息，进行人工客服回复或自动回复" (same page as above).
  it("refuses an inbox reply with 40302 when the owner did not grant message management, without calling WeChat", async () => {
    const owner = await componentOwner({ funcscopes: [2, 3, 4, 11, 15] });
    const openid = `oCapabilities${'x'.repeat(15)}`;
    const asked = await putInboxMessage(owner.account.appid, { openid, msgType: 'text', content: '在吗', createTime: Math.floor(Date.now() / 1000) - 60 });
    await sim.interaction(owner.account.appid, openid, asked.createTime);

    const res = await call('/apis/inbox/reply', { token: owner.user.token, json: { appid: owner.account.appid, openid, type: 'text', content: '在的' } });

    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ errcode: 40302, need: 'permissionSet:1', feature: 'customerService' });
    expect((await sim.calls(owner.account.appid))['cgi-bin/message/custom/send']).toBeUndefined();
  });

  // updateauthorized: "授权更新通知" carries a new authorization code; api_query_auth answers the sets granted now
  // (developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/authorize_event.html).
  it('reads the granted sets, type and verification again when the owner updates the authorization', async () => {
    const owner = await componentOwner({});
    const before = await detail(owner);

    await sim.updateAuthorization({ appid: owner.account.appid, funcscopes: [1, 2, 3, 4, 11], verifyType: -1, serviceType: 0 });
    const after = await detail(owner);
    const res = await as(owner, '/apis/menus/createMenu', { button: menu });

    expect(before.permissionSets.map((s: any) => s.id)).toContain(15);
    expect(before.capabilities).toContainEqual({ feature: 'menus', allowed: true });
    expect(before).toMatchObject({ serviceType: { id: 2, name: '服务号' }, verifyType: { id: 0, verified: true } });
    expect(after.permissionSets.map((s: any) => s.id)).toEqual([1, 2, 3, 4, 11]);
    expect(after).toMatchObject({ serviceType: { id: 0, name: '订阅号' }, verifyType: { id: -1, verified: false, name: '未认证' } });
    expect(after.capabilities).toContainEqual({ feature: 'menus', allowed: false, need: 'permissionSet:15' });
    expect(after.capabilities).toContainEqual({ feature: 'remarks', allowed: false, need: 'serviceAccount' });
    expect(res.body).toMatchObject({ errcode: 40302, need: 'permissionSet:15' });
  });
});

describe('type and verification', () => {
  // "开发者可以通过该接口对指定用户设置备注名，该接口暂时开放给微信认证的服务号" (user/info/updateremark):
  // developers.weixin.qq.com/doc/offiaccount/User_Management/Configuring_user_notes.html
  it("refuses an unverified subscription account's remark with 40302 before WeChat", async () => {
    const owner = await componentOwner({ serviceType: 0, verifyType: -1 });
    const [openid] = (await sim.addFollowers(owner.account.appid, 1)).openids;

    const res = await as(owner, '/apis/wxplatform/updateRemark', { openid: openid!, remark: '老客户' });

    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ errcode: 40302, need: 'serviceAccount', feature: 'remarks' });
    expect(res.body.msg).toMatch(/服务号/);
    expect((await sim.calls(owner.account.appid))['cgi-bin/user/info/updateremark']).toBeUndefined();
  });

  it("refuses an unverified service account's remark with 40302 naming the verification", async () => {
    const owner = await componentOwner({ serviceType: 2, verifyType: -1 });
    const [openid] = (await sim.addFollowers(owner.account.appid, 1)).openids;

    const res = await as(owner, '/apis/wxplatform/updateRemark', { openid: openid!, remark: '老客户' });

    expect(res.body).toMatchObject({ errcode: 40302, need: 'verification' });
    expect(res.body.msg).toMatch(/微信认证/);
  });

  // A direct binding's own token tells neither type nor verification: WeChat decides, and its 48001
  // ("api unauthorized", global return codes: developers.weixin.qq.com/doc/offiaccount/Getting_Started/Global_Return_Code.html)
  // is answered as 40302, never bare.
  it("answers WeChat's 48001 as 40302 for a direct binding whose type WeChat refuses", async () => {
    const user = await loggedInUser();
    const account = await sim.createAccount({ serviceType: 0, verifyType: 0 });
    const bound = await call('/apis/accounts/bindDirect', { token: user.token, form: { appid: account.appid, appsecret: account.secret, token: account.token } });
    expect(bound.body.errcode).toBe(0);
    const owner = { user, account };
    const [openid] = (await sim.addFollowers(account.appid, 1)).openids;

    const res = await as(owner, '/apis/wxplatform/updateRemark', { openid: openid!, remark: '老客户' });
    const shown = await detail(owner);

    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ errcode: 40302, wxerrcode: 48001, need: 'wechat-permission', feature: 'remarks' });
    expect((await sim.calls(account.appid))['cgi-bin/user/info/updateremark']).toBe(1);
    expect(shown.serviceType).toBeUndefined();
    expect(shown.capabilities).toContainEqual({ feature: 'remarks', allowed: null });
  });
});

describe("WeChat's own refusals in our codes", () => {
  // tags/get: "http请求方式：GET" (developers.weixin.qq.com/doc/offiaccount/User_Management/User_Tag_Management.html);
  // the simulator serves it by GET only, as documented.
  it('reads the groups with a GET of tags/get', async () => {
    const owner = await userWithDirectAccount();
    const before = (await sim.calls(owner.account.appid))['cgi-bin/tags/get'] ?? 0;

    const res = await as(owner, '/apis/wxplatform/getGroups');
    const post = await (await fetch(`${inject('wechatBase')}/cgi-bin/tags/get?access_token=x`, { method: 'POST' })).json();

    expect(res.body.errcode, res.text).toBe(0);
    expect((await sim.calls(owner.account.appid))['cgi-bin/tags/get']).toBe(before + 1);
    expect(post).toMatchObject({ errcode: 40066 });
  });

  // updateremark's error: 40092 "remark too long" (WeChat's return code for the remark).
  it('answers 40092 (remark too long) as 40000 naming the remark', async () => {
    const owner = await userWithDirectAccount();
    const [openid] = (await sim.addFollowers(owner.account.appid, 1)).openids;
    await sim.fault({ path: 'cgi-bin/user/info/updateremark', appid: owner.account.appid, errcode: 40092, errmsg: 'remark too long' });

    const res = await as(owner, '/apis/wxplatform/updateRemark', { openid: openid!, remark: '一二三四五六七八九' });

    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ errcode: 40000, wxerrcode: 40092 });
    expect(res.body.field).toBe('remark');
  });

  // 45009 "reach max api daily quota limit"; clear_quota resets it, 10 times a month:
  // developers.weixin.qq.com/doc/offiaccount/openApi/clear_quota.html
  it("answers WeChat's daily API quota (45009) as 42910 with the rule and when it resets", async () => {
    const owner = await userWithDirectAccount();
    await sim.quota(owner.account.appid, 'cgi-bin/tags/get', 1);

    const first = await as(owner, '/apis/wxplatform/getGroups');
    const second = await as(owner, '/apis/wxplatform/getGroups');

    expect(first.body.errcode).toBe(0);
    expect(second.status).toBe(429);
    expect(second.body).toMatchObject({ errcode: 42910, rule: 'wechatDailyApiQuota', wxerrcode: 45009 });
    const resetsAt = new Date(second.body.resetsAt);
    expect(resetsAt.getUTCHours()).toBe(16); // midnight China time
    expect(resetsAt.getTime() - Date.now()).toBeGreaterThan(0);
    expect(resetsAt.getTime() - Date.now()).toBeLessThanOrEqual(24 * 3600_000);
  });

  // clear_quota: "每个帐号每月共10次清零操作机会" (developers.weixin.qq.com/doc/offiaccount/openApi/clear_quota.html);
  // past them WeChat answers 48006.
  it("lets the owner reset WeChat's daily quotas, 10 times a month, the 11th answered as 42910", async () => {
    const owner = await userWithDirectAccount();
    await sim.quota(owner.account.appid, 'cgi-bin/tags/get', 1);
    await as(owner, '/apis/wxplatform/getGroups');
    const refused = await as(owner, '/apis/wxplatform/getGroups');

    const cleared = await as(owner, '/apis/accounts/clearQuota');
    const again = await as(owner, '/apis/wxplatform/getGroups');
    const more = [];
    for (let i = 0; i < 10; i++) more.push((await as(owner, '/apis/accounts/clearQuota')).body.errcode);
    const last = await as(owner, '/apis/accounts/clearQuota');

    expect(refused.body.errcode).toBe(42910);
    expect(cleared.body).toEqual({ errcode: 0, msg: 'ok' });
    expect(again.body.errcode, again.text).toBe(0);
    expect(more).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 42910]);
    expect(last.status).toBe(429);
    expect(last.body).toMatchObject({ errcode: 42910, rule: 'wechatClearQuotaMonthly', wxerrcode: 48006 });
    const inChina = new Date(new Date(last.body.resetsAt).getTime() + 8 * 3600_000);
    expect([inChina.getUTCDate(), inChina.getUTCHours()]).toEqual([1, 0]); // the 1st of next month, midnight China time
    expect(new Date(last.body.resetsAt).getTime()).toBeGreaterThan(Date.now());
  });

  // WeChat checks the IP whitelist on every API called with an access token, not only on
  // token/stable_token ("invalid ip … not in whitelist", 40164; Global_Return_Code page above).
  it('names the IP to whitelist when the whitelist refuses a call made with a token already held (40164)', async () => {
    const owner = await userWithDirectAccount();
    await sim.whitelist(owner.account.appid, ['203.0.113.7']);

    const res = await as(owner, '/apis/wxplatform/getGroups');
    await sim.whitelist(owner.account.appid, null);
    const again = await as(owner, '/apis/wxplatform/getGroups');

    expect(res.status).toBe(502);
    expect(res.body).toMatchObject({ errcode: 50200, wxerrcode: 40164 });
    expect(res.body.msg).toMatch(/the IP 127\.0\.0\.1 is not on the official account's IP whitelist/);
    expect(again.body.errcode).toBe(0);
  });
});
