import { config } from '../core/config';
import { epochSeconds } from '../core/data/client';
import { linkPurpose, newState, putState } from './data/auth-states';
import { hashToken } from '../core/security/tokens';
import { createPreAuthCode } from '../wechat/api/component';
import { componentCredentials } from '../wechat/component-credentials';
import { wechatUrl } from '../wechat/http-client';

/** Third-party ("component") authorization: its start (completion: src/accounts/linking.ts). */

const stateLifetimeSeconds = 30 * 60;

/**
 * auth_type: 1 official accounts only (what this platform serves), 2 mini programs only, 3 both
 * (WeChat's authorization-link parameters). 1 unless the caller asks for more.
 */
export type AuthType = 1 | 2 | 3;

export interface AuthorizationUrls {
  authUrl: string;
  mobileAuthUrl: string;
  /** What the console polls `component.authStatus` with while it waits. */
  state: string;
  expiresIn: number;
}

/**
 * The authorization page's links: the PC page (mp.weixin.qq.com/cgi-bin/componentloginpage) and
 * today's mobile link (open.weixin.qq.com/wxaopen/safe/bindcomponent, which replaced
 * mp.weixin.qq.com/safe/bindcomponent; as EasyWeChat's and the Go SDKs' H5 links build it). The
 * state in the redirect binds the way back to the user, and remembers the pre_auth_code (hashed)
 * so the auth_code that comes back can be checked against it.
 */
export const startAuthorization = async (
  org: { orgId: string },
  session: { userId: string; tokenHash: string },
  authType: AuthType = 1,
): Promise<AuthorizationUrls> => {
  const [{ appid }, preAuth] = await Promise.all([componentCredentials(), createPreAuthCode()]);
  const state = newState();
  const expiresIn = Math.min(preAuth.expires_in, stateLifetimeSeconds);
  // Bound to the session (its token's hash) and organization that asked: only they can complete it (src/accounts/linking.ts).
  await putState(
    hashToken(state),
    linkPurpose,
    { userId: session.userId, orgId: org.orgId, sessionHash: session.tokenHash, preAuthHash: hashToken(preAuth.pre_auth_code) },
    epochSeconds() + expiresIn,
    { link: 'started' },
  );
  const redirectUri = `${config.publicBaseUrl}/wxplatform/authCallback?state=${state}`;
  const params = { component_appid: appid, pre_auth_code: preAuth.pre_auth_code, auth_type: authType };
  return {
    authUrl: wechatUrl('cgi-bin/componentloginpage', { ...params, redirect_uri: redirectUri }, 'mp'),
    // The phone comes back to a page that shows a confirmation code for the console (it has no console session).
    mobileAuthUrl: `${wechatUrl('wxaopen/safe/bindcomponent', { action: 'bindcomponent', no_scan: 1, ...params, redirect_uri: `${redirectUri}&via=phone` }, 'open')}#wechat_redirect`,
    state,
    expiresIn,
  };
};

