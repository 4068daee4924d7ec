import { expect, inject } from 'vitest';
import { call } from './http';
import { loggedInUser, type LoggedInUser } from './users';
import { sim, type SimAccount } from './wechat-sim';

/** Builders for users with official accounts, through the real flows. */

/** The admin picks `account` on WeChat's authorization page (PC or mobile link); answers where WeChat sends the browser back (not followed). */
export const pickOnWechatPage = async (authUrl: string, account: SimAccount): Promise<string> => {
  const html = await (await fetch(authUrl.replace(/#wechat_redirect$/, ''))).text();
  const link = html.match(new RegExp(`href="([^"]*authorizer_appid=${account.appid}[^"]*)"`))?.[1]?.replaceAll('&amp;', '&');
  expect(link, html).toBeDefined();
  const chosen = await fetch(new URL(link!, inject('wechatBase')), { redirect: 'manual' });
  expect(chosen.status).toBe(302);
  return chosen.headers.get('location')!;
};

/** The console page a redirect lands on, and its fragment's parameters (`#/authorize/return?state=…`). */
export const consolePageOf = (location: string): { page: string; params: Record<string, string> } => {
  const [page = '', query = ''] = new URL(location).hash.replace(/^#/, '').split('?', 2);
  return { page, params: Object.fromEntries(new URLSearchParams(query)) };
};

/** What the console's return page does in the browser that came back: complete it with its session's token. */
export const completeInConsole = (token: string, location: string) => {
  const { params } = consolePageOf(location);
  return call('/apis/component/authComplete', { token, method: 'POST', json: { state: params['state'], auth_code: params['auth_code'] } });
};

/**
 * The browser's dance: authUrl → WeChat's page → pick the account → back to us → on to the console's
 * return page, which completes it with the same session (`completeAs` another token: another browser).
 */
export const authorizeThroughPlatform = async (user: LoggedInUser, account: SimAccount, options: { completeAs?: string } = {}) => {
  const start = await call('/apis/component/authUrl', { token: user.token });
  expect(start.body).toMatchObject({ errcode: 0 });
  const back = await pickOnWechatPage(start.body.authUrl, account);
  const callback = await call(back.replace(/^https?:\/\/[^/]+/, ''));
  const completion = callback.status === 302 ? await completeInConsole(options.completeAs ?? user.token, callback.headers.get('location')!) : undefined;
  return { start, back, callback, completion };
};

export interface UserWithAccount {
  user: LoggedInUser;
  account: SimAccount;
}

export const userWithDirectAccount = async (user?: LoggedInUser): Promise<UserWithAccount> => {
  const owner = user ?? (await loggedInUser());
  const account = await sim.createAccount();
  const res = await call('/apis/accounts/bindDirect', {
    token: owner.token,
    form: { appid: account.appid, appsecret: account.secret, token: account.token, encodingAESKey: account.aesKey },
  });
  expect(res.body.errcode).toBe(0);
  return { user: owner, account };
};

export const userWithComponentAccount = async (user?: LoggedInUser): Promise<UserWithAccount> => {
  const owner = user ?? (await loggedInUser());
  const account = await sim.createAccount();
  const { callback, completion } = await authorizeThroughPlatform(owner, account);
  expect(callback.status).toBe(302);
  expect(completion?.body, completion?.text).toMatchObject({ errcode: 0, status: 'linked', appid: account.appid });
  return { user: owner, account };
};
