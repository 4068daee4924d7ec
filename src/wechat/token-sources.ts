import { getAccount, reauthorizationCodes, updateAccount } from '../core/data/accounts';
import { claimTicketPushRequest, getComponentTicket } from './data/component-ticket';
import { claimForcedRefresh, type TokenRef } from './data/tokens';
import { AppError, ErrorCode, NotFoundError, ServiceUnavailableError } from '../core/errors';
import { WechatApiError } from './api-error';
import { componentCredentials, type ComponentCredentials } from './component-credentials';
import { WechatErrorCode } from './error-codes';
import { callWechat } from './http-client';
import type { FreshToken, TokenStore } from './token-store';

/** Where each kind of token comes from at WeChat. */
export const fetchFreshToken = async (store: TokenStore, ref: TokenRef, stale?: string): Promise<FreshToken> => {
  switch (ref.kind) {
    case 'component':
      return fetchComponentToken();
    case 'authorizer':
      return fetchAuthorizerToken(store, ref.appid);
    case 'direct':
      return fetchDirectToken(ref.appid, stale);
    case 'jsapi':
      return fetchJsapiTicket(store, ref.appid);
  }
};

/**
 * The component token needs the component_verify_ticket WeChat pushes every 10 minutes and takes
 * for 12 hours. With none stored (a new deployment, pushes not reaching us) or one WeChat refuses
 * (61005 expired, 61006 invalid), waiting up to 10 minutes is not needed: api_start_push_ticket
 * has WeChat push one at once (openApi/ticket-token/api_startpushticket.html). The push arrives at
 * the component event URL in its own request, so this one answers 50300 (503, Retry-After: "repeat
 * shortly, repeating is safe") saying so, with WeChat's refusal when there was one. Asked at most
 * once per `ticketPushSpacingMs` across containers.
 */
export const ticketPushSpacingMs = 60_000;
const ticketRetryAfterSeconds = 5;

const fetchComponentToken = async (): Promise<FreshToken> => {
  const component = await componentCredentials();
  const ticket = await getComponentTicket(component.appid);
  if (!ticket) throw await askForTicket(component, 'no component_verify_ticket has arrived from WeChat yet');
  try {
    const res = await callWechat<{ component_access_token: string; expires_in: number }>({
      path: 'cgi-bin/component/api_component_token',
      json: { component_appid: component.appid, component_appsecret: component.appsecret, component_verify_ticket: ticket },
    });
    return { value: res.component_access_token, expiresInSeconds: res.expires_in };
  } catch (error) {
    if (!(error instanceof WechatApiError) || !ticketRefusals.has(error.wxerrcode)) throw error;
    throw await askForTicket(component, `WeChat refused the stored component_verify_ticket (${error.wxerrcode} ${error.wxerrmsg})`, error);
  }
};

const ticketRefusals: ReadonlySet<number> = new Set([WechatErrorCode.componentTicketExpired, WechatErrorCode.componentTicketInvalid]);

/** Asks WeChat for a ticket push (unless asked within the spacing) and answers the error to throw. */
const askForTicket = async (component: ComponentCredentials, why: string, refusal?: WechatApiError): Promise<AppError> => {
  let asked = 'WeChat was asked to push one less than a minute ago (api_start_push_ticket)';
  if (await claimTicketPushRequest(component.appid, Date.now(), ticketPushSpacingMs)) {
    // A refusal of the request itself (e.g. 61004, our IP not on the platform's whitelist) is the real problem: it is answered as is.
    await callWechat({
      path: 'cgi-bin/component/api_start_push_ticket',
      json: { component_appid: component.appid, component_secret: component.appsecret },
    });
    asked = 'asked WeChat to push one now (api_start_push_ticket)';
  }
  const error = new ServiceUnavailableError(`${why}: ${asked}; retry in a few seconds`, ticketRetryAfterSeconds, refusal ? { cause: refusal } : undefined);
  if (refusal) Object.assign(error.extra, { wxerrcode: refusal.wxerrcode, wxerrmsg: refusal.wxerrmsg });
  return error;
};

