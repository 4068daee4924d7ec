import { describe, expect, it } from 'vitest';
import { call } from '../support/http';
import { loggedInUser, type LoggedInUser } from '../support/users';
import { completeInConsole, consolePageOf, pickOnWechatPage } from '../support/accounts';
import { sim } from '../support/wechat-sim';

/**
 * Third-party authorization details (issue 10 item 10): the auth_code is bound to the authorization
 * that started it, auth_type 1 unless asked, today's mobile link. Over HTTP, WeChat simulated.
 */
const pathOf = (url: string) => url.replace(/^https?:\/\/[^/]+/, '');

const startAuthorization = async (user: LoggedInUser, query: Record<string, string> = {}) => {
  const res = await call('/apis/component/authUrl', { token: user.token, query });
  expect(res.body.errcode, res.text).toBe(0);
  return res.body as { authUrl: string; mobileAuthUrl: string };
};

const stateOf = (authUrl: string) => new URL(new URL(authUrl).searchParams.get('redirect_uri')!).searchParams.get('state')!;

describe('third-party authorization details', () => {
  it('refuses an auth_code issued for someone else’s authorization, and links nothing', async () => {
    // Prepare: the owner authorizes on WeChat; their auth_code leaks before their browser is back
    const owner = await loggedInUser();
    const attacker = await loggedInUser();
    const account = await sim.createAccount();
    const ownerStart = await startAuthorization(owner);
    const back = await pickOnWechatPage(ownerStart.authUrl, account);
    const leakedCode = new URL(back).searchParams.get('auth_code')!;
    const attackerState = stateOf((await startAuthorization(attacker)).authUrl);

    // Act: the attacker brings the leaked code back with their own state, in their own session
    const replay = await call('/apis/component/authComplete', { token: attacker.token, method: 'POST', json: { auth_code: leakedCode, state: attackerState } });
    const attackerMe = await call('/apis/user/me', { token: attacker.token });
    const ownerBack = await call(pathOf(back));
    const ownerDone = await completeInConsole(owner.token, ownerBack.headers.get('location')!);
    const ownerMe = await call('/apis/user/me', { token: owner.token });

    // Assess: WeChat's push names the owner's pre_auth_code, not the attacker's state's
    expect(replay.body).toMatchObject({ errcode: 0, status: 'refused', reason: expect.stringMatching(/^auth_code: was issued for another authorization/) });
    expect(JSON.stringify(attackerMe.body)).not.toContain(account.appid);
    expect(ownerBack.status).toBe(302);
    expect(ownerDone.body).toMatchObject({ errcode: 0, status: 'linked', appid: account.appid });
    expect(ownerMe.body.accounts).toContainEqual(expect.objectContaining({ appid: account.appid }));
  });

  it('links nothing with an auth_code WeChat never confirmed with an authorized event: it waits, and the code stays unspent', async () => {
    const user = await loggedInUser();
    const account = await sim.createAccount();
    const { auth_code } = await sim.authCode(account.appid); // a valid code, but not from this user's page
    const state = stateOf((await startAuthorization(user)).authUrl);

    const res = await call('/apis/component/authComplete', { token: user.token, method: 'POST', json: { auth_code, state } });
    const status = await call('/apis/component/authStatus', { token: user.token, query: { state } });

    expect(res.body).toMatchObject({ errcode: 0, status: 'waiting' });
    expect(status.body).toMatchObject({ errcode: 0, status: 'waiting' });
    expect((await call('/apis/user/me', { token: user.token })).body.accounts).toEqual([]);
    expect((await sim.calls(account.appid))['cgi-bin/component/api_query_auth'] ?? 0).toBe(0);
  });

  it('asks for official accounts only (auth_type=1) unless the caller asks for more', async () => {
    const user = await loggedInUser();

    const plain = await startAuthorization(user);
    const both = await startAuthorization(user, { authType: '3' });
    const bad = await call('/apis/component/authUrl', { token: user.token, query: { authType: '5' } });

    for (const url of [plain.authUrl, plain.mobileAuthUrl]) expect(new URL(url).searchParams.get('auth_type')).toBe('1');
    expect(new URL(both.authUrl).searchParams.get('auth_type')).toBe('3');
    expect(bad.body).toMatchObject({ errcode: 40000, field: 'authType' });
  });

  it('gives today’s mobile link (open.weixin.qq.com/wxaopen/safe/bindcomponent), which completes the authorization', async () => {
    const user = await loggedInUser();
    const account = await sim.createAccount();

    const { mobileAuthUrl } = await startAuthorization(user);
    const back = await pickOnWechatPage(mobileAuthUrl.replace(/#wechat_redirect$/, ''), account);
    const callback = await call(pathOf(back));
    // The phone shows a code; the console that waits (the starting session) types it in.
    const { page, params } = consolePageOf(callback.headers.get('location')!);
    const state = stateOf(mobileAuthUrl);
    const waiting = await call('/apis/component/authStatus', { token: user.token, query: { state } });
    const done = await call('/apis/component/authComplete', { token: user.token, method: 'POST', json: { state, confirmCode: params['code'] } });

    const url = new URL(mobileAuthUrl);
    expect(url.pathname).toBe('/wxaopen/safe/bindcomponent');
    expect(url.hash).toBe('#wechat_redirect');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ action: 'bindcomponent', no_scan: '1', auth_type: '1' });
    expect(callback.status).toBe(302);
    expect(page).toBe('/authorize/phone');
    expect(params['code']).toMatch(/^\d{6}$/);
    expect(waiting.body).toMatchObject({ errcode: 0, status: 'phone' });
    expect(done.body).toMatchObject({ errcode: 0, status: 'linked', appid: account.appid });
    expect((await call('/apis/user/me', { token: user.token })).body.accounts).toContainEqual(expect.objectContaining({ appid: account.appid }));
  });
});
