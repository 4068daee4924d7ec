import { config } from '../core/config';
import { epochSeconds } from '../core/data/client';
import { getAccount, saveAccount, type Account } from '../core/data/accounts';
import { readAuthGrant } from './data/auth-grants';
import { consumeState, newState, putState } from './data/auth-states';
import { putToken } from '../wechat/data/tokens';
import { AppError, ConflictError, ErrorCode, ForbiddenError, ValidationError } from '../core/errors';
import { WechatApiError } from '../wechat/api-error';
import { hashToken } from '../core/security/tokens';
import { createPreAuthCode, getAuthorizerInfo, queryAuth } from '../wechat/api/component';
import { componentCredentials } from '../wechat/component-credentials';
import { WechatErrorCode } from '../wechat/error-codes';
import { callWechat, wechatUrl } from '../wechat/http-client';

/** Third-party ("component") authorization and direct binding of official accounts. */

const statePurpose = 'component-authorization';
const stateLifetimeSeconds = 30 * 60;

/**
 * auth_type: 1 official accounts only (what this platform serves), 2 mini programs only, 3 both
 * (WeChat's authorization-link parameters). 1 unless the caller asks for more.
 */
export type AuthType = 1 | 2 | 3;

export interface AuthorizationUrls {
  authUrl: string;
  mobileAuthUrl: string;
  expiresIn: number;
}

/**
 * The authorization page's links: the PC page (mp.weixin.qq.com/cgi-bin/componentloginpage) and
 * today's mobile link (open.weixin.qq.com/wxaopen/safe/bindcomponent, which replaced
 * mp.weixin.qq.com/safe/bindcomponent; as EasyWeChat's and the Go SDKs' H5 links build it). The
 * state in the redirect binds the way back to the user, and remembers the pre_auth_code (hashed)
 * so the auth_code that comes back can be checked against it.
 */
export const startAuthorization = async (org: { orgId: string }, userId: string, authType: AuthType = 1): Promise<AuthorizationUrls> => {
  const [{ appid }, preAuth] = await Promise.all([componentCredentials(), createPreAuthCode()]);
  const state = newState();
  const expiresIn = Math.min(preAuth.expires_in, stateLifetimeSeconds);
  await putState(hashToken(state), statePurpose, { userId, orgId: org.orgId, preAuthHash: hashToken(preAuth.pre_auth_code) }, epochSeconds() + expiresIn);
  const redirectUri = `${config.publicBaseUrl}/wxplatform/authCallback?state=${state}`;
  const params = { component_appid: appid, pre_auth_code: preAuth.pre_auth_code, redirect_uri: redirectUri, auth_type: authType };
  return {
    authUrl: wechatUrl('cgi-bin/componentloginpage', params, 'mp'),
    mobileAuthUrl: `${wechatUrl('wxaopen/safe/bindcomponent', { action: 'bindcomponent', no_scan: 1, ...params }, 'open')}#wechat_redirect`,
    expiresIn,
  };
};

/** How long the redirect waits for WeChat's `authorized` push, which may trail the owner's browser. */
const grantWaitMs = 4000;
const grantPollMs = 200;

const waitForGrant = async (codeHash: string) => {
  const deadline = Date.now() + grantWaitMs;
  for (;;) {
    const grant = await readAuthGrant(codeHash);
    if (grant || Date.now() >= deadline) return grant;
    await new Promise((r) => setTimeout(r, grantPollMs));
  }
};

/**
 * WeChat sent the owner back with an auth_code: store the authorizer and link it to the user.
 * The code must be the one WeChat issued for THIS state's authorization page: WeChat's
 * `authorized` push names the pre_auth_code each code came from, and it must be the state's. So a
 * leaked auth_code replayed with someone else's state links nothing (and is not spent).
 */
