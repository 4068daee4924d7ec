import { expect, inject } from 'vitest';
import { call } from './http';
import { loggedInUser, type LoggedInUser } from './users';
import { sim, type SimAccount } from './wechat-sim';

/** Builders for users with official accounts, through the real flows. */

/** The browser's dance: authUrl → WeChat's page → pick the account → back to us. */
export const authorizeThroughPlatform = async (user: LoggedInUser, account: SimAccount) => {
  const start = await call('/apis/component/authUrl', { token: user.token });
  expect(start.body).toMatchObject({ errcode: 0 });
  const html = await (await fetch(start.body.authUrl)).text();
  const link = html.match(new RegExp(`href="([^"]*authorizer_appid=${account.appid}[^"]*)"`))?.[1]?.replaceAll('&amp;', '&');
  expect(link, html).toBeDefined();
  const chosen = await fetch(new URL(link!, inject('wechatBase')), { redirect: 'manual' });
  expect(chosen.status).toBe(302);
  const back = chosen.headers.get('location')!;
  return { start, back, callback: await call(back.replace(/^https?:\/\/[^/]+/, '')) };
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
  const { callback } = await authorizeThroughPlatform(owner, account);
  expect(callback.status).toBe(302);
  return { user: owner, account };
};
