import { requireFeature } from '../core/capabilities';
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
import { ensureH5Secrets } from './data/h5-secrets';
import { newH5Secret, redirectWithHandOff, signHandOff, type H5Identity } from './h5-signature';

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
  requireFeature(account, 'webOauth');
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

/**
 * The caller's redirect with the identity signed (./h5-signature.ts, docs/h5-signature.md) under
 * the account's newest H5 secret, made on the first hand-off if the account has none yet.
 */
export const handOffRedirect = async (appid: string, redirect: string, result: WebauthResult): Promise<string> => {
  const { current } = await ensureH5Secrets(appid, newH5Secret);
  const identity: H5Identity = {
    openid: result.openid,
    ...(typeof result['unionid'] === 'string' ? { unionid: result['unionid'] } : {}),
    ...(typeof result['nickname'] === 'string' ? { nickname: result['nickname'] } : {}),
    ...(typeof result['headimgurl'] === 'string' ? { headimgurl: result['headimgurl'] } : {}),
  };
  return redirectWithHandOff(redirect, signHandOff(appid, current.secret, identity, epochSeconds()));
};
