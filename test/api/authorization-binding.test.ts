import { describe, expect, inject, it } from 'vitest';
import { call } from '../support/http';
import { loggedInUser, type LoggedInUser } from '../support/users';
import { sim, type SimAccount } from '../support/wechat-sim';

/**
 * Third-party authorization details (issue 10 item 10): the auth_code is bound to the authorization
 * that started it, auth_type 1 unless asked, today's mobile link. Over HTTP, WeChat simulated.
 */
const pathOf = (url: string) => url.replace(/^https?:\/\/[^/]+/, '');

/** The owner picks `account` on WeChat's page; answers where WeChat sends the browser back (not followed). */
const pickOnWechatPage = async (authUrl: string, account: SimAccount): Promise<string> => {
  const html = await (await fetch(authUrl)).text();
  const link = html.match(new RegExp(`href="([^"]*authorizer_appid=${account.appid}[^"]*)"`))?.[1]?.replaceAll('&amp;', '&');
  expect(link, html).toBeDefined();
  const chosen = await fetch(new URL(link!, inject('wechatBase')), { redirect: 'manual' });
  return chosen.headers.get('location')!;
};

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

    // Act: the attacker brings the leaked code back with their own state
    const replay = await call('/wxplatform/authCallback', { query: { auth_code: leakedCode, state: attackerState } });
    const attackerMe = await call('/apis/user/me', { token: attacker.token });
    const ownerBack = await call(pathOf(back));
    const ownerMe = await call('/apis/user/me', { token: owner.token });

    // Assess
    expect(replay.status).toBe(403);
    expect(replay.body).toMatchObject({ errcode: 40300, msg: expect.stringMatching(/^auth_code: was issued for another authorization/) });
    expect(JSON.stringify(attackerMe.body)).not.toContain(account.appid);
    expect(ownerBack.status).toBe(302);
    expect(ownerMe.body.accounts).toContainEqual(expect.objectContaining({ appid: account.appid }));
  });

  it('refuses an auth_code WeChat never confirmed with an authorized event', async () => {
    const user = await loggedInUser();
    const account = await sim.createAccount();
    const { auth_code } = await sim.authCode(account.appid); // a valid code, but not from this user's page
    const state = stateOf((await startAuthorization(user)).authUrl);

    const res = await call('/wxplatform/authCallback', { query: { auth_code, state } });

    expect(res.body).toMatchObject({ errcode: 40300, msg: expect.stringMatching(/^auth_code: WeChat has not confirmed/) });
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

    const url = new URL(mobileAuthUrl);
    expect(url.pathname).toBe('/wxaopen/safe/bindcomponent');
    expect(url.hash).toBe('#wechat_redirect');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ action: 'bindcomponent', no_scan: '1', auth_type: '1' });
    expect(callback.status).toBe(302);
    expect((await call('/apis/user/me', { token: user.token })).body.accounts).toContainEqual(expect.objectContaining({ appid: account.appid }));
  });
});
