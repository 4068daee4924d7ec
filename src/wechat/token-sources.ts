import { getAccount, updateAccount } from '../data/accounts';
import { getComponentTicket } from '../data/component-ticket';
import type { TokenRef } from '../data/tokens';
import { AppError, ErrorCode, NotFoundError } from '../http/errors';
import { componentCredentials } from './component-credentials';
import { callWechat } from './http-client';
import type { FreshToken, TokenStore } from './token-store';

/** Where each kind of token comes from at WeChat. */
export const fetchFreshToken = async (store: TokenStore, ref: TokenRef, force: boolean): Promise<FreshToken> => {
  switch (ref.kind) {
    case 'component':
      return fetchComponentToken();
    case 'authorizer':
      return fetchAuthorizerToken(store, ref.appid);
    case 'direct':
      return fetchDirectToken(ref.appid, force);
    case 'jsapi':
      return fetchJsapiTicket(store, ref.appid);
  }
};

const fetchComponentToken = async (): Promise<FreshToken> => {
  const component = await componentCredentials();
  const ticket = await getComponentTicket(component.appid);
  if (!ticket) {
    throw new AppError(
      ErrorCode.wechat,
      502,
      'no component_verify_ticket received yet: WeChat pushes one to /wxplatform/componentEvent every 10 minutes',
    );
  }
  const res = await callWechat<{ component_access_token: string; expires_in: number }>({
    path: 'cgi-bin/component/api_component_token',
    json: { component_appid: component.appid, component_appsecret: component.appsecret, component_verify_ticket: ticket },
  });
  return { value: res.component_access_token, expiresInSeconds: res.expires_in };
};

const fetchAuthorizerToken = async (store: TokenStore, appid: string): Promise<FreshToken> => {
  const account = await getAccount(appid);
  if (!account?.authorizerRefreshToken) throw new NotFoundError(`appid: ${appid} has no authorization`);
  const component = await componentCredentials();
  const res = await store.withToken({ kind: 'component', appid: component.appid }, (componentToken) =>
    callWechat<{ authorizer_access_token: string; expires_in: number; authorizer_refresh_token?: string }>({
      path: 'cgi-bin/component/api_authorizer_token',
      query: { component_access_token: componentToken },
      json: {
        component_appid: component.appid,
        authorizer_appid: appid,
        authorizer_refresh_token: account.authorizerRefreshToken,
      },
    }),
  );
  if (res.authorizer_refresh_token && res.authorizer_refresh_token !== account.authorizerRefreshToken) {
    await updateAccount(appid, { authorizerRefreshToken: res.authorizer_refresh_token });
  }
  return { value: res.authorizer_access_token, expiresInSeconds: res.expires_in };
};

/**
 * Direct mode uses stable_token: unlike cgi-bin/token it does not invalidate the token other
 * callers hold, so the platform can share an appid with the owner's own servers.
 */
const fetchDirectToken = async (appid: string, force: boolean): Promise<FreshToken> => {
  const account = await getAccount(appid);
  if (!account?.appsecret) throw new NotFoundError(`appid: ${appid} is not bound in direct mode`);
  const res = await callWechat<{ access_token: string; expires_in: number }>({
    path: 'cgi-bin/stable_token',
    json: { grant_type: 'client_credential', appid, secret: account.appsecret, force_refresh: force },
  });
  return { value: res.access_token, expiresInSeconds: res.expires_in };
};

const fetchJsapiTicket = async (store: TokenStore, appid: string): Promise<FreshToken> => {
  const account = await getAccount(appid);
  if (!account) throw new NotFoundError(`appid: ${appid} is not known`);
  const res = await store.withToken(accountTokenRef(account), (accessToken) =>
    callWechat<{ ticket: string; expires_in: number }>({
      path: 'cgi-bin/ticket/getticket',
      query: { access_token: accessToken, type: 'jsapi' },
    }),
  );
  return { value: res.ticket, expiresInSeconds: res.expires_in };
};

/** The access-token kind an account's API calls use. */
export const accountTokenRef = (account: { appid: string; mode: 'component' | 'direct' }): TokenRef => ({
  kind: account.mode === 'component' ? 'authorizer' : 'direct',
  appid: account.appid,
});
