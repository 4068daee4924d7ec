import { config } from '../core/config';
import { epochSeconds } from '../core/data/client';
import { getAccount, type Account } from '../core/data/accounts';
import { consumeState, newState, putState } from '../accounts/data/auth-states';
import { ForbiddenError, NotFoundError } from '../core/errors';
import { hashToken } from '../core/security/tokens';
import { exchangeOauthCode, getSnsUserinfo } from '../wechat/api/oauth';
import { componentCredentials } from '../wechat/component-credentials';
import { wechatUrl } from '../wechat/http-client';
import { requireAllowedHost } from './domains';

/**
 * Web OAuth for an account's H5 pages, both legs on /wxplatform/webauth. The state is 256 random
 * bits, single use, 10 minutes, and carries the scope and the caller's redirect (checked against
 * the account's domains, so the endpoint is no open redirect).
 */
export type Scope = 'snsapi_base' | 'snsapi_userinfo';
const purpose = 'webauth';

const servedAccount = async (appid: string): Promise<Account> => {
  const account = await getAccount(appid);
  if (!account || account.status !== 'authorized') throw new NotFoundError(`appid: ${appid} is not served here`);
  return account;
};

export const startWebauth = async (appid: string, scope: Scope, redirect: string | undefined): Promise<string> => {
  const account = await servedAccount(appid);
  if (redirect !== undefined) requireAllowedHost('redirect', redirect, account.domains ?? []);
  const state = newState();
  await putState(hashToken(state), purpose, { appid, scope, ...(redirect ? { redirect } : {}) }, epochSeconds() + 600);
  const back = `${config.publicBaseUrl}/wxplatform/webauth?appid=${encodeURIComponent(appid)}`;
  const componentAppid = account.mode === 'component' ? (await componentCredentials()).appid : undefined;
  const url = wechatUrl(
    'connect/oauth2/authorize',
    { appid, redirect_uri: back, response_type: 'code', scope, state, component_appid: componentAppid },
    'open',
  );
  return `${url}#wechat_redirect`;
};

export interface WebauthResult {
  openid: string;
  [field: string]: unknown;
}

/**
 * What sns/userinfo still says: nickname and avatar (the follower consented). Since 2021 it answers
 * gender 0 and empty province/city/country, so those are not passed on as if they meant something.
 */
const userinfoView = (info: Record<string, unknown>) => ({
  ...(typeof info['nickname'] === 'string' ? { nickname: info['nickname'] } : {}),
  ...(typeof info['headimgurl'] === 'string' ? { headimgurl: info['headimgurl'] } : {}),
  ...(typeof info['unionid'] === 'string' ? { unionid: info['unionid'] } : {}),
});

export const completeWebauth = async (
  appid: string,
  code: string,
  state: string,
): Promise<{ result: WebauthResult; redirect?: string }> => {
  const data = await consumeState(hashToken(state), purpose);
  if (!data || data['appid'] !== appid) throw new ForbiddenError('state: unknown, already used, expired or for another account');
  const account = await servedAccount(appid);
  const token = await exchangeOauthCode(account, code);
  const result: WebauthResult =
    data['scope'] === 'snsapi_userinfo'
      ? { ...userinfoView(await getSnsUserinfo(token.access_token, token.openid)), openid: token.openid }
      : { openid: token.openid, ...(token.unionid ? { unionid: token.unionid } : {}) };
  return { result, ...(typeof data['redirect'] === 'string' ? { redirect: data['redirect'] } : {}) };
};

/** The caller's redirect with the result in its query (scalar fields only). */
export const redirectWithResult = (redirect: string, result: WebauthResult): string => {
  const url = new URL(redirect);
  for (const [key, value] of Object.entries(result)) {
    if (typeof value === 'string' || typeof value === 'number') url.searchParams.set(key, String(value));
  }
  return url.toString();
};
