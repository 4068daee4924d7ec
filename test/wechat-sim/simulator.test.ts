import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWechatSimulator, type WechatSimulator } from '../../local/wechat-sim';

/** The simulator's own contract, on a private instance with a clock the test moves. */
const component = { appid: 'wxc000000000000sim', secret: 'c'.repeat(32), token: 'simToken', aesKey: 'a'.repeat(43) };
let simulator: WechatSimulator;
let now = Date.now();

beforeAll(async () => {
  simulator = await startWechatSimulator({ port: 0, component, now: () => now });
});
afterAll(() => simulator.stop());

const get = async (path: string) => (await fetch(`${simulator.url}${path}`)).json() as Promise<any>;
const post = async (path: string, body: unknown) =>
  (await fetch(`${simulator.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json() as Promise<any>;

describe('WeChat simulator', () => {
  it('issues access tokens that expire, answering 42001 after and 40001 for unknown ones', async () => {
    const account = await post('/__sim/accounts', {});
    const { access_token, expires_in } = await get(`/cgi-bin/token?grant_type=client_credential&appid=${account.appid}&secret=${account.secret}`);

    const alive = await get(`/cgi-bin/ticket/getticket?access_token=${access_token}&type=jsapi`);
    now += (expires_in + 1) * 1000;
    const dead = await get(`/cgi-bin/ticket/getticket?access_token=${access_token}&type=jsapi`);
    const unknown = await get('/cgi-bin/ticket/getticket?access_token=nope&type=jsapi');

    expect(expires_in).toBe(7200);
    expect(alive).toMatchObject({ errcode: 0, ticket: expect.any(String), expires_in: 7200 });
    expect(dead).toMatchObject({ errcode: 42001 });
    expect(unknown).toMatchObject({ errcode: 40001 });
  });

  it('answers 40013 for an unknown appid and 40125 for a wrong secret', async () => {
    const account = await post('/__sim/accounts', {});

    expect(await get(`/cgi-bin/token?grant_type=client_credential&appid=wxnope&secret=x`)).toMatchObject({ errcode: 40013 });
    expect(await get(`/cgi-bin/token?grant_type=client_credential&appid=${account.appid}&secret=x`)).toMatchObject({ errcode: 40125 });
  });

  it('keeps stable_token stable until forced', async () => {
    const account = await post('/__sim/accounts', {});
    const body = { grant_type: 'client_credential', appid: account.appid, secret: account.secret };

    const first = await post('/cgi-bin/stable_token', body);
    const again = await post('/cgi-bin/stable_token', body);
    const forced = await post('/cgi-bin/stable_token', { ...body, force_refresh: true });

    expect(again.access_token).toBe(first.access_token);
    expect(forced.access_token).not.toBe(first.access_token);
  });

  it('accepts only tickets it pushed for the component token', async () => {
    const pushed = await post('/__sim/component/push-ticket', {});
    const body = { component_appid: component.appid, component_appsecret: component.secret };

    const good = await post('/cgi-bin/component/api_component_token', { ...body, component_verify_ticket: pushed.ticket });
    const bad = await post('/cgi-bin/component/api_component_token', { ...body, component_verify_ticket: 'ticket@@@made-up' });

    expect(pushed.status).toBe(0); // no event URL configured: nothing was delivered
    expect(good).toMatchObject({ component_access_token: expect.any(String), expires_in: 7200 });
    expect(bad).toMatchObject({ errcode: 61006 });
  });

  it('hands out single-use authorization codes through its page, then refuses a reused one', async () => {
    const pushed = await post('/__sim/component/push-ticket', {});
    const { component_access_token: cat } = await post('/cgi-bin/component/api_component_token', {
      component_appid: component.appid,
      component_appsecret: component.secret,
      component_verify_ticket: pushed.ticket,
    });
    const account = await post('/__sim/accounts', {});
    const { pre_auth_code } = await post(`/cgi-bin/component/api_create_preauthcode?component_access_token=${cat}`, {
      component_appid: component.appid,
    });
    const authorize = await fetch(
      `${simulator.url}/cgi-bin/componentloginpage/authorize?${new URLSearchParams({ pre_auth_code, authorizer_appid: account.appid, redirect_uri: 'https://example.com/back?x=1' })}`,
      { redirect: 'manual' },
    );
    const location = new URL(authorize.headers.get('location')!);
    const code = location.searchParams.get('auth_code')!;
    const query = (c: string) =>
      post(`/cgi-bin/component/api_query_auth?component_access_token=${cat}`, { component_appid: component.appid, authorization_code: c });

    const first = await query(code);
    const second = await query(code);
    const reusedPage = await fetch(`${simulator.url}/cgi-bin/componentloginpage/authorize?pre_auth_code=${encodeURIComponent(pre_auth_code)}&authorizer_appid=${account.appid}&redirect_uri=https%3A%2F%2Fexample.com`);

    expect(location.searchParams.get('x')).toBe('1');
    expect(location.searchParams.get('expires_in')).toBe('3600');
    expect(first.authorization_info).toMatchObject({ authorizer_appid: account.appid, authorizer_refresh_token: expect.stringMatching(/^refreshtoken@@@/) });
    expect(second).toMatchObject({ errcode: 61009 });
    expect(reusedPage.status).toBe(400);
  });

  it('counts calls per appid and plays faults once, always, or after a delay', async () => {
    const account = await post('/__sim/accounts', {});
    const url = `/cgi-bin/token?grant_type=client_credential&appid=${account.appid}&secret=${account.secret}`;
    await post('/__sim/faults', { path: 'cgi-bin/token', appid: account.appid, errcode: 45009, times: 1 });

    const failed = await get(url);
    const worked = await get(url);
    await post('/__sim/faults', { path: 'cgi-bin/token', appid: account.appid, delayMs: 150 });
    const started = Date.now();
    await get(url);
    const delayed = Date.now() - started;

    expect(failed).toMatchObject({ errcode: 45009 });
    expect(worked).toMatchObject({ access_token: expect.any(String) });
    expect(delayed).toBeGreaterThanOrEqual(140);
    expect(await get(`/__sim/calls?appid=${account.appid}`)).toEqual({ 'cgi-bin/token': 3 });
  });
});