export const completeAuthorization = async (state: string, authCode: string): Promise<Account> => {
  const data = await consumeState(hashToken(state), statePurpose);
  if (!data) throw new ForbiddenError('state: unknown, already used or expired: start the authorization again');
  // The organization whose member started it owns the account (a state from before organizations has none: start again).
  const orgId = data['orgId'] as string | undefined;
  if (!orgId) throw new ForbiddenError('state: unknown, already used or expired: start the authorization again');
  const grant = await waitForGrant(hashToken(authCode));
  if (!grant) {
    throw new ForbiddenError("auth_code: WeChat has not confirmed this authorization (no 'authorized' event for it): start the authorization again");
  }
  if (grant.preAuthHash !== data['preAuthHash']) {
    throw new ForbiddenError('auth_code: was issued for another authorization than this one: start the authorization again');
  }

  const auth = await queryAuth(authCode);
  const appid = auth.authorizer_appid;
  const existing = await getAccount(appid);
  if (existing && existing.orgId !== orgId) throw new ForbiddenError(`appid: ${appid} is already linked to another organization`);
  const info = await getAuthorizerInfo(appid);
  const now = new Date().toISOString();
  const account: Account = {
    appid,
    orgId,
    mode: 'component',
    status: 'authorized',
    nickname: info.nick_name ?? '',
    ...(info.head_img ? { headImg: info.head_img } : {}),
    ...(info.principal_name ? { principalName: info.principal_name } : {}),
    ...(info.service_type_info ? { serviceType: info.service_type_info.id } : {}),
    ...(info.verify_type_info ? { verifyType: info.verify_type_info.id } : {}),
    ...(info.user_name ? { originalId: info.user_name } : {}),
    funcInfo: (auth.func_info ?? []).map((f) => f.funcscope_category.id),
    authorizerRefreshToken: auth.authorizer_refresh_token,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
  await saveAccount(account);
  await putToken({ kind: 'authorizer', appid }, auth.authorizer_access_token, Date.now() + auth.expires_in * 1000);
  return account;
};

export interface DirectBinding {
  appid: string;
  appsecret: string;
  token: string;
  encodingAESKey?: string | undefined;
  nickname?: string | undefined;
  originalId?: string | undefined;
  encryptMode?: 'plain' | 'compatible' | 'safe' | undefined;
}

/**
 * WeChat refusing the very credentials the owner just typed is bad input, not a WeChat outage:
 * 40000 naming the field, so the console shows it beside AppID or AppSecret. (Later, on a bound
 * account, the same codes mean the secret was reset at WeChat and stay 50200.)
 */
const credentialRefusal = (error: unknown): AppError | undefined => {
  if (!(error instanceof WechatApiError)) return undefined;
  const field =
    error.wxerrcode === WechatErrorCode.invalidAppid
      ? 'appid: WeChat knows no official account with this AppID'
      : error.wxerrcode === WechatErrorCode.invalidAppsecret
        ? 'appsecret: WeChat refused this AppSecret (wrong, or reset since it was copied)'
        : undefined;
  return field
    ? new AppError(ErrorCode.invalidRequest, 400, `${field} (WeChat ${error.wxerrcode})`, { cause: error, extra: { wxerrcode: error.wxerrcode, wxerrmsg: error.wxerrmsg } })
    : undefined;
};

/**
 * Direct mode: the owner's own appid and appsecret. WeChat checks them (stable_token) before
 * anything is stored, so a wrong secret leaves nothing behind.
 */
export const bindDirect = async (org: { orgId: string }, binding: DirectBinding): Promise<Account> => {
  if (binding.encryptMode && binding.encryptMode !== 'plain' && !binding.encodingAESKey) {
    throw new ValidationError(`encodingAESKey: is required when encryptMode is ${binding.encryptMode}`);
  }
  const existing = await getAccount(binding.appid);
  if (existing && existing.orgId !== org.orgId) {
    throw new ForbiddenError(`appid: ${binding.appid} is already linked to another organization`);
  }
  if (existing && existing.mode === 'component' && existing.status === 'authorized') {
    throw new ConflictError(`appid: ${binding.appid} is authorized through the platform already; unauthorize it first`);
  }
  const token = await callWechat<{ access_token: string; expires_in: number }>({
    path: 'cgi-bin/stable_token',
    json: { grant_type: 'client_credential', appid: binding.appid, secret: binding.appsecret, force_refresh: false },
  }).catch((error: unknown) => {
    throw credentialRefusal(error) ?? error;
  });
  const now = new Date().toISOString();
  const account: Account = {
    appid: binding.appid,
    orgId: org.orgId,
    mode: 'direct',
    status: 'authorized',
    nickname: binding.nickname ?? existing?.nickname ?? '',
    appsecret: binding.appsecret,
    callbackToken: binding.token,
    ...(binding.encodingAESKey ? { encodingAesKey: binding.encodingAESKey } : {}),
    ...(binding.encryptMode ? { encryptMode: binding.encryptMode } : {}),
    // Typed by the owner, or kept from before (a re-binding of the same account); else the first
    // verified push teaches it (src/callback/handle-callback.ts).
    ...((binding.originalId ?? (existing?.mode === 'direct' ? existing.originalId : undefined))
      ? { originalId: binding.originalId ?? existing!.originalId! }
      : {}),
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
  await saveAccount(account);
  await putToken({ kind: 'direct', appid: binding.appid }, token.access_token, Date.now() + token.expires_in * 1000);
  return account;
};
