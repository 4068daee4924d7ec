import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWechatSimulator, type WechatSimulator } from '../../local/wechat-sim';

/**
 * The simulator as WeChat: what an account may call (48001), the IP whitelists on every API called
 * with a token (40164 for the account's own token, 61004 for a platform's authorizer token), and
 * the daily API quota (45009) with clear_quota (10 a month, then 48006). A private instance with a
 * clock the test moves.
 */
const component = { appid: 'wxc00000000000perm', secret: 'c'.repeat(32), token: 'simToken', aesKey: 'a'.repeat(43) };
let simulator: WechatSimulator;
let now = Date.UTC(2026, 4, 10, 4); // noon in China

beforeAll(async () => {
  simulator = await startWechatSimulator({ port: 0, component, now: () => now });
});
afterAll(() => simulator.stop());

const request = async (method: string, path: string, body?: unknown) =>
  (await fetch(`${simulator.url}${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  })).json() as Promise<any>;
const get = (path: string) => request('GET', path);
const post = (path: string, body: unknown) => request('POST', path, body);

const ownToken = async (input: Record<string, unknown> = {}) => {
  const account = await post('/__sim/accounts', input);
  const { access_token } = await post('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: account.appid, secret: account.secret });
  return { account, token: access_token as string };
};

/** An authorizer token, as a third-party platform gets it from api_query_auth. */
const authorizerToken = async (input: Record<string, unknown> = {}) => {
  const account = await post('/__sim/accounts', input);
  const { ticket } = await post('/__sim/component/push-ticket', {});
  const { component_access_token } = await post('/cgi-bin/component/api_component_token', {
    component_appid: component.appid,
    component_appsecret: component.secret,
    component_verify_ticket: ticket,
  });
  const { auth_code } = await post('/__sim/component/auth-code', { appid: account.appid });
  const auth = await post(`/cgi-bin/component/api_query_auth?component_access_token=${component_access_token}`, {
    component_appid: component.appid,
    authorization_code: auth_code,
  });
  return { account, token: auth.authorization_info.authorizer_access_token as string, funcInfo: auth.authorization_info.func_info };
};

describe('what an account may call', () => {
  // func_info ids: developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/product/offical_account_authority.html
  it('answers 48001 to an authorizer token for an API outside the granted permission sets, and serves the granted ones', async () => {
    const { token, funcInfo } = await authorizerToken({ funcscopes: [1, 2] });

    expect(funcInfo).toEqual([{ funcscope_category: { id: 1 } }, { funcscope_category: { id: 2 } }]);
    expect(await get(`/cgi-bin/menu/get?access_token=${token}`)).toMatchObject({ errcode: 48001 });
    expect(await get(`/cgi-bin/tags/get?access_token=${token}`)).toMatchObject({ tags: expect.any(Array) });
  });

  // "该接口暂时开放给微信认证的服务号": developers.weixin.qq.com/doc/offiaccount/User_Management/Configuring_user_notes.html
  it("answers 48001 to a subscription account's remark, even with its own token", async () => {
    const { account, token } = await ownToken({ serviceType: 0, verifyType: 0 });
    const [openid] = (await post('/__sim/followers', { appid: account.appid, count: 1 })).openids;

    expect(await post(`/cgi-bin/user/info/updateremark?access_token=${token}`, { openid, remark: 'x' })).toMatchObject({ errcode: 48001 });
  });

  it('tells api_get_authorizer_info the account’s type, verification and granted sets', async () => {
    const { account } = await authorizerToken({ serviceType: 0, verifyType: -1, funcscopes: [1, 15] });
    const { ticket } = await post('/__sim/component/push-ticket', {});
    const { component_access_token } = await post('/cgi-bin/component/api_component_token', {
      component_appid: component.appid,
      component_appsecret: component.secret,
      component_verify_ticket: ticket,
    });

    const info = await post(`/cgi-bin/component/api_get_authorizer_info?component_access_token=${component_access_token}`, {
      component_appid: component.appid,
      authorizer_appid: account.appid,
    });

    expect(info.authorizer_info).toMatchObject({ service_type_info: { id: 0 }, verify_type_info: { id: -1 } });
    expect(info.authorization_info.func_info.map((f: any) => f.funcscope_category.id)).toEqual([1, 15]);
  });
});

describe('IP whitelists on every API called with a token', () => {
  it("refuses an account's own token from an IP off its whitelist on any API (40164)", async () => {
    const { account, token } = await ownToken();
    await request('PUT', '/__sim/whitelist', { appid: account.appid, ips: ['203.0.113.7'] });

    const refused = await get(`/cgi-bin/menu/get?access_token=${token}`);
    await request('PUT', '/__sim/whitelist', { appid: account.appid, ips: null });

    expect(refused).toMatchObject({ errcode: 40164 });
    expect(refused.errmsg).toMatch(/invalid ip 127\.0\.0\.1/);
  });

  it("refuses an authorizer token from an IP off the platform's whitelist (61004), not the account's", async () => {
    const { account, token } = await authorizerToken();
    await request('PUT', '/__sim/whitelist', { appid: account.appid, ips: ['203.0.113.7'] });
    const ownListIgnored = await get(`/cgi-bin/tags/get?access_token=${token}`);
    await request('PUT', '/__sim/whitelist', { appid: component.appid, ips: ['203.0.113.7'] });

    const refused = await get(`/cgi-bin/tags/get?access_token=${token}`);
    await request('PUT', '/__sim/whitelist', { appid: component.appid, ips: null });

    expect(ownListIgnored.errcode ?? 0).toBe(0);
    expect(refused).toMatchObject({ errcode: 61004 });
    expect(refused.errmsg).toMatch(/requestIP: 127\.0\.0\.1/);
  });
});

// clear_quota: "每个帐号每月共10次清零操作机会": developers.weixin.qq.com/doc/offiaccount/openApi/clear_quota.html
describe('daily API quotas', () => {
  it('answers 45009 past the daily quota until clear_quota or midnight China time, and allows 10 resets a month (48006)', async () => {
    const { account, token } = await ownToken();
    await request('PUT', '/__sim/quota', { appid: account.appid, path: 'cgi-bin/tags/get', limit: 1 });

    const first = await get(`/cgi-bin/tags/get?access_token=${token}`);
    const second = await get(`/cgi-bin/tags/get?access_token=${token}`);
    const usage = await post(`/cgi-bin/openapi/quota/get?access_token=${token}`, { cgi_path: '/cgi-bin/tags/get' });
    const cleared = await post(`/cgi-bin/clear_quota?access_token=${token}`, { appid: account.appid });
    const afterClear = await get(`/cgi-bin/tags/get?access_token=${token}`);
    const spent = await get(`/cgi-bin/tags/get?access_token=${token}`);
    now += 12 * 3600_000; // past midnight in China (and past the token's 2 hours)
    const { access_token: fresh } = await post('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: account.appid, secret: account.secret });
    const nextDay = await get(`/cgi-bin/tags/get?access_token=${fresh}`);
    const resets = [];
    for (let i = 0; i < 10; i++) resets.push((await post(`/cgi-bin/clear_quota?access_token=${fresh}`, { appid: account.appid })).errcode);
    const otherAppid = await post(`/cgi-bin/clear_quota?access_token=${fresh}`, { appid: 'wxsomeoneelse00000' });

    expect(first.errcode ?? 0).toBe(0);
    expect(second).toMatchObject({ errcode: 45009 });
    expect(usage.quota).toEqual({ daily_limit: 1, used: 1, remain: 0 });
    expect(cleared).toMatchObject({ errcode: 0 });
    expect(afterClear.errcode ?? 0).toBe(0);
    expect(spent).toMatchObject({ errcode: 45009 });
    expect(nextDay.errcode ?? 0).toBe(0);
    expect(resets).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 48006]); // one of the month's 10 was spent above
    expect(otherAppid).toMatchObject({ errcode: 40013 });
  });
});