const fetchAuthorizerToken = async (store: TokenStore, appid: string): Promise<FreshToken> => {
  const account = await getAccount(appid);
  if (!account?.authorizerRefreshToken) throw new NotFoundError(`appid: ${appid} has no authorization`);
  const component = await componentCredentials();
  const res = await recordingRefusal(appid, () =>
    store.withToken({ kind: 'component', appid: component.appid }, (componentToken) =>
      callWechat<{ authorizer_access_token: string; expires_in: number; authorizer_refresh_token?: string }>({
        path: 'cgi-bin/component/api_authorizer_token',
        query: { component_access_token: componentToken },
        json: {
          component_appid: component.appid,
          authorizer_appid: appid,
          authorizer_refresh_token: account.authorizerRefreshToken,
        },
      }),
    ),
  );
  if (res.authorizer_refresh_token && res.authorizer_refresh_token !== account.authorizerRefreshToken) {
    await updateAccount(appid, { authorizerRefreshToken: res.authorizer_refresh_token });
  }
  if (account.refreshError && reauthorizationCodes.has(account.refreshError.errcode)) {
    await updateAccount(appid, { refreshError: { errcode: 0, errmsg: 'ok', at: new Date().toISOString() } });
  }
  return { value: res.authorizer_access_token, expiresInSeconds: res.expires_in };
};

/**
 * Where the token store learns that WeChat refused the refresh token, the account learns it too
 * (needs re-authorization: settings, the account switcher and 首页 read it from the item), so its
 * status is the truth between two scheduled refreshes. Only on this renewal path: the message
 * callback never asks for an authorizer token, so its two requests stay two.
 */
const recordingRefusal = async <T>(appid: string, renew: () => Promise<T>): Promise<T> => {
  try {
    return await renew();
  } catch (error) {
    if (error instanceof WechatApiError && reauthorizationCodes.has(error.wxerrcode)) {
      await updateAccount(appid, { refreshError: { errcode: error.wxerrcode, errmsg: error.wxerrmsg, at: new Date().toISOString() } });
    }
    throw error;
  }
};

/**
 * Direct mode uses stable_token: in normal mode it hands every caller the same token, so the
 * platform shares the appid with the owner's own servers without taking their token away.
 * Forced mode would invalidate the token those servers hold, is limited to 20 a day and needs
 * 30 s between calls (getStableAccessToken docs, "强制刷新模式每天限用20次且需间隔30秒"). So:
 * - a renewal (scheduled or early) is a normal-mode call, never forced;
 * - after WeChat rejected `stale` (40001/40014/42001), a normal-mode call first: it answers the
 *   current token, which differs when the owner's servers forced one or `stale` expired;
 * - only when WeChat still answers the rejected token is it forced, at most once per 30 s per
 *   account across containers (a conditional write on the token item).
 */
const stableToken = (appid: string, secret: string, force: boolean) =>
  callWechat<{ access_token: string; expires_in: number }>({
    path: 'cgi-bin/stable_token',
    json: { grant_type: 'client_credential', appid, secret, force_refresh: force },
  });

export const forcedRefreshSpacingMs = 30_000;

const fetchDirectToken = async (appid: string, stale: string | undefined): Promise<FreshToken> => {
  const account = await getAccount(appid);
  if (!account?.appsecret) throw new NotFoundError(`appid: ${appid} is not bound in direct mode`);
  let res = await stableToken(appid, account.appsecret, false);
  if (stale !== undefined && res.access_token === stale) {
    const waitMs = await claimForcedRefresh({ kind: 'direct', appid }, Date.now(), forcedRefreshSpacingMs);
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      throw new AppError(
        ErrorCode.wechat,
        502,
        `WeChat rejected the account's access token and it was renewed less than 30 s ago (WeChat allows one forced renewal per 30 s): retry in ${seconds} s`,
        { extra: { retry_after: seconds }, headers: { 'retry-after': String(seconds) } },
      );
    }
    res = await stableToken(appid, account.appsecret, true);
  }
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
