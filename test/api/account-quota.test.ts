import { describe, expect, inject, it } from 'vitest';
import { userWithDirectAccount, type UserWithAccount } from '../support/accounts';
import { call } from '../support/http';
import { sim } from '../support/wechat-sim';

/**
 * WeChat's daily API quota shown to the owner with what used it (issue 24, item 7): openapi/quota/get
 * answers daily_limit, used and remain for one `cgi_path` per call, written with its leading "/"
 * (else 76003) — developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/openApi/get_api_quota.html;
 * clear_quota sets every API's count back to 0, 10 times a month —
 * developers.weixin.qq.com/doc/offiaccount/openApi/clear_quota.html.
 */
const quota = async (owner: UserWithAccount) => call('/apis/accounts/quota', { token: owner.user.token, query: { appid: owner.account.appid } });
const as = (owner: UserWithAccount, path: string) => call(path, { token: owner.user.token, form: { appid: owner.account.appid } });

describe("the account's WeChat API quota", () => {
  it("answers WeChat's daily_limit, used and remain per API, with the feature of ours that spends it", async () => {
    // Prepare: the tags API allows 5 calls today; the groups page spends two.
    const owner = await userWithDirectAccount();
    await sim.quota(owner.account.appid, 'cgi-bin/tags/get', 5);
    await as(owner, '/apis/wxplatform/getGroups');
    await as(owner, '/apis/wxplatform/getGroups');

    // Act
    const res = await quota(owner);

    // Assess
    expect(res.status).toBe(200);
    expect(res.body.errcode).toBe(0);
    const apis = res.body.apis as Record<string, unknown>[];
    expect(apis.find((a) => a['path'] === '/cgi-bin/tags/get')).toEqual({ path: '/cgi-bin/tags/get', feature: 'groups', daily_limit: 5, used: 2, remain: 3 });
    expect(apis.map((a) => a['path'])).toEqual(expect.arrayContaining(['/cgi-bin/message/custom/send', '/cgi-bin/user/get', '/cgi-bin/menu/create']));
  });

  it('shows used back at 0 after the owner spends one of the monthly resets', async () => {
    // Prepare
    const owner = await userWithDirectAccount();
    await sim.quota(owner.account.appid, 'cgi-bin/tags/get', 1);
    await as(owner, '/apis/wxplatform/getGroups');
    const before = (await quota(owner)).body.apis.find((a: Record<string, unknown>) => a['path'] === '/cgi-bin/tags/get');

    // Act
    await as(owner, '/apis/accounts/clearQuota');
    const after = (await quota(owner)).body.apis.find((a: Record<string, unknown>) => a['path'] === '/cgi-bin/tags/get');

    // Assess
    expect(before).toMatchObject({ daily_limit: 1, used: 1, remain: 0 });
    expect(after).toMatchObject({ daily_limit: 1, used: 0, remain: 1 });
  });

  it('the simulator answers 76003 for a cgi_path without its leading "/", as WeChat does', async () => {
    // Prepare: the account's own token, straight from the simulator.
    const account = await sim.createAccount();
    const token = (await (await fetch(`${inject('wechatBase')}/cgi-bin/token?grant_type=client_credential&appid=${account.appid}&secret=${account.secret}`)).json()) as {
      access_token: string;
    };
    const ask = async (cgi_path: string) =>
      (await (
        await fetch(`${inject('wechatBase')}/cgi-bin/openapi/quota/get?access_token=${token.access_token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ cgi_path }) })
      ).json()) as Record<string, unknown>;

    // Act
    const without = await ask('cgi-bin/tags/get');
    const withSlash = await ask('/cgi-bin/tags/get');

    // Assess
    expect(without).toMatchObject({ errcode: 76003 });
    // WeChat's documented limit for a new account's 获取分组 (tags/get), none spent: 接口调用频次限制说明,
    // developers.weixin.qq.com/doc/subscription/en/guide/dev/api/limit.html
    expect(withSlash).toMatchObject({ errcode: 0, quota: { daily_limit: 1000, used: 0, remain: 1000 } });
  });
});
